"""Tiny routing instances for the tests (planar points, Euclidean travel)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from logistics.domain import (
    Break,
    Depot,
    Objective,
    Point,
    RoutingProblem,
    Stop,
    TimeWindow,
    Vehicle,
    VehicleType,
)

DAY = TimeWindow(0, 10_000)
SHIFT = TimeWindow(0, 5000)
DUTY = Objective(vehicle_costs=False, distance_per_m=1, duration_per_s=1)
"""One cost unit per meter and per second on duty (the schedule tests)."""


def one_van(
    stops, *, breaks: tuple[Break, ...] = (), end_depot: str | None = "d"
) -> RoutingProblem:
    """One van ``v`` on :data:`SHIFT` from depot ``d`` at (0, 0), :data:`DUTY` costs."""
    v = Vehicle("v", VehicleType("van", (10,)), "d", end_depot, shift=SHIFT, breaks=breaks)
    return RoutingProblem((Depot("d", Point(0, 0)),), tuple(stops), (v,), objective=DUTY)


def checked_route(problem: RoutingProblem, plan):
    """The plan's first route, once ``validate`` finds the plan feasible at the same cost
    and the route's duration adds up (travel + service + waiting + breaks)."""
    from solvers.routing import validate

    report = validate(problem, plan)
    assert report.feasible, report.violations
    assert report.cost == plan.summary.cost
    route = plan.routes[0]
    assert route.duration == route.travel_s + route.service_s + route.waiting_s + route.break_s
    return route


def van(capacity=(10,), **kw) -> VehicleType:
    return VehicleType(kw.pop("id", "van"), capacity, **kw)


def line_problem(
    n: int = 6,
    *,
    capacity=(10,),
    n_vehicles: int = 2,
    demand: int = 2,
    objective: Objective = Objective(vehicle_costs=False, distance_per_m=1),
    **stop_kw,
) -> RoutingProblem:
    """Stops on a ring around one depot at (0, 0)."""
    pts = [(10, 0), (0, 10), (-10, 0), (0, -10), (7, 7), (-7, -7), (7, -7), (-7, 7)]
    stops = tuple(
        Stop(
            f"s{i}",
            Point(*pts[i % len(pts)]) if i < len(pts) else Point(i, i),
            delivery=(demand,) + (0,) * (len(capacity) - 1),
            pickup=(0,) * len(capacity),
            **stop_kw,
        )
        for i in range(n)
    )
    t = van(capacity)
    vehicles = tuple(Vehicle(f"v{k}", t, "d", "d", shift=DAY) for k in range(n_vehicles))
    units = ("parcels",) if len(capacity) == 1 else tuple(f"u{k}" for k in range(len(capacity)))
    return RoutingProblem(
        depots=(Depot("d", Point(0, 0)),),
        stops=stops,
        vehicles=vehicles,
        units=units,
        objective=objective,
        name="ring",
    )


def random_rich_problem(seed: int) -> RoutingProblem:
    """A random problem using every feature at once (several depots, open routes,
    types with skills/limits/speed factors, breaks, windows, soft windows, optional
    stops, priorities, pairs, two units)."""
    import random
    from dataclasses import replace

    from logistics.domain import Break, PickupDelivery

    rnd = random.Random(seed)
    nd = rnd.choice([1, 1, 2])
    depots = tuple(
        Depot(f"d{i}", Point(rnd.uniform(0, 100), rnd.uniform(0, 100)), opening=TimeWindow(0, 2000))
        for i in range(nd)
    )
    units = ("kg", "l")
    types = []
    for k in range(rnd.randint(1, 3)):
        types.append(
            VehicleType(
                f"t{k}",
                (rnd.randint(30, 60), rnd.randint(30, 60)),
                fixed_cost=rnd.choice([0, 100]),
                cost_per_km=rnd.choice([0, 300]),
                cost_per_hour=rnd.choice([0, 700]),
                speed_factor=rnd.choice([1.0, 1.0, 1.25]),
                skills=frozenset(rnd.sample(["a", "b", "c"], rnd.randint(0, 2))),
                co2_g_per_km=100,
                max_duration_s=rnd.choice([None, 900]),
                max_distance_m=rnd.choice([None, 400]),
            )
        )
    vehicles = []
    for k in range(rnd.randint(2, 5)):
        s = rnd.randint(0, 200)
        e = rnd.randint(1200, 2000)
        br = ()
        if rnd.random() < 0.5:
            ws = rnd.randint(s, 600)
            br = (Break(TimeWindow(ws, ws + rnd.randint(0, 300)), rnd.randint(10, 60)),)
        dep = rnd.choice(depots).id
        vehicles.append(
            Vehicle(
                f"v{k}",
                rnd.choice(types),
                dep,
                rnd.choice([dep, None, rnd.choice(depots).id]),
                shift=TimeWindow(s, e),
                breaks=br,
            )
        )
    stops = []
    n = rnd.randint(5, 25)
    for i in range(n):
        kw = {}
        r = rnd.random()
        if r < 0.3:
            a = rnd.randint(0, 1000)
            kw["time_windows"] = (TimeWindow(a, a + rnd.randint(50, 400)),)
        elif r < 0.45:
            a = rnd.randint(0, 400)
            kw["time_windows"] = (TimeWindow(a, a + 100), TimeWindow(a + 300, a + 500))
        if "time_windows" in kw and rnd.random() < 0.3:
            kw.update(soft_windows=True, lateness_cost_per_s=rnd.randint(0, 5))
        if rnd.random() < 0.2:
            kw["penalty"] = rnd.randint(0, 5000)
        if rnd.random() < 0.2:
            kw["skills"] = frozenset(rnd.sample(["a", "b", "c"], 1))
        kw["priority"] = rnd.choice([0, 0, 50, 100])
        stops.append(
            Stop(
                f"s{i}",
                Point(rnd.uniform(0, 100), rnd.uniform(0, 100)),
                delivery=(rnd.randint(0, 15), rnd.randint(0, 15)),
                pickup=(rnd.choice([0, 0, rnd.randint(0, 10)]), 0),
                service_s=rnd.randint(0, 60),
                **kw,
            )
        )
    pairs = []
    ids = [s.id for s in stops]
    rnd.shuffle(ids)
    by = {s.id: i for i, s in enumerate(stops)}
    for _ in range(rnd.randint(0, 3)):
        if len(ids) >= 2:
            a, b = ids.pop(), ids.pop()
            q = rnd.randint(1, 10)
            stops[by[a]] = replace(stops[by[a]], pickup=(q, 0), delivery=(0, 0))
            stops[by[b]] = replace(stops[by[b]], pickup=(0, 0), delivery=(q, 0))
            pairs.append(PickupDelivery(a, b))
    obj = Objective(
        vehicle_costs=rnd.random() < 0.7,
        distance_per_m=rnd.choice([0, 1]),
        span_cost_per_s=rnd.choice([0, 0, 2]),
    )
    return RoutingProblem(
        depots, tuple(stops), tuple(vehicles), pairs=tuple(pairs), units=units, objective=obj
    )


