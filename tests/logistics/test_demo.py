"""The demo runs every stage on a small seeded day and its numbers add up."""

import io

from rich.console import Console

from logistics.demo import run_demo


def test_demo_runs_every_stage(tmp_path):
    out = io.StringIO()
    summary = run_demo(
        seed=3,
        n_orders=60,
        db_url=f"sqlite:///{tmp_path / 'demo.db'}",
        route_seconds=1.0,
        wave_seconds=0.5,
        console=Console(file=out, width=120),
    )
    text = out.getvalue()
    assert "Rio de Janeiro" in text and "POST /v1/orders" in text
    sourcing = summary["sourcing"]
    assert sourcing["orders"] == 60
    assert sourcing["sourced"] + sum(sourcing["rejected"].values()) == 60
    assert sourcing["sourced"] > 40
    assert sourcing["units_reserved"] > 0
    # every sourced order is picked at the site that ships it
    assert sum(w["orders"] for w in summary["warehouses"].values()) == sourcing["shipments"]
    assert all(w["valid"] for w in summary["warehouses"].values())
    # each site was slotted from its history and the replay measured the walking it saves
    assert all(w["walk_saved_percent"] > 0 for w in summary["warehouses"].values())
    # every own-fleet delivery is a stop of its depot's plan, and every plan is valid
    own = sourcing["by_carrier"].get("OWN-FLEET", 0)
    assert sum(r["stops"] for r in summary["routes"].values()) == own
    assert all(r["feasible"] for r in summary["routes"].values())
