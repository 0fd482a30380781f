"""The sweep's summary: how many pages axe-core and the Nu HTML Checker looked at."""
from __future__ import annotations


def pytest_terminal_summary(terminalreporter):
    from tests.sweep.test_pages import TALLY

    if TALLY.axe_pages or TALLY.validated_pages or TALLY.forms:
        terminalreporter.write_line(
            f"page sweep: {len(TALLY.addresses)} addresses; axe-core ran on {TALLY.axe_pages} pages "
            f"(roles × English, Arabic × 1280, 390 px), the Nu HTML Checker on {TALLY.validated_pages} "
            f"(roles × English, Arabic), and both on {TALLY.forms} forms shown again with their messages"
        )
