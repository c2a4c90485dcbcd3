"""The sourcing stage of the demo sources every order it can and never worsens in batch."""

from rich.console import Console

from logistics.demo_sourcing import run_sourcing_demo


def test_demo_sourcing_summary():
    out = run_sourcing_demo(seed=3, n_orders=60, console=Console(quiet=True))
    assert out["sourced"] + out["lost"] == 60
    assert out["sourced"] > 40
    assert out["batch_cost"] <= out["landed_cost"]
    assert out["batch_shipments"] >= out["sourced"]
