"""/v1/scenarios: a single-source scenario no site can serve is a 422 before a job is queued."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "logistics" / "whatif"))
from test_whatif_single_source_checks import single_source  # noqa: E402


def test_single_source_infeasible_is_422_with_a_pointer(api):
    for query in ("?validate_only=true", ""):
        r = api.client.post(
            f"/v1/scenarios{query}", json={"scenario": single_source()}, headers=api.h("planner")
        )
        assert r.status_code == 422, r.text
        assert r.json()["errors"][0]["pointer"] == "/scenario/solver/single_source"
