"""Notifications, grouped as RedNote groups them."""
