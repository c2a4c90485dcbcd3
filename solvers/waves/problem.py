"""Problem and parameter objects of order batching and wave planning."""

from __future__ import annotations

from dataclasses import dataclass, field

from logistics.domain._checks import (
    require_bool,
    require_id,
    require_int,
    require_number,
    require_seed,
    store_int,
)
from logistics.domain.layout import WarehouseLayout
from logistics.domain.picking import PickOrder
from logistics.errors import InvalidValueError, one_of, quoted
from solvers.picking import METHODS
from solvers.progress import Progress, ProgressCallback, StopCheck

__all__ = [
    "CartCapacity",
    "BatchingProblem",
    "BatchingParams",
    "Picker",
    "WaveProblem",
    "WaveParams",
    "Progress",
    "ProgressCallback",
    "StopCheck",
]


_CART_LIMITS = ("items", "totes", "volume_cm3", "weight_g")  # the fields (and JSON keys)


@dataclass(frozen=True, slots=True)
class CartCapacity:
    """What one cart (one picking tour) holds; ``None`` means unlimited.

    Parameters
    ----------
    items
        Units.
    totes
        Totes (each order uses ``PickOrder.totes``).
    volume_cm3
        Volume (cm3).
    weight_g
        Weight (g).
    """

    items: int | None = None
    totes: int | None = None
    volume_cm3: int | None = None
    weight_g: int | None = None

    def __post_init__(self) -> None:
        for name in _CART_LIMITS:
            v = getattr(self, name)
            if v is not None:
                object.__setattr__(self, name, require_int(f"cart.{name}", v, minimum=1))
        if all(getattr(self, n) is None for n in _CART_LIMITS):
            raise InvalidValueError("cart", None, "give at least " + one_of(_CART_LIMITS))

    def limits(self) -> tuple[int | None, int | None, int | None, int | None]:
        return self.items, self.totes, self.volume_cm3, self.weight_g


def order_load(order: PickOrder) -> tuple[int, int, int, int]:
    """``(items, totes, volume_cm3, weight_g)`` of an order."""
    return order.items, order.totes, order.volume_cm3, order.weight_g


@dataclass(frozen=True)
class BatchingProblem:
    """Group ``orders`` onto carts of ``cart`` capacity in ``layout``.

    Every slot of every order must be in the layout; an order that may not be
    split must fit on one cart; every line of one that may, with all the order's
    totes (each part of a split order takes them all). Checked here, naming the order.
    """

    layout: WarehouseLayout
    orders: tuple[PickOrder, ...]
    cart: CartCapacity

    def __post_init__(self) -> None:
        if not isinstance(self.layout, WarehouseLayout):
            raise InvalidValueError("layout", self.layout, "expected a WarehouseLayout")
        if not isinstance(self.cart, CartCapacity):
            raise InvalidValueError("cart", self.cart, "expected a CartCapacity")
        if isinstance(self.orders, list):
            object.__setattr__(self, "orders", tuple(self.orders))
        if not isinstance(self.orders, tuple):
            raise InvalidValueError("orders", self.orders, "expected a tuple of PickOrder")
        seen: set[str] = set()
        names = ("items", "totes", "volume_cm3", "weight_g")
        for i, order in enumerate(self.orders):
            if not isinstance(order, PickOrder):
                raise InvalidValueError(f"orders[{i}]", order, "expected a PickOrder")
            if order.id in seen:
                raise InvalidValueError(f"orders[{i}].id", order.id, "duplicate order id")
            seen.add(order.id)
            for j, line in enumerate(order.lines):
                if not self.layout.has_slot(line.slot_id):
                    raise InvalidValueError(
                        f"orders[{i}].lines[{j}].slot_id",
                        line.slot_id,
                        f"order {quoted(order.id)}: slot not in the layout",
                    )
            if order.allow_split:
                if self.cart.totes is not None and order.totes > self.cart.totes:
                    raise InvalidValueError(
                        f"orders[{i}].totes",
                        order.totes,
                        f"order {quoted(order.id)} needs {order.totes} totes but a cart holds "
                        f"{self.cart.totes} (every part of a split order takes all its totes)",
                    )
                for j, line in enumerate(order.lines):
                    for name, have, cap in zip(
                        names,
                        order_load(PickOrder("x", (line,), totes=order.totes)),
                        self.cart.limits(),
                        strict=True,
                    ):
                        if cap is not None and have > cap:
                            raise InvalidValueError(
                                f"orders[{i}].lines[{j}]",
                                line.slot_id,
                                f"order {quoted(order.id)}: one line needs {have} {name}, "
                                f"a cart holds {cap}",
                            )
                continue
            for name, have, cap in zip(names, order_load(order), self.cart.limits(), strict=True):
                if cap is not None and have > cap:
                    raise InvalidValueError(
                        f"orders[{i}]",
                        order.id,
                        f"order needs {have} {name} but a cart holds {cap} and the order may not "
                        "be split (set allow_split or use a larger cart)",
                    )


