"""Connects the apps to each other's changes: connections.py is the list, apps.py connects it."""
