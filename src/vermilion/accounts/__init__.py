"""Accounts: users, profiles, API tokens, preferences."""
