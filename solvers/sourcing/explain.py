"""Why not: reasons a site cannot ship the whole order, and why an order cannot be sourced."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from logistics.domain.sourcing import SourcingProblem
from solvers.sourcing.feasibility import OrderView
from solvers.sourcing.lanes import Lane, lane_for
from solvers.sourcing.result import SiteNote, SourcingStatus, rfc3339

__all__ = ["site_notes", "diagnose"]


def _qty(lines, members) -> np.ndarray:
    return np.array([lines[i].quantity for i in members], dtype=np.int64)


def _fmt_cents(c: int) -> str:
    return f"{c / 100:.2f}"


def _earliest(problem: SourcingProblem, lanes: Sequence[Lane]) -> str:
    ln = min(lanes, key=lambda ln: (ln.delivers_by, ln.carrier))
    return (
        f"earliest delivery {rfc3339(ln.delivers_by)} by {problem.network.carriers[ln.carrier].id}"
    )


def site_notes(
    problem: SourcingProblem, view: OrderView, lanes_by_site: dict[int, list[Lane]]
) -> tuple[SiteNote, ...]:
    """For every site that cannot ship the whole order alone, the first reason why."""
    net = problem.network
    excluded = problem.rules.excluded_warehouse_ids
    lines = problem.order.lines
    weight = sum(view.weights_g)
    capacity = net.capacity_left.tolist()
    has_all = view.has_all
    have_all = None
    notes = []
    for w, site in enumerate(net.warehouses):
        if site.id in excluded:
            notes.append(SiteNote(site.id, "excluded by the rules"))
            continue
        if capacity[w] <= 0:
            notes.append(SiteNote(site.id, _NO_ROOM))
            continue
        if not has_all[w]:
            if have_all is None:
                have_all = (net.available[:, view.line_sku] - view.reserve).tolist()
            have = have_all[w]
            short = [
                f"{ln.sku_id} (has {max(have[i], 0)}, needs {ln.quantity})"
                for i, ln in enumerate(lines)
                if have[i] < ln.quantity
            ]
            notes.append(SiteNote(site.id, "short of " + ", ".join(short)))
            continue
        mine = lanes_by_site.get(w, [])
        if not mine:
            if _full_on_its_ship_days(problem, w):
                notes.append(SiteNote(site.id, _NO_ROOM))
            else:
                notes.append(SiteNote(site.id, "no carrier reaches the customer from here"))
            continue
        on_time = [ln for ln in mine if ln.on_time]
        if not on_time:
            notes.append(SiteNote(site.id, f"promise missed: {_earliest(problem, mine)}"))
            continue
        if all(ln.price(weight) is None for ln in on_time):
            notes.append(
                SiteNote(site.id, f"{weight} g is too heavy for every on-time carrier from here")
            )
    return tuple(notes)


_NO_ROOM = "no picking capacity left for the day it would ship"


def _full_on_its_ship_days(problem: SourcingProblem, w: int) -> bool:
    """Site ``w`` has carriers reaching the customer, all leaving on its full days."""
    if not problem.full_ship_days:
        return False
    carriers = range(len(problem.network.carriers))
    return any(lane_for(problem, w, c, full_days=False) is not None for c in carriers)


def _cannot_ship(problem: SourcingProblem, w: int) -> str:
    """Why usable-looking stock at site ``w`` is not usable (excluded or out of capacity)."""
    site = problem.network.warehouses[w]
    if site.id in problem.rules.excluded_warehouse_ids:
        return f"{site.id} is excluded by the rules"
    return f"{site.id} has no picking capacity left for the day it would ship"


def diagnose(
    problem: SourcingProblem, view: OrderView, lanes: Sequence[Lane], deadline: int
) -> tuple[SourcingStatus, str]:
    """Why no plan exists: out of stock, promise unreachable, or which rule blocks it.

    ``out_of_stock`` only when no site holds the units at all (after the channel's
    reserve): a line, or a kit whole (checked before any site's capacity is blamed);
    stock held only at sites that cannot ship today (no picking capacity left,
    excluded by the rules) is ``infeasible`` and says which sites and why.
    """
    net = problem.network
    rules = problem.rules
    lines = problem.order.lines
    usable = view.usable
    have_all = net.available[:, view.line_sku] - view.reserve  # (W, lines), every site
    extra = f" after a channel reserve of {view.reserve}" if view.reserve else ""
    for i, ln in enumerate(lines):
        best = int(max(have_all[:, i].max(initial=0), 0))
        if best < ln.quantity:
            return (
                SourcingStatus.OUT_OF_STOCK,
                f"out of stock: {ln.sku_id} needs {ln.quantity}, no site has more than "
                f"{best}{extra}",
            )
    # a kit no site holds whole is a stock-out too, whatever blocks the sites holding parts
    holding = [
        np.flatnonzero((have_all[:, list(members)] >= _qty(lines, members)).all(axis=1))
        for members in view.groups
    ]
    for members, whole in zip(view.groups, holding, strict=True):
        if not len(whole):
            skus = ", ".join(lines[i].sku_id for i in members)
            return (
                SourcingStatus.OUT_OF_STOCK,
                f"out of stock: no site holds the whole kit ({skus}){extra}",
            )
    for i, ln in enumerate(lines):
        holders = np.flatnonzero(have_all[:, i] >= ln.quantity)
        if not usable[holders].any():
            why = "; ".join(_cannot_ship(problem, int(w)) for w in holders)
            return (
                SourcingStatus.INFEASIBLE,
                f"no site that can ship today holds {ln.sku_id} x{ln.quantity}{extra}: {why}",
            )
    for g, (members, whole) in enumerate(zip(view.groups, holding, strict=True)):
        if not view.in_stock[:, g].any():
            skus = ", ".join(lines[i].sku_id for i in members)
            why = "; ".join(_cannot_ship(problem, int(w)) for w in whole)
            return (
                SourcingStatus.INFEASIBLE,
                f"no site that can ship today holds the whole kit ({skus}){extra}: {why}",
            )
    stocking = {int(w) for w in np.flatnonzero(view.in_stock.any(axis=1))}
    mine = [ln for ln in lanes if ln.warehouse in stocking]
    due = rfc3339(deadline)
    kind = str(problem.order.promise.kind)
    if not mine:
        full = [w for w in sorted(stocking) if _full_on_its_ship_days(problem, w)]
        if full:
            why = "; ".join(_cannot_ship(problem, w) for w in full)
            return (
                SourcingStatus.INFEASIBLE,
                f"no site holding the stock can ship it on a day with room: {why}",
            )
        return (
            SourcingStatus.INFEASIBLE,
            "no carrier reaches the customer from any site holding the stock",
        )
    on_time = [ln for ln in mine if ln.on_time]
    if not on_time:
        return (
            SourcingStatus.PROMISE_UNREACHABLE,
            f"promise {kind} (due {due}) cannot be met from any site holding the stock: "
            f"{_earliest(problem, mine)}",
        )
    sites_on_time = {ln.warehouse for ln in on_time}
    uncovered = [
        g for g in range(view.n_groups) if not any(view.in_stock[w, g] for w in sites_on_time)
    ]
    if uncovered:
        skus = ", ".join(lines[i].sku_id for g in uncovered for i in view.groups[g])
        late = [ln for ln in mine if any(view.in_stock[ln.warehouse, g] for g in uncovered)]
        if not late:
            holding = sorted({w for w in stocking if any(view.in_stock[w, g] for g in uncovered)})
            full = [w for w in holding if _full_on_its_ship_days(problem, w)]
            if full:
                why = "; ".join(_cannot_ship(problem, w) for w in full)
                return (
                    SourcingStatus.INFEASIBLE,
                    f"no site holding {skus} can ship it on a day with room: {why}",
                )
            return (
                SourcingStatus.INFEASIBLE,
                f"no carrier reaches the customer from the sites holding {skus}",
            )
        return (
            SourcingStatus.PROMISE_UNREACHABLE,
            f"promise {kind} (due {due}) cannot be met for {skus}: {_earliest(problem, late)}",
        )
    weights = view.weights_g
    heavy = [
        g
        for g in range(view.n_groups)
        if all(ln.price(weights[g]) is None for ln in on_time if view.in_stock[ln.warehouse, g])
    ]
    if heavy:
        g = heavy[0]
        skus = ", ".join(lines[i].sku_id for i in view.groups[g])
        return (
            SourcingStatus.INFEASIBLE,
            f"{skus} ({weights[g]} g) is too heavy for every on-time carrier from the sites "
            "holding it",
        )
    return (
        SourcingStatus.INFEASIBLE,
        f"no plan within the rules: the stock is spread over more than {rules.max_shipments} "
        f"on-time shipment(s), or the shipments are too heavy for the on-time carriers",
    )
