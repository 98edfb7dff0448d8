"""The systemd units parse cleanly (systemd-analyze verify, warnings included) and the example
environment file is a complete production configuration."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import unavailable

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
ENV_EXAMPLE = ROOT / "deploy" / "vermilion.env.example"


def _environment_file() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def test_units_verify_without_warnings(tmp_path):
    if shutil.which("systemd-analyze") is None:
        unavailable("systemd-analyze is not installed here")
    # The documented paths, pointed at this checkout so "is the command executable" can be checked.
    for unit in UNITS.iterdir():
        text = unit.read_text().replace("/opt/vermilion/.venv/bin/vermilion", str(Path(sys.executable).parent / "vermilion"))
        (tmp_path / unit.name).write_text(text.replace("/etc/vermilion/vermilion.env", str(ENV_EXAMPLE)))
    (tmp_path / "vermilion-worker@1.service").write_text((tmp_path / "vermilion-worker@.service").read_text())
    names = ["vermilion-web.service", "vermilion-worker@1.service", "vermilion-periodic.service"]
    result = subprocess.run(["systemd-analyze", "verify", *names], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr


def test_the_example_environment_is_a_working_production_configuration(tmp_path):
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("VERMILION_", "DATABASE_", "REDIS_", "MEDIA_"))},
           **_environment_file(), "VERMILION_DATA_DIR": str(tmp_path)}
    assert env["DJANGO_SETTINGS_MODULE"] == "vermilion.settings.production"
    script = ("import django; django.setup(); from django.conf import settings\n"
              "print(settings.DATABASES['default']['ENGINE'], settings.CACHES['default']['BACKEND'].rsplit('.', 1)[1],"
              " settings.VERMILION_TRUSTED_PROXIES, type(__import__('logging').getLogger().handlers[0].formatter).__name__)")
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    expected = ["django.db.backends.postgresql", "SharedClientRedisCache", "['127.0.0.1']", "JsonFormatter"]
    assert out.stdout.split() == expected, out.stderr
