"""Build the facility location problem of a scenario: base network plus changes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logistics.domain.facility import SOLVER_INFINITY, FacilityLocationProblem
from logistics.errors import InvalidValueError, member, quoted
from logistics.matrices import haversine_matrix
from logistics.whatif.regions import us_region
from logistics.whatif.schema import (
    BaseNetwork,
    Changes,
    CostRates,
    Scenario,
    Service,
    ServiceLevel,
    SiteSpec,
)

__all__ = [
    "WhatIfNetwork",
    "NetworkInfeasibleError",
    "build_network",
    "effective_service",
    "effective_rates",
]

_DEFAULT_CAPACITY_SHARE = 0.2


class NetworkInfeasibleError(InvalidValueError):
    """The network cannot serve its demand: too little capacity, or a demand point out of
    reach of every site that may open.

    For one scenario it is bad input like any other (an :class:`InvalidValueError`
    naming the scenario's field); in a sweep it is the outcome of that grid point.
    """


@dataclass(frozen=True, eq=False)
class WhatIfNetwork:
    """Everything a scenario's solve and report need.

    Attributes
    ----------
    site_ids, site_kinds
        Per site: id and ``existing`` / ``candidate`` / ``added``.
    point_ids, regions
        Per demand point: id and region.
    demand
        ``(n,)`` units per period (after growth).
    road_m, transit_s
        ``(m, n)`` road distance in meters and transit time in seconds.
    same_day, next_day
        ``(m, n)`` whether the site can keep the promise for the point.
    problem
        The facility location problem (costs for all of a point's demand).
    service, rates
        The service and cost model in force (base plus changes).
    """

    site_ids: tuple[str, ...]
    site_kinds: tuple[str, ...]
    point_ids: tuple[str, ...]
    regions: tuple[str, ...]
    demand: np.ndarray
    road_m: np.ndarray
    transit_s: np.ndarray
    same_day: np.ndarray
    next_day: np.ndarray
    problem: FacilityLocationProblem
    service: Service
    rates: CostRates


@dataclass(frozen=True)
class _Base:
    sites: list[tuple[SiteSpec, str]]  # spec, kind
    points: list[tuple[str, float, float, float, str]]  # id, lat, lon, demand, region
    point_field: str | None  # the scenario's list of points (None: the dataset's cities)
    own_sites: int  # sites[own_sites:] are the scenario's base.sites, in order


#: Settings that shape the US network only: a custom network has no use for them.
_US_ONLY = (
    "demand_per_capita",
    "existing_sites",
    "site_defaults",
    "candidate_cities",
    "candidate_defaults",
)


def _us_base(base: BaseNetwork) -> _Base:
    from logistics.datasets.us_network import read_us_network

    if base.demand_points:  # the US network's demand points are its cities
        raise InvalidValueError(
            "base.demand_points[0]",
            base.demand_points[0].id,
            "the US network's demand points are its cities; give network: custom to use your own",
        )
    net = read_us_network()
    points = [
        (
            c.id,
            c.location.lat,
            c.location.lon,
            c.population * base.demand_per_capita,
            us_region(c.state),
        )
        for c in net.cities
    ]
    total = sum(p[3] for p in points)
    cap = base.site_defaults.capacity
    cap = _DEFAULT_CAPACITY_SHARE * total if cap is None else cap
    status = "open" if base.existing_sites == "keep" else "candidate"
    sites: list[tuple[SiteSpec, str]] = []
    for w in net.centers:
        spec = SiteSpec(
            id=w.id,
            location={"lat": w.location.lat, "lon": w.location.lon},
            capacity=float(cap),
            fixed_cost=base.site_defaults.fixed_cost,
            status=status,
            name=w.name,
        )
        sites.append((spec, "existing"))
    if base.candidate_cities > len(net.cities):  # a slice would quietly take them all
        raise InvalidValueError(
            "base.candidate_cities",
            base.candidate_cities,
            f"the US network has {len(net.cities)} cities",
        )
    if base.candidate_cities:
        ccap = base.candidate_defaults.capacity
        ccap = _DEFAULT_CAPACITY_SHARE * total if ccap is None else ccap
        biggest = sorted(net.cities, key=lambda c: -c.population)[: base.candidate_cities]
        for c in biggest:
            spec = SiteSpec(
                id=f"FWD-{c.name.replace(' ', '')}-{c.state.replace(' ', '')}",
                location={"lat": c.location.lat, "lon": c.location.lon},
                capacity=float(ccap),
                fixed_cost=base.candidate_defaults.fixed_cost,
                status="candidate",
                name=f"forward warehouse {c.id}",
            )
            sites.append((spec, "candidate"))
    own = len(sites)
    sites += [(s, "existing" if s.status == "open" else "candidate") for s in base.sites]
    return _Base(sites, points, None, own)


def _custom_base(base: BaseNetwork) -> _Base:
    for name in _US_ONLY:  # a value other than the default would silently do nothing
        value = getattr(base, name)
        if value != BaseNetwork.model_fields[name].default:
            shown = value.model_dump() if hasattr(value, "model_dump") else value
            raise InvalidValueError(
                f"base.{name}",
                shown,
                "only for network: us; a custom network has only its own sites and demand_points",
            )
    if not base.sites:
        raise InvalidValueError("base.sites", [], "a custom network needs at least one site")
    if not base.demand_points:
        raise InvalidValueError(
            "base.demand_points", [], "a custom network needs at least one demand point"
        )
    seen: set[str] = set()
    for k, p in enumerate(base.demand_points):
        if p.id in seen:
            raise InvalidValueError(
                f"base.demand_points[{k}].id", p.id, "duplicate demand point id"
            )
        seen.add(p.id)
    sites = [(s, "existing" if s.status == "open" else "candidate") for s in base.sites]
    points = [
        (p.id, p.location.lat, p.location.lon, p.demand, p.region) for p in base.demand_points
    ]
    return _Base(sites, points, "base.demand_points", 0)


def effective_service(service: Service, changes: Changes) -> Service:
    """The base service model with the scenario's changes applied."""
    patch = changes.service
    data = service.model_dump()
    for key in ("speed_kmh", "road_factor", "max_distance_m"):
        value = getattr(patch, key)
        if value is not None:
            data[key] = value
    for level in ("same_day", "next_day"):
        lp = getattr(patch, level)
        if lp is not None:
            for key in ("max_distance_m", "max_transit_s"):
                value = getattr(lp, key)
                if value is not None:
                    data[level][key] = value
    return Service.model_validate(data)


def effective_rates(rates: CostRates, changes: Changes) -> CostRates:
    """The base cost rates with the scenario's changes applied."""
    data = rates.model_dump()
    for key, value in changes.cost_rates.model_dump().items():
        if value is not None:
            data[key] = value
    return CostRates.model_validate(data)


def _keeps(level: ServiceLevel, road_m: np.ndarray, transit_s: np.ndarray) -> np.ndarray:
    ok = np.ones(road_m.shape, dtype=bool)
    if level.max_distance_m is not None:
        ok &= road_m <= level.max_distance_m
    if level.max_transit_s is not None:
        ok &= transit_s <= level.max_transit_s
    return ok


def build_network(scenario: Scenario, changes: Changes | None = None) -> WhatIfNetwork:
    """The problem of ``scenario`` with ``changes`` (default: the scenario's own).

    Pass ``Changes()`` for the base network.

    Raises
    ------
    InvalidValueError
        Naming the scenario's field: a duplicate site or point id, a change
        naming a site or region that does not exist, a site both opened and
        closed.
    NetworkInfeasibleError
        (an ``InvalidValueError``) A demand point no site may serve, not
        enough capacity for the demand, or (single source) a point whose demand
        no site that may serve it can hold: names the scenario setting behind it
        (``changes.capacity_factor.*=0.1``, ``base.demand_points[3]``,
        ``solver.single_source``...); within ``service.max_distance_m``, a group of points
        whose sites in range hold less than their demand (a max-flow check).
    """
    changes = scenario.changes if changes is None else changes
    base = _us_base(scenario.base) if scenario.base.network == "us" else _custom_base(scenario.base)
    sites = list(base.sites)
    known = {}
    for k, (spec, _) in enumerate(sites):
        if spec.id in known:
            reason = "duplicate site id"
            if known[spec.id] < base.own_sites:
                reason += " (a site of the US network has this id)"
            raise InvalidValueError(f"base.sites[{k - base.own_sites}].id", spec.id, reason)
        known[spec.id] = k
    for k, spec in enumerate(changes.add):
        if spec.id in known:
            raise InvalidValueError(f"changes.add[{k}].id", spec.id, "a site with this id exists")
        known[spec.id] = len(sites)
        sites.append((spec, "added"))
    ids = [s.id for s, _ in sites]

    def site_index(field: str, ident: str, value: float | None = None) -> int:
        """``ident``'s index; an unknown one names ``field`` with ``value``, what the user
        wrote there (the id itself in a list; the factor when the id is a key)."""
        if ident not in known:
            hint = ", ".join(map(quoted, ids[:12])) + (", ..." if len(ids) > 12 else "")
            shown = ident if value is None else value
            raise InvalidValueError(field, shown, f"no site with this id (known: {hint})")
        return known[ident]

    must_open = {i for i, (s, _) in enumerate(sites) if s.status == "open"}
    must_close = {i for i, (s, _) in enumerate(sites) if s.status == "closed"}
    for k, ident in enumerate(changes.open):
        i = site_index(f"changes.open[{k}]", ident)
        must_open.add(i)
        must_close.discard(i)
    for k, ident in enumerate(changes.close):
        i = site_index(f"changes.close[{k}]", ident)
        if ident in changes.open:
            raise InvalidValueError(
                f"changes.close[{k}]", ident, "the same site is in changes.open"
            )
        must_close.add(i)
        must_open.discard(i)

    caps = np.array([s.capacity for s, _ in sites], dtype=float)
    factor_all = changes.capacity_factor.get("*")
    for key, factor in changes.capacity_factor.items():
        if factor < 0:
            raise InvalidValueError(member("changes.capacity_factor", key), factor, "must be >= 0")
        if key != "*":
            # the key is in the field; the value is the factor, as for demand_growth regions
            site_index(member("changes.capacity_factor", key), key, factor)
    # a product past the float range is inf (no numpy warning before the error line),
    # refused below with the MIP's infinity (each base capacity is below it)
    with np.errstate(over="ignore"):
        if factor_all is not None:
            caps = caps * factor_all
        for key, factor in changes.capacity_factor.items():
            if key != "*":
                caps[known[key]] = caps[known[key]] * factor  # on top of "*"
        too_big = np.flatnonzero(~(caps < SOLVER_INFINITY))
    if too_big.size:
        key = ids[too_big[0]] if ids[too_big[0]] in changes.capacity_factor else "*"
        raise InvalidValueError(
            member("changes.capacity_factor", key),
            changes.capacity_factor[key],
            f"the capacity it gives site {quoted(ids[too_big[0]])} is too large to compute with "
            f"(below {SOLVER_INFINITY:g})",
        )

    regions = [p[4] for p in base.points]
    demand = np.array([p[3] for p in base.points], dtype=float)
    region_set = set(regions)
    growth = np.ones(len(demand))
    for key, g in changes.demand_growth.items():
        if g <= -1:
            raise InvalidValueError(member("changes.demand_growth", key), g, "must be > -1 (-100%)")
        if key == "*":
            growth *= 1 + g
        elif key in region_set:
            growth[[r == key for r in regions]] *= 1 + g
        else:
            raise InvalidValueError(
                member("changes.demand_growth", key),
                g,
                f"no such region (known: {', '.join(map(quoted, sorted(region_set)))})",
            )
    with np.errstate(over="ignore"):
        demand = demand * growth
    with np.errstate(over="ignore"):
        total = demand.sum()
    if not np.isfinite(demand).all() or total >= SOLVER_INFINITY:  # the MIP's infinity
        field, value = "changes.demand_growth", dict(changes.demand_growth)
        if not changes.demand_growth:  # only a US network's demand per capita can overflow
            field, value = "base.demand_per_capita", scenario.base.demand_per_capita
        raise InvalidValueError(field, value, "the demand it gives is too large to compute with")

    service = effective_service(scenario.service, changes)
    rates = effective_rates(scenario.cost_rates, changes)
    site_xy = np.array([[s.location.lat, s.location.lon] for s, _ in sites])
    point_xy = np.array([[p[1], p[2]] for p in base.points])
    with np.errstate(over="ignore"):  # an overflow is named here, without numpy's warning
        road = haversine_matrix(site_xy, point_xy) * service.road_factor
    if not np.isfinite(road).all():
        field = (
            "changes.service.road_factor"
            if changes.service.road_factor is not None
            else "service.road_factor"
        )
        raise InvalidValueError(
            field, service.road_factor, "the road distances it gives are too large to compute with"
        )
    transit = road / (service.speed_kmh / 3.6)
    same = _keeps(service.same_day, road, transit)
    nxt = _keeps(service.next_day, road, transit)
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is named below
        per_unit = rates.transport_per_unit_km * road / 1000.0
        per_unit = per_unit + np.where(same, 0.0, rates.penalty_beyond_same_day)
        per_unit = per_unit + np.where(nxt, 0.0, rates.penalty_beyond_next_day)
        cost = per_unit * demand[None, :]
    if not (
        np.isfinite(cost) & (cost < SOLVER_INFINITY)
    ).all():  # SOLVER_INFINITY: the MIP's infinity
        field = (
            "changes.cost_rates"
            if changes.cost_rates.model_dump(exclude_none=True)
            else "cost_rates"
        )
        raise InvalidValueError(
            field, rates.model_dump(), "the transport cost it gives is too large to compute with"
        )
    if service.max_distance_m is not None:
        cost = np.where(road <= service.max_distance_m, cost, np.inf)
    allowed = np.ones(len(sites), dtype=bool)
    allowed[list(must_close)] = False
    reach = np.isfinite(cost) & allowed[:, None]
    for j in np.flatnonzero(~reach.any(axis=0) & (demand > 0)):
        closed_by_change = np.zeros(len(sites), dtype=bool)
        closed_by_change[[known[ident] for ident in changes.close]] = True
        in_reach = np.isfinite(cost[:, j])
        raise _unreachable(scenario, changes, base, service, in_reach, closed_by_change, int(j))
    if caps[allowed].sum() < demand.sum():
        raise _short_of_capacity(scenario, changes, float(caps[allowed].sum()), demand.sum())
    if service.max_distance_m is not None:  # without a reach limit every site reaches all
        from solvers.network.reach import short_within_reach

        group = short_within_reach(np.where(allowed, caps, 0.0), demand, reach)
        if group is not None:
            raise _short_within_reach(
                changes,
                base,
                service,
                caps,
                demand,
                np.isfinite(cost),
                allowed,
                ids,
                group,
            )
    if scenario.solver.single_source:
        biggest = np.where(reach, caps[:, None], -1.0).max(axis=0)
        for j in np.flatnonzero(demand > biggest):
            raise NetworkInfeasibleError(
                "solver.single_source",
                True,
                f"single source: the demand point {quoted(base.points[j][0])} has demand "
                f"{_units(demand[j])}, more than any site that may serve it holds "
                f"({_units(max(biggest[j], 0.0))}); allow split deliveries or add capacity",
            )
    fixed_costs = np.array([s.fixed_cost for s, _ in sites]) * rates.fixed_cost_factor
    if (fixed_costs >= SOLVER_INFINITY).any():  # each fixed_cost is below it: the factor
        field = "cost_rates.fixed_cost_factor"
        if changes.cost_rates.fixed_cost_factor is not None:
            field = "changes." + field
        raise InvalidValueError(
            field,
            rates.fixed_cost_factor,
            f"the fixed costs it gives reach {float(fixed_costs.max()):g}, "
            f"too large to compute with (below {SOLVER_INFINITY:g})",
        )
    problem = FacilityLocationProblem(
        capacities=caps,
        fixed_costs=fixed_costs,
        demands=demand,
        assignment_costs=cost,
        site_names=ids,
        customer_names=[p[0] for p in base.points],
        must_open=frozenset(must_open),
        must_close=frozenset(must_close),
        name=scenario.name,
    )
    return WhatIfNetwork(
        site_ids=tuple(ids),
        site_kinds=tuple(k for _, k in sites),
        point_ids=tuple(p[0] for p in base.points),
        regions=tuple(regions),
        demand=demand,
        road_m=road,
        transit_s=transit,
        same_day=same,
        next_day=nxt,
        problem=problem,
        service=service,
        rates=rates,
    )


def _unreachable(
    scenario: Scenario,
    changes: Changes,
    base: _Base,
    service: Service,
    in_reach: np.ndarray,
    closed_by_change: np.ndarray,
    j: int,
) -> NetworkInfeasibleError:
    """Demand point ``j`` has no site that may open within reach: name the scenario's field.

    ``in_reach``: per site, within ``service.max_distance_m`` of the point (all sites when
    there is no limit); ``closed_by_change``: per site, closed by ``changes.close``. A
    change that made the point unreachable is named before the base network.
    """
    ident = base.points[j][0]
    if (in_reach & closed_by_change).any():  # sites within reach, closed by the change
        return NetworkInfeasibleError(
            "changes.close",
            list(changes.close),
            f"no site is left to serve the demand point {quoted(ident)}",
        )
    if not in_reach.any() and changes.service.max_distance_m is not None:
        return NetworkInfeasibleError(
            "changes.service.max_distance_m",
            service.max_distance_m,
            "no open or candidate site is within this distance of the demand point "
            f"{quoted(ident)}",
        )
    if base.point_field is not None:  # the scenario's own demand point
        reason = "no open or candidate site can reach this demand point"
        if service.max_distance_m is not None:
            reason += f" within service.max_distance_m={service.max_distance_m:g}"
        return NetworkInfeasibleError(f"{base.point_field}[{j}]", ident, reason)
    # a city of the US network: the reach limit (or the closures) is the scenario's doing
    if service.max_distance_m is not None:
        return NetworkInfeasibleError(
            "service.max_distance_m",
            service.max_distance_m,
            "no open or candidate site is within this distance of the demand point "
            f"{quoted(ident)}",
        )
    return NetworkInfeasibleError(
        "changes.close",
        list(changes.close),
        f"no site is left to serve the demand point {quoted(ident)}",
    )


def _short_of_capacity(
    scenario: Scenario, changes: Changes, capacity: float, demand: float
) -> NetworkInfeasibleError:
    """Not enough capacity: name the scenario setting that most likely made it so.

    Only a change that can take capacity away or add demand is named: capacity factors
    below 1 (never one that adds capacity), then demand growth (not a cut), then closures."""
    reason = (
        f"the sites that may open hold {_units(capacity)} units per period, below the total "
        f"demand of {_units(demand)}"
    )
    cuts = {key: f for key, f in changes.capacity_factor.items() if f < 1}
    if cuts:
        if "*" in cuts:
            return NetworkInfeasibleError("changes.capacity_factor.*", cuts["*"], reason)
        if len(cuts) == 1:
            (key, value), *_ = cuts.items()
            return NetworkInfeasibleError(member("changes.capacity_factor", key), value, reason)
        return NetworkInfeasibleError("changes.capacity_factor", cuts, reason)
    if any(g > 0 for g in changes.demand_growth.values()):
        return NetworkInfeasibleError("changes.demand_growth", dict(changes.demand_growth), reason)
    if changes.close:
        return NetworkInfeasibleError("changes.close", list(changes.close), reason)
    if scenario.base.network == "us" and scenario.base.site_defaults.capacity is not None:
        return NetworkInfeasibleError(
            "base.site_defaults.capacity", scenario.base.site_defaults.capacity, reason
        )
    return NetworkInfeasibleError("base.sites", f"{len(scenario.base.sites)} sites", reason)


def _short_within_reach(
    changes: Changes,
    base: _Base,
    service: Service,
    caps: np.ndarray,
    demand: np.ndarray,
    in_range: np.ndarray,
    allowed: np.ndarray,
    ids: list[str],
    group: np.ndarray,
) -> NetworkInfeasibleError:
    """The demand points ``group`` need more than the sites within the reach limit of them
    hold (``in_range``: ``(sites, points)`` within the limit; ``allowed``: sites that may
    open). Names the change that most likely made it so (a closure of a site within range,
    a capacity cut there, demand growth of the points), else the reach limit."""
    near = in_range[:, group].any(axis=1)
    names = [base.points[j][0] for j in np.flatnonzero(group)]
    more = f" and {len(names) - 5} more" if len(names) > 5 else ""
    reason = (
        f"the sites within service.max_distance_m={service.max_distance_m:g} of the demand "
        f"point{'s' if len(names) > 1 else ''} {', '.join(map(repr, names[:5]))}{more} hold "
        f"{_units(caps[near & allowed].sum())} units per period, below their demand of "
        f"{_units(demand[group].sum())}"
    )
    near_ids = {ids[i] for i in np.flatnonzero(near)}
    if near_ids.intersection(changes.close):
        return NetworkInfeasibleError("changes.close", list(changes.close), reason)
    cuts = {
        key: f
        for key, f in changes.capacity_factor.items()
        if f < 1 and (key == "*" or key in near_ids)
    }
    if len(cuts) == 1:
        (key, value), *_ = cuts.items()
        return NetworkInfeasibleError(member("changes.capacity_factor", key), value, reason)
    if cuts:
        return NetworkInfeasibleError("changes.capacity_factor", cuts, reason)
    regions = {base.points[j][4] for j in np.flatnonzero(group)} | {"*"}
    if any(g > 0 and key in regions for key, g in changes.demand_growth.items()):
        return NetworkInfeasibleError("changes.demand_growth", dict(changes.demand_growth), reason)
    if changes.service.max_distance_m is not None:
        return NetworkInfeasibleError(
            "changes.service.max_distance_m", service.max_distance_m, reason
        )
    return NetworkInfeasibleError("service.max_distance_m", service.max_distance_m, reason)


def _units(value: float) -> str:
    """``155``, ``12.5``, ``378,058,694`` (never ``3.78059e+08``)."""
    return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
