"""Connects the apps to each other's changes: subscribers.py is the list, apps.py connects it."""
