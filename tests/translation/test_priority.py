"""The process running the local model lowers its own priority, so web processes keep the CPU."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from vermilion.translation.llm import LlamaEngine


def _run(code: str) -> str:
    """In a process of its own: lowering a priority cannot be undone, and must not slow this test run."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env,
                          timeout=60, check=True)
    return done.stdout.strip()


def test_every_thread_and_the_threads_started_later_are_lowered():
    out = _run("""
        import os, threading
        from vermilion.translation.llm import lower_priority

        started = threading.Event(); stop = threading.Event(); seen = {}
        def already_running():
            seen["early"] = threading.get_native_id(); started.set(); stop.wait()
        early = threading.Thread(target=already_running); early.start(); started.wait()
        target = min(19, os.getpriority(os.PRIO_PROCESS, 0) + 5)
        print(target, lower_priority(target))
        later = threading.Thread(target=lambda: seen.__setitem__("late", os.getpriority(os.PRIO_PROCESS, 0)))
        later.start(); later.join()
        print(os.getpriority(os.PRIO_PROCESS, seen["early"]), seen["late"])
        print(lower_priority(target - 3))  # never raised back up
        stop.set(); early.join()
    """)
    (target, now), (early, late), (after,) = (line.split() for line in out.splitlines())
    assert now == early == late == after == target


def test_zero_leaves_the_priority_alone():
    before, during, after = _run("from vermilion.translation.llm import lower_priority; import os; "
                                 "print(os.getpriority(os.PRIO_PROCESS, 0), lower_priority(0), "
                                 "os.getpriority(os.PRIO_PROCESS, 0))").split()
    assert before == during == after


def test_the_niceness_is_configuration(tmp_path):
    engine = LlamaEngine.from_config({"MODEL_PATH": str(tmp_path / "model.gguf"), "NICE": 12, "THREADS": 1})
    assert engine.niceness == 12 and engine.threads == 1
    assert LlamaEngine.from_config({"MODEL_PATH": str(tmp_path / "model.gguf")}).niceness == 10
