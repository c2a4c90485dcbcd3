"""RoutesThrottle: the best routes so far, at most once per interval, newest first."""

from __future__ import annotations

from solvers.routing.best_routes import RoutesThrottle


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def test_first_at_once_then_the_newest_best_after_the_interval():
    clock, got = Clock(), []
    th = RoutesThrottle(got.append, every_s=1.0, clock=clock)
    th.improved({0: ["a"]})
    assert got == [{0: ["a"]}]
    clock.t = 0.5
    made = []
    th.improved(lambda: made.append(1) or {0: ["b"]})  # superseded before it is due
    th.improved({0: ["c"]})
    th.tick()
    assert got == [{0: ["a"]}] and made == []
    clock.t = 1.0
    th.tick()  # nothing better came: the pending best is still handed over
    assert got == [{0: ["a"]}, {0: ["c"]}]
    clock.t = 5.0
    th.tick()
    assert len(got) == 2 and made == []
