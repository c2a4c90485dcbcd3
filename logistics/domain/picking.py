"""Orders as a picker sees them: lines at slots, with size, arrival and carrier cut-off.

Units: quantities in units, weights in grams, volumes in cubic centimetres,
times in integer seconds from the start of the planning day.
"""

from __future__ import annotations

from dataclasses import dataclass

from logistics.domain._checks import require_id, store_int
from logistics.errors import InvalidValueError, quoted

__all__ = ["PickLine", "PickOrder"]


@dataclass(frozen=True, slots=True)
class PickLine:
    """One line: ``quantity`` units from slot ``slot_id`` (weight/volume of the whole line)."""

    slot_id: str
    quantity: int = 1
    weight_g: int = 0
    volume_cm3: int = 0

    def __post_init__(self) -> None:
        require_id("slot_id", self.slot_id)
        store_int(self, "quantity", minimum=1)
        store_int(self, "weight_g", minimum=0)
        store_int(self, "volume_cm3", minimum=0)


@dataclass(frozen=True, slots=True)
class PickOrder:
    """A customer order to pick.

    Parameters
    ----------
    id
        Unique order id.
    lines
        What to pick (at least one line).
    arrival_s
        When the order becomes available for picking (s).
    cutoff_s
        Carrier cut-off: the order must be picked (batch back at the depot) by then (s);
        ``None`` when it has none.
    totes
        Totes (containers) the order occupies on a cart, at least 1.
    allow_split
        Whether the order may be split over several carts.
    """

    id: str
    lines: tuple[PickLine, ...]
    arrival_s: int = 0
    cutoff_s: int | None = None
    totes: int = 1
    allow_split: bool = False

    def __post_init__(self) -> None:
        require_id("id", self.id)
        if isinstance(self.lines, list):
            object.__setattr__(self, "lines", tuple(self.lines))
        if not isinstance(self.lines, tuple) or not self.lines:
            raise InvalidValueError(
                "lines", self.lines, f"order {quoted(self.id)} needs at least one line"
            )
        for i, line in enumerate(self.lines):
            if not isinstance(line, PickLine):
                raise InvalidValueError(f"lines[{i}]", line, "expected a PickLine")
        store_int(self, "arrival_s")
        if self.cutoff_s is not None:
            store_int(self, "cutoff_s")
        store_int(self, "totes")
        if self.totes < 1:  # 0 let any number of orders share a cart's totes
            raise InvalidValueError(
                "totes", self.totes, f"order {quoted(self.id)} takes at least 1 tote on a cart"
            )
        if not isinstance(self.allow_split, bool):
            raise InvalidValueError("allow_split", self.allow_split, "expected true or false")

    @property
    def items(self) -> int:
        """Units in the order."""
        return sum(line.quantity for line in self.lines)

    @property
    def weight_g(self) -> int:
        return sum(line.weight_g for line in self.lines)

    @property
    def volume_cm3(self) -> int:
        return sum(line.volume_cm3 for line in self.lines)

    @property
    def slot_ids(self) -> tuple[str, ...]:
        """Distinct slots of the order, in line order."""
        return tuple(dict.fromkeys(line.slot_id for line in self.lines))
