"""A fast, deterministic stand-in engine for tests and UI work (VERMILION_TRANSLATION_ENGINE=fake).

It "translates" by tagging each line with the target language, so a test can see exactly what
came back. Two magic words let tests drive the failure paths: a line containing FAKE_FAIL cannot
be translated, and FAKE_CRASH makes the engine raise as a buggy engine would.
"""

from __future__ import annotations

from .engine import Line, TranslationFailed


class FakeEngine:
    id = "fake"

    def check(self) -> None:
        return None

    def translate(self, lines: list[str], source: str, target: str, deadline: float) -> list[Line]:
        if any("FAKE_CRASH" in line for line in lines):
            raise RuntimeError("the fake engine crashed")
        out = [Line(line, failed=True) if "FAKE_FAIL" in line else Line(f"〔{target}〕{line}") for line in lines]
        if all(line.failed for line in out):
            raise TranslationFailed("fake failure")
        return out
