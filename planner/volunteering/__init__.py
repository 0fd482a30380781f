"""Volunteer programmes, their shifts, and the sign-ups that fill them."""
