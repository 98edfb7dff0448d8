"""scripts/system-packages.sh runs on every `make run`: when nothing is missing it must not call
apt-get, however long the font list is (a `fc-list | grep -q` under pipefail failed with 141 when
grep stopped reading early, and every start ran `apt-get update`)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "system-packages.sh"
PRESENT = ("ffmpeg", "msgfmt", "chromium", "wrk", "pg_dump", "nginx")
CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc: Noto Sans CJK SC:style=Regular"


def _stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!{shutil.which('bash')}\n{body}\n")
    path.chmod(0o755)


def _fake_system(tmp_path: Path, *, fonts_first: str, present: tuple[str, ...] = PRESENT, uid: int = 1000) -> Path:
    """A PATH holding only stubs: the tools that are "installed", an fc-list whose output is far longer
    than a pipe holds, and apt-get and sudo that write down how they were called."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    long_list = tmp_path / "fonts.txt"
    long_list.write_text("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf: DejaVu Sans:style=Book\n" * 60_000)
    for name in present:
        _stub(bin_dir, name, "exit 0")
    _stub(bin_dir, "fc-list", f'echo "{fonts_first}"\nexec {shutil.which("cat")} "{long_list}"')
    _stub(bin_dir, "id", f"echo {uid}")
    _stub(bin_dir, "apt-get", f'echo "apt-get $*" >> "{log}"')
    _stub(bin_dir, "sudo", f'echo "sudo $*" >> "{log}"\nexec "$@"')
    grep = shutil.which("grep")
    assert grep is not None
    os.symlink(grep, bin_dir / "grep")  # what the old check piped into, so this test fails against it
    return bin_dir


def _run(bin_dir: Path, command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env={"PATH": str(bin_dir), "HOME": str(bin_dir.parent)}, capture_output=True,
                          text=True, timeout=60, check=False)


def test_nothing_missing_means_no_apt_get_however_long_the_font_list(tmp_path: Path) -> None:
    bin_dir = _fake_system(tmp_path, fonts_first=CJK_FONT)
    for _start in range(3):  # every `make run`
        result = _run(bin_dir, [str(shutil.which("bash")), str(SCRIPT)])
        assert result.returncode == 0, result.stderr
        assert "Installing" not in result.stdout
    assert not (tmp_path / "calls.log").exists()


def test_what_is_missing_is_installed_and_named(tmp_path: Path) -> None:
    bin_dir = _fake_system(tmp_path, fonts_first="/usr/share/fonts/x.ttf: Liberation Serif:style=Regular",
                           present=tuple(p for p in PRESENT if p != "wrk"))
    result = _run(bin_dir, [str(shutil.which("bash")), str(SCRIPT)])
    assert result.returncode == 0, result.stderr
    calls = (tmp_path / "calls.log").read_text().splitlines()
    assert calls[0] == "sudo apt-get update -q"
    installed = next(line for line in calls if line.startswith("sudo apt-get install"))
    assert installed.split()[-2:] == ["wrk", "fonts-noto-cjk"]


def test_the_check_lists_only_the_missing_packages(tmp_path: Path) -> None:
    bin_dir = _fake_system(tmp_path, fonts_first=CJK_FONT, present=("ffmpeg", "msgfmt", "pg_dump", "nginx"), uid=0)
    result = _run(bin_dir, [str(shutil.which("bash")), "-c", f'set -euo pipefail; source "{SCRIPT}"; missing_packages'])
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["chromium", "wrk"]


def test_nothing_is_piped_into_an_early_exiting_grep_under_pipefail() -> None:
    code = [line for line in SCRIPT.read_text().splitlines() if not line.lstrip().startswith("#")]
    assert "set -euo pipefail" in code
    assert not [line for line in code if "| grep -q" in line], "grep -q closes the pipe early: 141 under pipefail"
