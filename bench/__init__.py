"""Benchmarks and offline evaluations. `python -m bench` runs them all; `--smoke` runs each tiny."""
