"""Vermilion: a self-hostable bilingual lifestyle community."""
