"""Benchmarks and load checks: scripts that measure the app from outside, run from the repository's root.

    .venv/bin/python -m benchmarks.directory --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench

They are not tests: they print figures for issue notes. `threaded_load` is also a CI check (it
fails on any worker crash).
"""
