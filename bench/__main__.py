"""Run every benchmark module in this package (each defines `run(smoke: bool) -> dict`).

`make bench` runs them at full size and prints the figures; `--smoke` runs each at a tiny size so
CI notices when one breaks. `--only NAME` picks one.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import sys
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, for CI")
    parser.add_argument("--only", action="append", default=[], help="run only these benchmarks")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_"))
    if args.only:
        names = [n for n in names if n in args.only or n.removeprefix("bench_") in args.only]
    if not names:
        print("no benchmarks found: failing", file=sys.stderr)
        return 1
    failed = 0
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        started = time.perf_counter()
        try:
            result = module.run(smoke=args.smoke)
        except Exception as exc:
            failed += 1
            print(f"[{name}] FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        result["wall_seconds"] = round(time.perf_counter() - started, 2)
        print(f"[{name}] " + json.dumps(result, ensure_ascii=False, indent=None))
    print(f"{len(names) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
