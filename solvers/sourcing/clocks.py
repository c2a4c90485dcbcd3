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

from collections.abc import Callable, Sequence
from typing import TypeVar

from logistics.domain.orders import Order
from logistics.domain.sourcing import NetworkSnapshot, SourcingProblem, SourcingRules
from logistics.domain.timezones import CustomerClock
from logistics.errors import InvalidValueError

__all__ = ["clocked_problem", "order_clocks", "order_pickup_points"]

T = TypeVar("T")


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
    return _one_per_order(
        orders,
        clocks,
        field,
        None,
        lambda c: c is None or isinstance(c, CustomerClock),
        ("clock (or None)", "a CustomerClock or None"),
    )


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
    return _one_per_order(
        orders, accept, field, False, lambda a: isinstance(a, bool), ("true/false", "true or false")
    )


def _one_per_order(
    orders: Sequence[object],
    values: Sequence[T] | None,
    field: str,
    default: T,
    is_entry: Callable[[object], bool],
    words: tuple[str, str],
) -> tuple[T, ...]:
    """``values`` as a tuple, one entry per order (``default`` for all when ``None``);
    ``words``: what one entry is, and what an entry must be, in error messages."""
    if values is None:
        return (default,) * len(orders)
    one, expected = words
    if is_entry(values) or isinstance(values, str | bytes):
        raise InvalidValueError(field, values, f"expected a sequence, one {one} per order")
    out = tuple(values)
    if len(out) != len(orders):
        raise InvalidValueError(field, len(out), f"one {one} for each of the {len(orders)}")
    for i, v in enumerate(out):
        if not is_entry(v):
            raise InvalidValueError(f"{field}[{i}]", v, f"expected {expected}")
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
