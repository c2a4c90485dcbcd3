"""What is sold and stored: SKUs and stock positions."""

from __future__ import annotations

from dataclasses import dataclass

from logistics.domain._checks import require_id, require_int_vector, require_optional_id, store_int
from logistics.errors import InvalidValueError

__all__ = ["Sku", "InventoryPosition", "MAX_WEIGHT_G", "MAX_STOCK_UNITS"]

MAX_WEIGHT_G = 10**12
"""Heaviest unit of a SKU, grams (1,000 t; the API's cap): solvers keep unit weights in int64."""

MAX_STOCK_UNITS = 10**12
"""Most units of one stock position (on hand, reserved, safety stock; the API's cap):
sourcing keeps stock in int64 arrays, where a larger number did not fit."""


@dataclass(frozen=True, slots=True)
class Sku:
    """A stock-keeping unit.

    Parameters
    ----------
    id
        The SKU code.
    weight_g
        Weight of one unit in grams (``0..MAX_WEIGHT_G``).
    volume_cm3
        Volume of one unit in cubic centimetres.
    dims_mm
        Length, width, height of one unit in millimetres (0s when unknown).
    item_class
        Storage class such as ``"general"``, ``"hazardous"``, ``"food"``.
    kit_id
        Kits are never split across shipments; SKUs of one kit share this id.
    """

    id: str
    weight_g: int = 0
    volume_cm3: int = 0
    dims_mm: tuple[int, int, int] = (0, 0, 0)
    item_class: str = "general"
    kit_id: str | None = None

    def __post_init__(self) -> None:
        require_id("id", self.id)
        store_int(self, "weight_g", minimum=0, maximum=MAX_WEIGHT_G)
        store_int(self, "volume_cm3", minimum=0)
        if not isinstance(self.dims_mm, tuple) or len(self.dims_mm) != 3:
            raise InvalidValueError(
                "dims_mm", self.dims_mm, "expected a tuple (length, width, height) in mm"
            )
        object.__setattr__(self, "dims_mm", require_int_vector("dims_mm", self.dims_mm))
        require_id("item_class", self.item_class)
        require_optional_id("kit_id", self.kit_id)


@dataclass(frozen=True, slots=True)
class InventoryPosition:
    """Stock of one SKU in one warehouse, in units.

    ``available = on_hand - reserved - safety_stock`` is what sourcing may promise.
    Held units are part of the units on hand, so ``reserved <= on_hand``.

    Raises
    ------
    InvalidValueError
        Naming the field: a bad id, a negative count, or ``reserved`` above ``on_hand``.
    """

    warehouse_id: str
    sku_id: str
    on_hand: int
    reserved: int = 0
    safety_stock: int = 0

    def __post_init__(self) -> None:
        require_id("warehouse_id", self.warehouse_id)
        require_id("sku_id", self.sku_id)
        store_int(self, "on_hand", minimum=0, maximum=MAX_STOCK_UNITS)
        store_int(self, "reserved", minimum=0, maximum=MAX_STOCK_UNITS)
        if self.reserved > self.on_hand:  # held units are units on hand: never more
            raise InvalidValueError(
                "reserved", self.reserved, f"more than the units on hand ({self.on_hand})"
            )
        store_int(self, "safety_stock", minimum=0, maximum=MAX_STOCK_UNITS)

    @property
    def available(self) -> int:
        """Units that may still be promised (never negative: safety stock may exceed the
        free units)."""
        return max(0, self.on_hand - self.reserved - self.safety_stock)
