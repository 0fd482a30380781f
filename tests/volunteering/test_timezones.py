"""Wall-clock shift times become UTC instants; times the clocks skip or repeat are refused."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from planner.clock import to_local
from planner.volunteering.timezones import LocalTimeError, to_utc


def test_a_local_time_becomes_the_right_instant(app):
    with app.test_request_context():
        assert to_utc(datetime(2026, 12, 5, 10, 0), "Asia/Amman") == datetime(2026, 12, 5, 7, 0, tzinfo=UTC)
        assert to_local(datetime(2026, 12, 5, 7, 0, tzinfo=UTC), "Asia/Amman").hour == 10


@pytest.mark.parametrize("wall_clock, words", [
    (datetime(2027, 3, 28, 2, 30), "clocks go forward"),  # Paris skips 02:00-03:00
    (datetime(2027, 10, 31, 2, 30), "clocks go back"),  # Paris repeats 02:00-03:00
])
def test_times_the_clocks_skip_or_repeat_are_refused(app, wall_clock, words):
    with app.test_request_context(), pytest.raises(LocalTimeError, match=words):
        to_utc(wall_clock, "Europe/Paris")
