"""Benchmarks run on the embedded default in a throw-away data dir unless DATABASE_URL says otherwise."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("VERMILION_DATA_DIR", tempfile.mkdtemp(prefix="vermilion-bench-"))

if os.environ.get("DATABASE_URL"):
    os.environ.setdefault("VERMILION_SECRET_KEY", "bench-only")
    from vermilion.settings.production import *  # noqa: F403
else:
    from vermilion.settings.embedded import *  # noqa: F403
