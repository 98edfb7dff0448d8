"""The layer contracts (pyproject.toml, [tool.importlinter]) hold for the code as it is, and fail for
code that breaks them: an import upwards, even one hidden in a function body, and a cycle between
two apps of one layer."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT), "--no-cache", "--config", str(tree / "pyproject.toml")], cwd=tree,
                          env={"PYTHONPATH": f"{tree / 'src'}:{tree}", "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The package, the benchmarks and the contracts, in a tree of their own to break."""
    shutil.copytree(ROOT / "src" / "vermilion", tmp_path / "src" / "vermilion",
                    ignore=shutil.ignore_patterns("__pycache__", "locale", "static", "templates"))
    shutil.copytree(ROOT / "bench", tmp_path / "bench", ignore=shutil.ignore_patterns("__pycache__", "data"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _append(path: Path, code: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n\n" + code + "\n", encoding="utf-8")


def test_the_code_keeps_every_contract(copy: Path) -> None:
    result = _lint(copy)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "code", "said"), [
    # An import upwards, even one hidden in a function body.
    ("kit/ids.py", "def _sneaky() -> None:\n    from vermilion.notes import models  # noqa\n",
     "vermilion.kit is not allowed to import vermilion.notes"),
    # Two apps of one layer importing each other.
    ("feed/sources.py", "def _sneaky() -> None:\n    from vermilion.search import models  # noqa\n",
     "No two parts of Vermilion import each other, however indirectly BROKEN"),
    # What an app writes reaching for the HTTP layer.
    ("notes/actions.py", "from vermilion.kit.http.auth import signed_in  # noqa\n",
     "What apps write and read never reaches for the HTTP layer BROKEN"),
])
def test_code_that_breaks_a_contract_fails_the_build(copy: Path, module: str, code: str, said: str) -> None:
    _append(copy / "src/vermilion" / module, code)
    result = _lint(copy)
    assert result.returncode != 0
    assert said in result.stdout
