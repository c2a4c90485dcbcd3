"""Independent check of a sourcing result: recompute feasibility and cost from scratch.

Does not reuse the solver's tables: every shipment's stock, lane, promise,
weight limit and price is recomputed with scalar code from the problem.
"""

from __future__ import annotations

from dataclasses import dataclass

from logistics.domain.carriers import CarrierKind
from logistics.domain.sourcing import SourcingProblem, haversine_m
from solvers.sourcing.result import SourcingResult, SourcingStatus
from solvers.sourcing.timing import promise_deadline

__all__ = ["Validation", "validate"]


@dataclass(frozen=True, slots=True)
class Validation:
    """Outcome of :func:`validate`: problems found (empty when valid) and the recomputed cost."""

    errors: tuple[str, ...]
    total_cost: int | None

    @property
    def ok(self) -> bool:
        return not self.errors


def validate(problem: SourcingProblem, result: SourcingResult) -> Validation:
    """Check ``result`` against ``problem``; returns every violation found."""
    from solvers.sourcing.lanes import lane_for

    errors: list[str] = []
    net = problem.network
    rules = problem.rules
    order = problem.order
    if result.order_id != order.id:
        errors.append(f"result is for order {result.order_id!r}, not {order.id!r}")
    deadline = promise_deadline(order.promise, order.created_at, problem.customer_zone)
    if result.promise_deadline != deadline:
        errors.append(f"promise deadline {result.promise_deadline} != {deadline}")
    plan = result.plan
    if result.status != SourcingStatus.SOURCED:
        if plan is not None:
            errors.append("a plan is given for an order that was not sourced")
        if not result.reason:
            errors.append("an order that was not sourced needs a reason")
        return Validation(tuple(errors), None)
    if plan is None or not plan.shipments:
        return Validation(("sourced without shipments",), None)
    shipped: dict[str, int] = {}
    kit_of = {s.id: s.kit_id for s in net.skus}
    kit_site: dict[str, str] = {}
    reserve = rules.channel_reserve(order.channel)
    wanted = {ln.sku_id: ln.quantity for ln in order.lines}
    sites = [s.warehouse_id for s in plan.shipments]
    if len(set(sites)) != len(sites):
        errors.append(f"a site ships twice: {sites}")
    if len(plan.shipments) > rules.max_shipments:
        errors.append(f"{len(plan.shipments)} shipments > max_shipments {rules.max_shipments}")
    total = 0
    for n, sh in enumerate(plan.shipments):
        where = f"shipments[{n}]"
        if sh.warehouse_id not in net.warehouse_index:
            errors.append(f"{where}: unknown site {sh.warehouse_id}")
            continue
        w = net.warehouse_index[sh.warehouse_id]
        site = net.warehouses[w]
        if site.id in rules.excluded_warehouse_ids:
            errors.append(f"{where}: site {site.id} is excluded")
        if net.capacity_left[w] < 1:
            errors.append(f"{where}: site {site.id} has no capacity left")
        weight = 0
        units = 0
        for ln in sh.lines:
            shipped[ln.sku_id] = shipped.get(ln.sku_id, 0) + ln.quantity
            have = net.stock_of(site.id, ln.sku_id) - reserve
            if have < ln.quantity:
                errors.append(f"{where}: {site.id} has {have} of {ln.sku_id}, ships {ln.quantity}")
            sku = net.skus[net.sku_index[ln.sku_id]]
            weight += sku.weight_g * ln.quantity
            units += ln.quantity
            kit = kit_of.get(ln.sku_id)
            if (
                kit is not None
                and rules.never_split_kits
                and kit_site.setdefault(kit, site.id) != site.id
            ):
                errors.append(f"{where}: kit {kit} split across sites")
        if weight != sh.weight_g:
            errors.append(f"{where}: weight {sh.weight_g} != {weight}")
        carrier_ids = [c.id for c in net.carriers]
        if sh.carrier_id not in carrier_ids:
            errors.append(f"{where}: unknown carrier {sh.carrier_id}")
            continue
        c = carrier_ids.index(sh.carrier_id)
        lane = lane_for(problem, w, c, deadline)
        if lane is None:
            if lane_for(problem, w, c, deadline, full_days=False) is not None:
                errors.append(f"{where}: {sh.carrier_id} leaves {site.id} on one of its full days")
            else:
                errors.append(
                    f"{where}: {sh.carrier_id} does not reach the customer from {site.id}"
                )
            continue
        if lane.delivers_by > deadline:
            errors.append(f"{where}: arrives {lane.delivers_by} after the promise {deadline}")
        if sh.delivers_by != lane.delivers_by or sh.ships_at != lane.ships_at:
            errors.append(f"{where}: times differ from the carrier's schedule")
        carrier = net.carriers[c]
        if carrier.max_weight_g and weight > carrier.max_weight_g:
            errors.append(f"{where}: {weight} g over {carrier.id}'s limit")
        if carrier.kind == CarrierKind.INSTANT:
            road_m = haversine_m(site.location, order.ship_to) * net.road_factor
            price = carrier.base_cents + round(carrier.per_km_cents * road_m / 1000)
        else:
            price = lane.base_cents + lane.per_kg_cents * -(-weight // 1000)
        if price != sh.shipping_cost:
            errors.append(f"{where}: shipping cost {sh.shipping_cost} != {price}")
        handling = site.handling_cost_per_order + site.handling_cost_per_unit * units
        if handling != sh.handling_cost:
            errors.append(f"{where}: handling cost {sh.handling_cost} != {handling}")
        total += price + handling
    if shipped != wanted:
        errors.append(f"shipped {shipped} but the order wants {wanted}")
    extra = rules.cost_per_extra_shipment * (len(plan.shipments) - 1)
    if extra != plan.extra_shipment_cost:
        errors.append(f"extra-shipment cost {plan.extra_shipment_cost} != {extra}")
    total += extra
    if total != plan.total_cost:
        errors.append(f"total cost {plan.total_cost} != recomputed {total}")
    return Validation(tuple(errors), total)
