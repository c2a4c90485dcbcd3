"""``logistics bench sourcing``: which file a run writes when ``--budget`` is not given."""

from __future__ import annotations

import pytest

from benchmarks.suites.sourcing import default_label


@pytest.mark.parametrize(
    ("orders", "seed", "skip_batch", "label"),
    [
        (2000, 7, False, "2k"),  # the committed sourcing_2k table
        (2000, 11, False, "2k_seed11"),  # the committed second stream
        (2500, 7, False, "2500"),  # wrote sourcing_2k
        (500, 7, False, "500"),  # wrote sourcing_0k
        (2000, 7, True, "2k_no_batch"),  # wrote sourcing_2k without its batch section
        (10_000, 3, True, "10k_seed3_no_batch"),
    ],
)
def test_only_the_standard_run_writes_the_standard_table(orders, seed, skip_batch, label):
    assert default_label(orders, seed, skip_batch) == label


def test_a_skipped_postgresql_latency_is_said_in_the_notes(tmp_path, monkeypatch):
    # the notes described the PostgreSQL row although no server answered and there was none
    from benchmarks.suites.sourcing import run

    monkeypatch.setenv("LOGISTICS_RESULTS", str(tmp_path))
    monkeypatch.setenv("LOGISTICS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:1/x")
    rows, notes = run(
        orders=60, latency_decisions=50, skip_batch=True, budget="t", show=lambda _s: None
    )
    assert "myopic + reservation (postgresql)" not in {r.get("solver") for r in rows}
    assert "PostgreSQL was skipped: " in notes and "Connection refused" in notes


@pytest.mark.parametrize("option", ["--orders", "--batch-orders"])
def test_a_stream_past_the_cap_is_refused_before_any_work(option, monkeypatch, capsys, tmp_path):
    # 10**10 orders ended in a MemoryError traceback after the work began, no table written
    import sys

    from logistics.cli.app import app
    from logistics.cli.errors import run_cli

    monkeypatch.setenv("LOGISTICS_RESULTS", str(tmp_path / "results"))
    monkeypatch.setattr(sys, "argv", ["logistics", "bench", "sourcing", option, "100001"])
    with pytest.raises(SystemExit) as exc:
        run_cli(app)
    assert exc.value.code == 2
    name = option.removeprefix("--")
    assert capsys.readouterr().err == (
        f"error: {name}=100001: expected an integer within 1..100,000\n"
    )
    assert not (tmp_path / "results").exists()
