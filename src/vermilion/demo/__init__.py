"""Demo content: a small bilingual community built with the real actions."""
