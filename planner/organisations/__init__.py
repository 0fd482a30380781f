"""Organisations: non-profits, cooperatives, enterprises, international bodies, public offices."""
