"""Customer clocks of orders handled in bulk: one per order, into every problem built.

The single-order :func:`solvers.sourcing.solve` judges a promise (same-day,
next-day: due at the customer's local midnight) on the clock its
:class:`~logistics.domain.sourcing.SourcingProblem` carries. Batch
re-optimisation and the hindsight bound rebuild each order's problem, so they
take the orders' clocks alongside the orders (:func:`order_clocks`) and build
every problem with them (:func:`clocked_problem`); without a clock the offset is
guessed from the ship-to's longitude, as before. Whether each customer takes
delivery at a pickup point travels the same way (:func:`order_pickup_points`), so a
pickup-point lane the single-order solve offers is offered here too.
"""

from __future__ import annotations

from collections.abc import Sequence

from logistics.domain.orders import Order
from logistics.domain.sourcing import NetworkSnapshot, SourcingProblem, SourcingRules
from logistics.domain.timezones import CustomerClock
from logistics.errors import InvalidValueError

__all__ = ["clocked_problem", "order_clocks", "order_pickup_points"]


def order_clocks(
    orders: Sequence[object],
    clocks: Sequence[CustomerClock | None] | None,
    field: str = "clocks",
) -> tuple[CustomerClock | None, ...]:
    """Each order's clock (``None``: the longitude guess), checked against ``orders``.

    Parameters
    ----------
    orders
        The orders (or look-ahead regions).
    clocks
        One :class:`CustomerClock` or ``None`` per order, in the same order; ``None``
        for all of them when not given.
    field
        Name of ``clocks`` in errors.

    Raises
    ------
    InvalidValueError
        On ``field`` when the lengths differ, on ``field[i]`` for an entry that is
        not a :class:`CustomerClock`.
    """
    if clocks is None:
        return (None,) * len(orders)
    if isinstance(clocks, CustomerClock | str | bytes):
        raise InvalidValueError(field, clocks, "expected a sequence, one clock per order")
    out = tuple(clocks)
    if len(out) != len(orders):
        need = f"one clock (or None) for each of the {len(orders)}"
        raise InvalidValueError(field, len(out), need)
    for i, clock in enumerate(out):
        if clock is not None and not isinstance(clock, CustomerClock):
            raise InvalidValueError(f"{field}[{i}]", clock, "expected a CustomerClock or None")
    return out


def order_pickup_points(
    orders: Sequence[object], accept: Sequence[bool] | None, field: str = "accept_pickup_points"
) -> tuple[bool, ...]:
    """Whether each order's customer takes delivery at a pickup point (``False`` for
    all when not given), checked against ``orders``.

    Raises
    ------
    InvalidValueError
        On ``field`` when the lengths differ, on ``field[i]`` for an entry that is not
        ``True`` or ``False``.
    """
    if accept is None:
        return (False,) * len(orders)
    if isinstance(accept, bool | str | bytes):
        raise InvalidValueError(field, accept, "expected a sequence, one true/false per order")
    out = tuple(accept)
    if len(out) != len(orders):
        raise InvalidValueError(field, len(out), f"one true/false for each of the {len(orders)}")
    for i, a in enumerate(out):
        if not isinstance(a, bool):
            raise InvalidValueError(f"{field}[{i}]", a, "expected true or false")
    return out


def clocked_problem(
    order: Order,
    network: NetworkSnapshot,
    rules: SourcingRules,
    clock: CustomerClock | None,
    *,
    now: int | None = None,
    accept_pickup_point: bool = False,
) -> SourcingProblem:
    """``SourcingProblem(order, network, rules, now=now, accept_pickup_point=...)`` on
    the customer's ``clock``."""
    if clock is None:
        return SourcingProblem(
            order, network, rules, now=now, accept_pickup_point=accept_pickup_point
        )
    return SourcingProblem(
        order,
        network,
        rules,
        now=now,
        customer_utc_offset_s=clock.utc_offset_s,
        customer_time_zone=clock.time_zone,
        accept_pickup_point=accept_pickup_point,
    )
