"""Feeds: discover, following, nearby, and the reader's controls over them."""
