"""Seeded synthetic days of e-commerce operations, for the demo and the tests.

``generate_day(seed=7)`` returns a :class:`SyntheticDay`: warehouses, SKUs,
stock, the day's orders with delivery promises, carriers with rate cards and a
delivery fleet per depot, all as :mod:`logistics.domain` objects. The same
configuration always gives the identical day (independent random streams per
part, spawned from the seed).

What is generated, and why (details in each module's docstring):

* **City** (:mod:`~logistics.synthetic.city`): Rio de Janeiro, addresses drawn
  from a Gaussian mixture over 24 demand anchors fitted (k-means) to the Loggi
  BUD delivery samples, clipped to their bounding box, so the density of
  customers is that of a real last-mile data set rather than a uniform box.
* **Network** (:mod:`~logistics.synthetic.network`): two fulfilment centres on
  the outskirts and one or two forward warehouses in the demand area, with
  daily capacities, cut-offs and handling costs; FCs stock nearly the whole
  catalogue, forward sites the fast movers only (60% of demand).
* **Catalogue** (:mod:`~logistics.synthetic.catalog`): Zipf popularity
  (exponent 1: the long tail of web shops), log-normal weights (median 350 g)
  and densities (median 0.2 g/cm3, the carriers' volumetric ratio).
* **Orders** (:mod:`~logistics.synthetic.orders`): intake by hour of day with
  midday and evening peaks, 1.6 lines per order on average, promises mixed
  same-city (2-4 h) / same-day / next-day / standard with checkout cut-offs.
* **Transport** (:mod:`~logistics.synthetic.transport`): a zone-priced courier,
  an instant courier with a 12 km radius and the own fleet; motorbikes, small
  vans and vans with (kg, litres, parcels) capacities, 08:00-18:00 shifts and a
  30-minute break.

* **Routing** (:mod:`~logistics.synthetic.routing`): ``delivery_problem(day,
  "FWD-MEIER")`` turns a depot's orders into a
  :class:`~logistics.domain.RoutingProblem` with stops, loads, promise
  windows and penalties, the depot's vehicles and integer travel matrices.

Every figure is an assumption chosen to be plausible, not a measurement; the
point is a day with the right *shape* (skew, peaks, geography, mix of
constraints) to exercise the solvers end to end.
"""

from logistics.synthetic.city import RIO_DE_JANEIRO, Anchor, City
from logistics.synthetic.day import DayConfig, SyntheticDay, generate_day
from logistics.synthetic.routing import delivery_problem, nearest_warehouse_orders

__all__ = [
    "Anchor",
    "City",
    "DayConfig",
    "RIO_DE_JANEIRO",
    "SyntheticDay",
    "delivery_problem",
    "generate_day",
    "nearest_warehouse_orders",
]
