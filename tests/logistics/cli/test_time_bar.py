"""The stderr progress bar of time-limited solves."""

from __future__ import annotations

from types import SimpleNamespace

from logistics.cli.time_bar import with_time_bar


def _run(seen: list):
    def run(on_progress):
        seen.append(on_progress)
        if on_progress is not None:
            on_progress(SimpleNamespace(elapsed_s=1.5, best=42.0))
        return "result"

    return run


def test_no_bar_off_a_terminal_or_for_short_limits(monkeypatch):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("TERM", "dumb")
    seen: list = []
    assert with_time_bar("x", 10, _run(seen), str) == "result"
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert with_time_bar("x", 1, _run(seen), str) == "result"
    assert with_time_bar("x", 10, _run(seen), str, enabled=False) == "result"
    assert seen == [None, None, None]


def test_the_bar_reports_what_the_solver_says(monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    seen: list = []
    texts: list[str] = []

    def describe(report) -> str:
        texts.append(f"{report.best:.1f} m")
        return texts[-1]

    assert with_time_bar("x", 10, _run(seen), describe) == "result"
    assert seen[0] is not None and texts == ["42.0 m"]
