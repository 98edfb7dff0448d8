"""Screening checks. Each takes the normalised text (and images) and returns Signals: a score in
[0, 1], a machine code and a reason in words. The policy (models.Policy) turns scores into a verdict."""
