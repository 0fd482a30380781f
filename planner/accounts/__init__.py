"""Accounts, sessions and scoped role grants."""
