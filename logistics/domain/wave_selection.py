"""The wave-selection problem of the Mercado Libre SBPO 2025 challenge.

A backlog of orders waits in a warehouse whose stock sits in aisles. One wave
is a subset of orders and a subset of aisles such that every unit of the
chosen orders is available in the chosen aisles and the wave holds between
``lb`` and ``ub`` units. The goal is to pick as many units as possible per
aisle visited.

Orders and aisles are stored sparsely: a tuple of ``(item, units)`` pairs,
sorted by item, each item at most once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from logistics.domain._checks import require_int, store_int
from logistics.errors import InvalidValueError

__all__ = ["ItemUnits", "WaveSelectionProblem", "sparse_units", "MAX_UNITS", "MAX_BOUND"]

MAX_UNITS = 10**9
"""Largest units of one item in one order or aisle: sums and the solvers' integer models
(CP-SAT, numpy int64) must not overflow."""
MAX_BOUND = 2**62
"""Largest ``lb`` / ``ub``."""

ItemUnits = tuple[tuple[int, int], ...]
"""Sparse item -> units: ``((item, units), ...)`` sorted by item, units >= 1."""


def sparse_units(field_name: str, value: Mapping[int, int] | ItemUnits, n_items: int) -> ItemUnits:
    """Normalise a mapping or pair sequence into a sorted :data:`ItemUnits`.

    Parameters
    ----------
    field_name
        Name used in error messages, e.g. ``"orders[3]"``.
    value
        ``{item: units}`` or ``((item, units), ...)``.
    n_items
        Items are integers in ``[0, n_items)``.

    Raises
    ------
    InvalidValueError
        An item out of range or repeated, or a unit count below 1 or above
        :data:`MAX_UNITS`.
    """
    pairs = list(value.items()) if isinstance(value, Mapping) else list(value)
    seen: set[int] = set()
    checked: list[tuple[int, int]] = []
    for j, pair in enumerate(pairs):
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise InvalidValueError(f"{field_name}[{j}]", pair, "expected an (item, units) pair")
        item, units = pair
        item = require_int(f"{field_name}[{j}].item", item, minimum=0)
        if item >= n_items:
            raise InvalidValueError(f"{field_name}[{j}].item", item, f"must be < {n_items}")
        units = require_int(f"{field_name}[{j}].units", units, minimum=1, maximum=MAX_UNITS)
        if item in seen:
            raise InvalidValueError(f"{field_name}[{j}].item", item, "item listed twice")
        seen.add(item)
        checked.append((item, units))
    return tuple(sorted(checked))


@dataclass(frozen=True, slots=True)
class WaveSelectionProblem:
    """One SBPO 2025 instance.

    Parameters
    ----------
    orders
        Per order (0-based, file order), the units demanded of each item.
    aisles
        Per aisle (0-based, file order), the units of each item stocked there.
    n_items
        Number of distinct items; items are ``0 .. n_items - 1``.
    lb, ub
        Bounds on the total units of a wave, ``0 <= lb <= ub``.
    name
        Free label, e.g. ``"dataset_a/instance_0001"``.
    """

    orders: tuple[ItemUnits, ...]
    aisles: tuple[ItemUnits, ...]
    n_items: int
    lb: int
    ub: int
    name: str = ""
    _order_units: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        store_int(self, "n_items", minimum=0)
        store_int(self, "lb", minimum=0, maximum=MAX_BOUND)
        store_int(self, "ub", minimum=0, maximum=MAX_BOUND)
        if self.ub < self.lb:
            raise InvalidValueError("ub", self.ub, f"must be >= lb ({self.lb})")
        orders = tuple(
            sparse_units(f"orders[{k}]", o, self.n_items) for k, o in enumerate(self.orders)
        )
        aisles = tuple(
            sparse_units(f"aisles[{k}]", a, self.n_items) for k, a in enumerate(self.aisles)
        )
        object.__setattr__(self, "orders", orders)
        object.__setattr__(self, "aisles", aisles)
        object.__setattr__(self, "_order_units", tuple(sum(q for _, q in o) for o in orders))

    @property
    def n_orders(self) -> int:
        return len(self.orders)

    @property
    def n_aisles(self) -> int:
        return len(self.aisles)

    @property
    def order_units(self) -> tuple[int, ...]:
        """Total units of each order."""
        return self._order_units

    def units_of(self, orders: list[int] | tuple[int, ...]) -> int:
        """Total units of the given orders (indices, each counted once)."""
        return sum(self._order_units[k] for k in set(orders))
