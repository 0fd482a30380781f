"""The sweep's summary: how many pages axe-core and the Nu HTML Checker looked at.

Under pytest-xdist each worker counts its own pages; it hands its tally back when it ends, and the
run's summary adds them up.
"""
from __future__ import annotations

import pytest

TALLY_KEY = "sweep_tally"


def pytest_sessionfinish(session):
    """On a worker: hand this worker's tally to the process that prints the summary."""
    from tests.sweep.test_pages import TALLY

    worker_output = getattr(session.config, "workeroutput", None)
    if worker_output is not None:
        worker_output[TALLY_KEY] = TALLY.as_dict()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """On the process that runs the workers (pytest-xdist's hook): add a finished worker's tally to the run's."""
    from tests.sweep.test_pages import TALLY

    counted = getattr(node, "workeroutput", {}).get(TALLY_KEY)
    if counted:
        TALLY.add(counted)


def pytest_terminal_summary(terminalreporter):
    from tests.sweep.test_pages import TALLY

    if TALLY.axe_pages or TALLY.validated_pages or TALLY.forms or TALLY.fitted_pages or TALLY.printed_pages:
        terminalreporter.write_line(
            f"page sweep: {len(TALLY.addresses)} addresses; axe-core ran on {TALLY.axe_pages} pages "
            f"(roles × English, Arabic × 1280, 390 px), the Nu HTML Checker on {TALLY.validated_pages} "
            f"(roles × English, Arabic), and both on {TALLY.forms} forms shown again with their messages"
            + (f"; {TALLY.fitted_pages} pages fit 320 px in French and Turkish" if TALLY.fitted_pages else "")
            + (f"; {TALLY.printed_pages} fit an A4 sheet when printed" if TALLY.printed_pages else "")
        )
