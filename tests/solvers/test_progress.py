"""The shared progress report and stop check of the long-running solvers."""

from __future__ import annotations

import time

from solvers.progress import Progress, time_is_up, timed_from


def test_time_is_up_at_the_deadline_or_on_a_stop_request():
    later = time.perf_counter() + 3600
    assert not time_is_up(later)
    assert not time_is_up(later, lambda: False)
    assert time_is_up(later, lambda: True)
    assert time_is_up(time.perf_counter() - 1)


def test_progress_defaults():
    p = Progress(1.5, 10.0)
    assert (p.elapsed_s, p.best, p.bound, p.phase) == (1.5, 10.0, None, "")


def test_timed_from_counts_elapsed_from_the_given_start():
    assert timed_from(time.monotonic(), None) is None
    seen = []
    report = timed_from(time.monotonic() - 5.0, seen.append)
    report(Progress(0.25, 7, 3, "ortools"))
    (p,) = seen
    assert p.elapsed_s >= 5.0 and (p.best, p.bound, p.phase) == (7, 3, "ortools")
