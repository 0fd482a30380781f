"""Seed data: validating the YAML files in seeds/ and loading them all or nothing."""
