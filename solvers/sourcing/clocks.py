"""Customer clocks of orders handled in bulk: one per order, into every problem built.

The single-order :func:`solvers.sourcing.solve` judges a promise (same-day,
next-day: due at the customer's local midnight) on the clock its
:class:`~logistics.domain.sourcing.SourcingProblem` carries. Batch
re-optimisation and the hindsight bound rebuild each order's problem, so they
take the orders' clocks alongside the orders (:func:`order_clocks`) and build
every problem with them (:func:`clocked_problem`); without a clock the offset is
guessed from the ship-to's longitude, as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from logistics.domain.orders import Order
from logistics.domain.sourcing import NetworkSnapshot, SourcingProblem, SourcingRules
from logistics.domain.timezones import CustomerClock
from logistics.errors import InvalidValueError

__all__ = ["clocked_problem", "order_clocks"]


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


def clocked_problem(
    order: Order,
    network: NetworkSnapshot,
    rules: SourcingRules,
    clock: CustomerClock | None,
    *,
    now: int | None = None,
) -> SourcingProblem:
    """``SourcingProblem(order, network, rules, now=now)`` on the customer's ``clock``."""
    if clock is None:
        return SourcingProblem(order, network, rules, now=now)
    return SourcingProblem(
        order,
        network,
        rules,
        now=now,
        customer_utc_offset_s=clock.utc_offset_s,
        customer_time_zone=clock.time_zone,
    )
