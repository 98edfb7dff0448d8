"""The social graph: follows, blocks, mutes."""
