"""What one check found."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Signal:
    check: str  # the Policy key
    score: float  # 0 (nothing) … 1 (certain)
    code: str  # machine-readable finding, e.g. "phone_number"
    evidence: str = ""  # the matched words, shown to moderators

    def as_dict(self) -> dict[str, object]:
        return {"check": self.check, "score": round(self.score, 3), "code": self.code, "evidence": self.evidence}