def random_cvrp(n: int, seed: int = 0, vehicles: int | None = None) -> RoutingProblem:
    """``n`` stops uniform on a 1 km square, 1-9 units each, vans of 50 units (enough
    for all demand plus 5 unless ``vehicles`` is given), distance cost only."""
    rng = np.random.default_rng(seed)
    pts = rng.uniform(0, 1000, size=(n, 2))
    stops = tuple(
        Stop(str(i), Point(float(x), float(y)), delivery=(int(rng.integers(1, 10)),))
        for i, (x, y) in enumerate(pts)
    )
    cap = 50
    k = vehicles or int(np.ceil(sum(s.delivery[0] for s in stops) / cap)) + 5
    vt = VehicleType("van", (cap,))
    return RoutingProblem(
        depots=(Depot("D", Point(500, 500)),),
        stops=stops,
        vehicles=tuple(Vehicle(f"v{j}", vt, "D", "D") for j in range(k)),
        objective=Objective(vehicle_costs=False, distance_per_m=1),
        name=f"cvrp{n}",
    )


MAX_COST = 10**9
"""The largest money input a routing problem accepts (``MAX_AMOUNT``, cents)."""
MAX_ARC_M = 40_000_000
"""The longest arc the JSON input accepts (``routing_json.MAX_DISTANCE_M``)."""


def extreme_costs(
    n: int = 12,
    *,
    n_vehicles: int = 7,
    demand: int = 5,
    max_arc: int = MAX_ARC_M,
    windows: bool = False,
    seed: int = 1,
) -> RoutingProblem:
    """Required stops at every cost maximum: 10**9 cents per meter, per second and per
    vehicle in the objective and on the vans (per km, per hour, fixed). Vans of 10
    units, ``demand`` per stop, enough vans for all; a random distance matrix with arcs
    of ``max_arc // 2`` to ``max_arc`` meters, 600 s per arc, a 24-hour shift, and one
    hour-long window per stop (all within the shift) when ``windows``."""
    rng = np.random.default_rng(seed)
    hour = 3600
    t = VehicleType("van", (10,), fixed_cost=MAX_COST, cost_per_km=MAX_COST, cost_per_hour=MAX_COST)
    vehicles = tuple(
        Vehicle(f"v{k}", t, "d", "d", shift=TimeWindow(0, 24 * hour)) for k in range(n_vehicles)
    )
    stops = tuple(
        Stop(
            f"s{i}",
            Point(i + 1, 0),
            delivery=(demand,),
            time_windows=(TimeWindow(hour * (i % 8 + 1), hour * (i % 8 + 2)),) if windows else (),
        )
        for i in range(n)
    )
    dist = rng.integers(max_arc // 2, max_arc, size=(n + 1, n + 1))
    np.fill_diagonal(dist, 0)
    dur = np.full((n + 1, n + 1), 600, dtype=np.int64)
    np.fill_diagonal(dur, 0)
    objective = Objective(distance_per_m=MAX_COST, duration_per_s=MAX_COST, per_vehicle=MAX_COST)
    return RoutingProblem(
        (Depot("d", Point(0, 0)),),
        stops,
        vehicles,
        distance=dist,
        duration=dur,
        objective=objective,
        name="extreme-costs",
    )


def two_depot_day(seed: int = 1) -> RoutingProblem:
    """:func:`random_cvrp` with 30 stops and a second depot ``E`` with four vans of its
    own, for planning a day depot by depot."""
    base = random_cvrp(30, seed=seed)
    vt = base.vehicles[0].type
    return replace(
        base,
        depots=(*base.depots, Depot("E", Point(1000.0, 500.0))),
        vehicles=base.vehicles + tuple(Vehicle(f"e{j}", vt, "E", "E") for j in range(4)),
    )
