"""Field rules shared by several request schemas."""

# A retry key a client picks (notes, messages): any visible characters, since PostgreSQL cannot
# store a NUL and a control character in one is never intended.
CLIENT_TOKEN_PATTERN = r"^[^\x00-\x1f\x7f]*$"  # noqa: S105 - a pattern, not a secret
