"""Initiatives: community projects, their life cycle from draft to published."""
