"""What a scenario run reports: sites, cost split, utilisation, coverage, change vs base."""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, ConfigDict

from logistics.printable import cell_len, ljust_cells, printable
from logistics.whatif.network import WhatIfNetwork

__all__ = [
    "SiteReport",
    "Delta",
    "ScenarioReport",
    "measure",
    "compare",
    "format_report",
    "proof_note",
]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SiteReport(_Out):
    """One site: open or not, its load against capacity."""

    id: str
    kind: str
    open: bool
    capacity: float
    load: float
    utilisation: float
    fixed_cost: float


class Delta(_Out):
    """Scenario minus base.

    ``base_status`` / ``base_gap``: how good the base's design is (``optimal``, gap 0,
    or the best design of a solve stopped or out of time, with its proven gap): against
    an unproven base part of the difference is the search's, not the scenario's.
    """

    total_cost: float
    total_cost_pct: float | None
    network_cost: float
    same_day_share: float
    next_day_share: float
    opened: list[str]
    closed: list[str]
    base_status: str
    base_gap: float


class ScenarioReport(_Out):
    """The outcome of one network (money in currency units per period).

    ``total_cost`` is what the solver minimised (fixed + transport + promise
    penalties); ``network_cost`` is the money actually spent (fixed + transport).

    ``same_day_share`` / ``next_day_share``: share of all demand served from a
    site that can keep that promise (flow-weighted), in [0, 1].

    ``stopped``: the run was stopped early (``should_stop``, Ctrl-C): the designs are the
    best found so far, not what the time limit would have given (``status`` and ``gap``
    still say what is proven).
    """

    name: str
    status: str
    gap: float
    seconds: float
    open_sites: list[str]
    total_cost: float
    network_cost: float
    fixed_cost: float
    transport_cost: float
    penalty_cost: float
    total_demand: float
    same_day_share: float
    next_day_share: float
    mean_distance_m: float
    sites: list[SiteReport]
    changes: dict = {}
    vs_base: Delta | None = None
    stopped: bool = False


def measure(
    net: WhatIfNetwork, frac: np.ndarray, *, name: str, status: str, gap: float, seconds: float
) -> ScenarioReport:
    """Report a solved network from its ``(sites, points)`` served fractions."""
    p = net.problem
    units = frac * net.demand[None, :]
    total_demand = float(net.demand.sum())
    open_mask = (frac > 0).any(axis=1)
    if p.must_open:
        open_mask[list(p.must_open)] = True
    fixed = float(p.fixed_costs[open_mask].sum())
    transport = float((units * net.road_m).sum() / 1000.0 * net.rates.transport_per_unit_km)
    penalty = float(
        (units * np.where(net.same_day, 0.0, net.rates.penalty_beyond_same_day)).sum()
        + (units * np.where(net.next_day, 0.0, net.rates.penalty_beyond_next_day)).sum()
    )
    share = (lambda mask: float((units * mask).sum() / total_demand)) if total_demand else None
    load = units.sum(axis=1)
    sites = [
        SiteReport(
            id=net.site_ids[i],
            kind=net.site_kinds[i],
            open=bool(open_mask[i]),
            capacity=round(float(p.capacities[i]), 6),
            load=round(float(load[i]), 6),
            utilisation=round(float(load[i] / p.capacities[i]), 6) if p.capacities[i] else 0.0,
            fixed_cost=round(float(p.fixed_costs[i]), 2),
        )
        for i in range(p.num_sites)
    ]
    return ScenarioReport(
        name=name,
        status=status,
        gap=gap,
        seconds=round(seconds, 3),
        open_sites=[net.site_ids[i] for i in np.flatnonzero(open_mask)],
        total_cost=round(fixed + transport + penalty, 2),
        network_cost=round(fixed + transport, 2),
        fixed_cost=round(fixed, 2),
        transport_cost=round(transport, 2),
        penalty_cost=round(penalty, 2),
        total_demand=round(total_demand, 6),
        same_day_share=round(share(net.same_day), 6) if share else 0.0,
        next_day_share=round(share(net.next_day), 6) if share else 0.0,
        mean_distance_m=round(float((units * net.road_m).sum() / total_demand), 1)
        if total_demand
        else 0.0,
        sites=sites,
    )


def compare(report: ScenarioReport, base: ScenarioReport) -> ScenarioReport:
    """``report`` with ``vs_base`` filled in."""
    delta = Delta(
        total_cost=round(report.total_cost - base.total_cost, 2),
        total_cost_pct=round(100 * (report.total_cost - base.total_cost) / base.total_cost, 4)
        if base.total_cost
        else None,
        network_cost=round(report.network_cost - base.network_cost, 2),
        same_day_share=round(report.same_day_share - base.same_day_share, 6),
        next_day_share=round(report.next_day_share - base.next_day_share, 6),
        opened=sorted(set(report.open_sites) - set(base.open_sites)),
        closed=sorted(set(base.open_sites) - set(report.open_sites)),
        base_status=base.status,
        base_gap=base.gap,
    )
    return report.model_copy(update={"vs_base": delta})


def proof_note(status: str, gap: float) -> str:
    """``""`` for a proven optimum, else e.g. ``"feasible, gap 26.310%"`` (a design from a
    solve stopped or out of time: a comparison with it is partly the search's)."""
    return "" if status == "optimal" else f"{status}, gap {100 * gap:.3f}%"


def _ids(ids: list[str]) -> str:
    """``A, B`` (shown :func:`~logistics.printable.printable`), ``-`` for none."""
    return ", ".join(printable(i) for i in ids) or "-"


def format_report(report: ScenarioReport) -> str:
    """A few lines a planner reads: cost split, coverage, sites, change vs base.

    Names and ids are shown :func:`~logistics.printable.printable` (a control character
    as its escape); the site column is as wide as the widest id shown, in terminal cells."""
    name = printable(report.name)
    lines = [
        f"scenario {name}: total cost {report.total_cost:,.2f} "
        f"(fixed {report.fixed_cost:,.2f}, transport {report.transport_cost:,.2f}, "
        f"penalties {report.penalty_cost:,.2f}); {report.status}, gap {100 * report.gap:.3f}%"
        + ("; stopped early (best design so far)" if report.stopped else ""),
        f"demand {report.total_demand:,.0f}: same-day {100 * report.same_day_share:.1f}%, "
        f"next-day {100 * report.next_day_share:.1f}%, mean distance "
        f"{report.mean_distance_m / 1000:,.0f} km",
    ]
    if report.vs_base is not None:
        d = report.vs_base
        pct = "" if d.total_cost_pct is None else f" ({d.total_cost_pct:+.2f}%)"
        lines.append(
            f"vs base: cost {d.total_cost:+,.2f}{pct}, same-day {100 * d.same_day_share:+.1f} pt, "
            f"next-day {100 * d.next_day_share:+.1f} pt; opened {_ids(d.opened)}, "
            f"closed {_ids(d.closed)}"
            + (f"; base {note}" if (note := proof_note(d.base_status, d.base_gap)) else "")
        )
    shown = [s for s in report.sites if s.open or s.kind != "candidate"]
    width = max([28, *(cell_len(printable(s.id)) for s in shown)])
    lines.append(
        f"{ljust_cells('site', width)} {'kind':<9} {'open':<5} {'load':>14} {'capacity':>14} "
        f"{'util':>6}"
    )
    for s in shown:
        lines.append(
            f"{ljust_cells(s.id, width)} {s.kind:<9} {'yes' if s.open else 'no':<5} "
            f"{s.load:>14,.0f} {s.capacity:>14,.0f} {100 * s.utilisation:>5.1f}%"
        )
    return "\n".join(lines)
