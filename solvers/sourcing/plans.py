"""Turn an assignment (site -> shipping units) into priced :class:`SourcingOption` plans."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from logistics.domain.sourcing import SourcingProblem
from solvers.sourcing.feasibility import OrderView
from solvers.sourcing.lanes import Lane
from solvers.sourcing.result import Shipment, SourcingOption

__all__ = ["best_lane", "make_option", "option_signature"]


def best_lane(lanes: Sequence[Lane], weight_g: int) -> tuple[Lane, int] | None:
    """Cheapest on-time lane taking ``weight_g`` (ties: earliest delivery), with its price."""
    best: tuple[int, int, int, Lane] | None = None
    for ln in lanes:
        if not ln.on_time:
            continue
        price = ln.price(weight_g)
        if price is None:
            continue
        cand = (price, ln.delivers_by, ln.carrier, ln)
        if best is None or cand[:3] < best[:3]:
            best = cand
    return None if best is None else (best[3], best[0])


def make_option(
    problem: SourcingProblem,
    view: OrderView,
    assignment: Sequence[tuple[int, Sequence[int]]],
    lanes_by_site: dict[int, list[Lane]],
    unit_prices: np.ndarray | None,
    label: str,
) -> SourcingOption | None:
    """Price ``assignment`` (``(site, units)`` pairs); ``None`` if a shipment has no lane."""
    net = problem.network
    lines = problem.order.lines
    groups = view.groups
    weights = view.weights_g
    shipments = []
    opp = 0
    for w, units in sorted(assignment, key=lambda a: min(min(groups[g]) for g in a[1])):
        idx = sorted(i for g in units for i in groups[g])
        weight = sum(weights[g] for g in units)
        found = best_lane(lanes_by_site.get(w, ()), weight)
        if found is None:
            return None
        lane, price = found
        site = net.warehouses[w]
        n_units = sum(lines[i].quantity for i in idx)
        if unit_prices is not None:
            opp += int(sum(int(unit_prices[w, i]) * lines[i].quantity for i in idx))
        shipments.append(
            Shipment(
                warehouse_id=site.id,
                carrier_id=net.carriers[lane.carrier].id,
                lines=tuple(lines[i] for i in idx),
                shipping_cost=int(price),
                handling_cost=site.handling_cost_per_order + site.handling_cost_per_unit * n_units,
                ships_at=lane.ships_at,
                delivers_by=lane.delivers_by,
                distance_m=lane.distance_m if lane.via is None else lane.distance_m,
                weight_g=weight,
                pickup_point=lane.via,
            )
        )
    extra = problem.rules.cost_per_extra_shipment * (len(shipments) - 1)
    return SourcingOption(tuple(shipments), extra, opp, label)


def option_signature(option: SourcingOption) -> tuple:
    """Identity of a plan: which site ships which SKUs with which carrier."""
    return tuple(
        sorted(
            (s.warehouse_id, s.carrier_id, tuple(ln.sku_id for ln in s.lines))
            for s in option.shipments
        )
    )


def kg(weight_g: int) -> int:
    """Whole kilograms billed for ``weight_g`` grams."""
    return -(-weight_g // 1000)
