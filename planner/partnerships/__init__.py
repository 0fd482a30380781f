"""Partnerships between councils, centres, organisations and countries."""
