"""Build the facility location problem of a scenario: base network plus changes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logistics.domain.facility import FacilityLocationProblem
from logistics.errors import InvalidValueError
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

__all__ = ["WhatIfNetwork", "build_network", "effective_service", "effective_rates"]

_DEFAULT_CAPACITY_SHARE = 0.2


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
    point_field: str


def _us_base(base: BaseNetwork) -> _Base:
    from logistics.datasets.us_network import read_us_network

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
    sites += [(s, "existing" if s.status == "open" else "candidate") for s in base.sites]
    return _Base(sites, points, "cities")


def _custom_base(base: BaseNetwork) -> _Base:
    if not base.sites:
        raise InvalidValueError("base.sites", [], "a custom network needs at least one site")
    if not base.demand_points:
        raise InvalidValueError(
            "base.demand_points", [], "a custom network needs at least one demand point"
        )
    sites = [(s, "existing" if s.status == "open" else "candidate") for s in base.sites]
    points = [
        (p.id, p.location.lat, p.location.lon, p.demand, p.region) for p in base.demand_points
    ]
    return _Base(sites, points, "base.demand_points")


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
        Naming the field: a duplicate site or point id, a change naming a site
        or region that does not exist, a site both opened and closed, a demand
        point no site may serve, not enough capacity for the demand.
    """
    changes = scenario.changes if changes is None else changes
    base = _us_base(scenario.base) if scenario.base.network == "us" else _custom_base(scenario.base)
    sites = list(base.sites)
    known = {}
    for k, (spec, _) in enumerate(sites):
        if spec.id in known:
            field = "base.sites" if scenario.base.network == "custom" else "base.sites"
            raise InvalidValueError(f"{field}[{k}].id", spec.id, "duplicate site id")
        known[spec.id] = k
    for k, spec in enumerate(changes.add):
        if spec.id in known:
            raise InvalidValueError(f"changes.add[{k}].id", spec.id, "a site with this id exists")
        known[spec.id] = len(sites)
        sites.append((spec, "added"))
    ids = [s.id for s, _ in sites]

    def site_index(field: str, ident: str) -> int:
        if ident not in known:
            hint = ", ".join(ids[:12]) + (", ..." if len(ids) > 12 else "")
            raise InvalidValueError(field, ident, f"no site with this id (known: {hint})")
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
            raise InvalidValueError(f"changes.capacity_factor.{key}", factor, "must be >= 0")
        if key != "*":
            site_index(f"changes.capacity_factor.{key}", key)
    if factor_all is not None:
        caps = caps * factor_all
    for key, factor in changes.capacity_factor.items():
        if key != "*":
            caps[known[key]] = caps[known[key]] * factor  # on top of "*"

    regions = [p[4] for p in base.points]
    demand = np.array([p[3] for p in base.points], dtype=float)
    region_set = set(regions)
    growth = np.ones(len(demand))
    for key, g in changes.demand_growth.items():
        if g <= -1:
            raise InvalidValueError(f"changes.demand_growth.{key}", g, "must be > -1 (-100%)")
        if key == "*":
            growth *= 1 + g
        elif key in region_set:
            growth[[r == key for r in regions]] *= 1 + g
        else:
            raise InvalidValueError(
                f"changes.demand_growth.{key}", g, f"no such region (known: {sorted(region_set)})"
            )
    demand = demand * growth

    service = effective_service(scenario.service, changes)
    rates = effective_rates(scenario.cost_rates, changes)
    site_xy = np.array([[s.location.lat, s.location.lon] for s, _ in sites])
    point_xy = np.array([[p[1], p[2]] for p in base.points])
    road = haversine_matrix(site_xy, point_xy) * service.road_factor
    transit = road / (service.speed_kmh / 3.6)
    same = _keeps(service.same_day, road, transit)
    nxt = _keeps(service.next_day, road, transit)
    per_unit = rates.transport_per_unit_km * road / 1000.0
    per_unit = per_unit + np.where(same, 0.0, rates.penalty_beyond_same_day)
    per_unit = per_unit + np.where(nxt, 0.0, rates.penalty_beyond_next_day)
    cost = per_unit * demand[None, :]
    if service.max_distance_m is not None:
        cost = np.where(road <= service.max_distance_m, cost, np.inf)
    allowed = np.ones(len(sites), dtype=bool)
    allowed[list(must_close)] = False
    reach = np.isfinite(cost) & allowed[:, None]
    for j in np.flatnonzero(~reach.any(axis=0) & (demand > 0)):
        raise InvalidValueError(
            f"{base.point_field}[{j}]",
            base.points[j][0],
            "no open or candidate site can reach this demand point"
            + (
                f" within service.max_distance_m={service.max_distance_m:g}"
                if service.max_distance_m
                else ""
            ),
        )
    if caps[allowed].sum() < demand.sum():
        raise InvalidValueError(
            "changes.capacity_factor" if changes.capacity_factor else "base.sites",
            float(caps[allowed].sum()),
            f"total capacity of the sites that may open is below the total demand "
            f"({demand.sum():.6g})",
        )
    problem = FacilityLocationProblem(
        capacities=caps,
        fixed_costs=np.array([s.fixed_cost for s, _ in sites]) * rates.fixed_cost_factor,
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