@dataclass(frozen=True)
class BatchingParams:
    """Options of :func:`solvers.waves.solve_batching`.

    Parameters
    ----------
    start
        Constructive start: ``"fcfs"``, ``"seed"``, ``"savings"`` or ``"best"``
        (all three, keep the shortest).
    improve
        Run the adaptive large neighbourhood search after the start.
    time_limit_s
        Wall-clock limit of the whole solve (s).
    router
        Routing method pricing a batch (``"exact"``, or a heuristic such as
        ``"s_shape"`` for baselines).
    seed
        Random seed (the search is deterministic for a seed and an iteration
        count; with a time limit the number of iterations depends on the machine).
    max_iterations
        Stop after this many ALNS iterations (``None``: only the time limit).
    """

    start: str = "best"
    improve: bool = True
    time_limit_s: float = 10.0
    router: str = "exact"
    seed: int = 0
    max_iterations: int | None = None

    def __post_init__(self) -> None:
        if self.start not in ("fcfs", "seed", "savings", "best"):
            raise InvalidValueError("start", self.start, "one of fcfs, seed, savings, best")
        require_bool("improve", self.improve)
        require_number("time_limit_s", self.time_limit_s, minimum=0)
        if self.router not in METHODS:
            raise InvalidValueError("router", self.router, one_of(METHODS))
        object.__setattr__(self, "seed", require_seed("seed", self.seed))
        if self.max_iterations is not None:
            store_int(self, "max_iterations", minimum=0)


@dataclass(frozen=True, slots=True)
class Picker:
    """One picker and the shift they work (s since the start of the day)."""

    id: str
    shift_start_s: int
    shift_end_s: int

    def __post_init__(self) -> None:
        require_id("picker.id", self.id)
        store_int(self, "shift_start_s")
        store_int(self, "shift_end_s")
        if self.shift_end_s <= self.shift_start_s:
            raise InvalidValueError(
                "shift_end_s",
                self.shift_end_s,
                f"picker {quoted(self.id)}: shift must end after it starts",
            )


@dataclass(frozen=True)
class WaveProblem:
    """Release batches in waves to ``pickers`` so orders meet their carrier cut-off.

    Walking and picking times come from the layout (``walking_speed_mps``,
    ``pick_time_s`` per slot visited) plus ``setup_s`` per batch (taking a cart,
    dropping it at packing).
    """

    batching: BatchingProblem
    pickers: tuple[Picker, ...]
    setup_s: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.batching, BatchingProblem):
            raise InvalidValueError("batching", self.batching, "expected a BatchingProblem")
        if isinstance(self.pickers, list):
            object.__setattr__(self, "pickers", tuple(self.pickers))
        if not isinstance(self.pickers, tuple):
            raise InvalidValueError("pickers", self.pickers, "expected a tuple of Picker")
        if not self.pickers:
            raise InvalidValueError("pickers", self.pickers, "at least one picker")
        store_int(self, "setup_s", minimum=0)
        seen: set[str] = set()
        for i, p in enumerate(self.pickers):
            if not isinstance(p, Picker):
                raise InvalidValueError(f"pickers[{i}]", p, "expected a Picker")
            if p.id in seen:
                raise InvalidValueError(f"pickers[{i}].id", p.id, "duplicate picker id")
            seen.add(p.id)
        first = min(p.shift_start_s for p in self.pickers)
        for i, o in enumerate(self.batching.orders):
            if o.cutoff_s is not None and o.cutoff_s <= first:
                raise InvalidValueError(
                    f"orders[{i}].cutoff_s",
                    o.cutoff_s,
                    f"order {quoted(o.id)}: "
                    f"cut-off is at or before the first shift's start ({first} s)",
                )


@dataclass(frozen=True)
class WaveParams:
    """Options of :func:`solvers.waves.plan_waves`: the batching options and the total limit."""

    batching: BatchingParams = field(default_factory=BatchingParams)
    time_limit_s: float = 30.0

    def __post_init__(self) -> None:
        if not isinstance(self.batching, BatchingParams):  # None failed deep in plan_waves
            raise InvalidValueError("batching", self.batching, "expected BatchingParams")
        require_number("time_limit_s", self.time_limit_s, minimum=0)
