"""Direct messages between two people, a requests inbox for strangers, and realtime delivery."""
