"""Warehouse layout for manual picker-to-parts picking.

The model is the one used throughout the picker-routing literature (Ratliff &
Rosenthal 1983; Roodbergen & de Koster 2001): parallel *aisles* running front to
back, crossed by *cross-aisles* that split them into *blocks*. Cross-aisle 0 is
the front one, cross-aisle ``blocks`` the back one; block ``b`` lies between
cross-aisles ``b`` and ``b + 1``. Every aisle runs through every block. Slots sit
on both sides of an aisle; a picker standing on the aisle's centre line at the
slot's position reaches both sides (and every level).

Units (chosen once, here): every length is an integer number of **millimetres**
(``*_mm``), so routes are exact integers and OR-Tools gets integer costs; weights
are grams, volumes cubic centimetres, speeds metres per second and pick times
seconds (floats, they only convert lengths to times). Builders take metres as
floats for convenience and round to the millimetre.

Coordinates: ``x`` grows left to right across the aisles, ``y`` grows front to
back. ``aisle_x_mm[a]`` is the centre line of aisle ``a``; ``cross_aisle_y_mm[c]``
is the centre line of cross-aisle ``c``. A slot's ``position_mm`` is measured
along its aisle from the centre line of the front cross-aisle *of its block*, so
it lies in ``[0, block_length_mm(block)]``.

The depot (pack station) is a point on cross-aisle ``depot_cross_aisle`` at
``x = depot_x_mm``, reached over an extra ``depot_offset_mm`` (walked twice per
tour, to and from).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import networkx as nx

from logistics.domain._checks import (
    require_id,
    require_int,
    require_int_vector,
    require_number,
    store_int,
)
from logistics.errors import InvalidValueError, member, one_of, quoted

__all__ = [
    "Side",
    "Slot",
    "WarehouseLayout",
    "PickPoint",
    "mm",
    "MAX_SLOTS",
    "MAX_LENGTH_M",
    "MAX_PICK_TIME_S",
    "MAX_COORDINATE_MM",
]

MAX_SLOTS = 200_000
"""Most slots a regular layout is built with (200,000 build in about 2 s)."""

MAX_LENGTH_M = 100_000.0
"""Longest length (metres) a regular layout takes: a width, depth, offset or the depot's
x. Far above any building; 1e308 overflowed the conversion to millimetres (a 500)."""

MAX_COORDINATE_MM = 10**12
"""Largest magnitude (mm) of an aisle's x, a cross-aisle's y and the depot offset: a million
km, above any regular layout of a realistic size, and small enough that every walk fits
64-bit integers (OR-Tools' costs). 10**22 was accepted in an explicit layout, then the
exact router failed ("exact DP found no tour") and tsp overflowed in OR-Tools."""

MAX_PICK_TIME_S = 86_400.0
"""Longest time (seconds) one pick may take: a day. 1e308 passed the finite check and a
waves job failed "unexpectedly" (OverflowError) when a batch's duration became inf."""


def mm(metres: float) -> int:
    """Metres (float) to integer millimetres, rounded half away from zero."""
    return int(round(metres * 1000.0))


class Side(StrEnum):
    """Which side of the aisle a slot faces, looking from the front to the back."""

    LEFT = "left"
    RIGHT = "right"


@dataclass(frozen=True, slots=True)
class PickPoint:
    """Where a picker stands to pick a slot: aisle, block and position (mm)."""

    aisle: int
    block: int
    position_mm: int


@dataclass(frozen=True, slots=True)
class Slot:
    """One storage location.

    Parameters
    ----------
    id
        Unique slot identifier, e.g. ``"A03-L-012-1"``.
    aisle
        0-based aisle index (left to right).
    position_mm
        Distance along the aisle from the centre line of the block's front
        cross-aisle, in millimetres.
    side
        :class:`Side` of the aisle.
    block
        0-based block index (front to back), default 0.
    level
        Shelf level, 0 = floor.
    max_volume_cm3, max_weight_g
        Capacity of the slot (``None``: unlimited).
    golden_zone
        ``True`` for the ergonomic waist-to-shoulder band (fast movers go here).
    slot_type
        Free text storage type (``"shelf"``, ``"pallet"``, ``"bin"``, ...).
    max_dims_mm
        Inner size ``(width, depth, height)`` in mm; an item fits when its dimensions,
        turned any way, fit inside (``None``: no size limit, only the volume).
    """

    id: str
    aisle: int
    position_mm: int
    side: Side = Side.LEFT
    block: int = 0
    level: int = 0
    max_volume_cm3: int | None = None
    max_weight_g: int | None = None
    golden_zone: bool = False
    slot_type: str = "shelf"
    max_dims_mm: tuple[int, int, int] | None = None

    def __post_init__(self) -> None:
        require_id("id", self.id)
        store_int(self, "aisle", minimum=0)
        store_int(self, "block", minimum=0)
        store_int(self, "position_mm", minimum=0)
        store_int(self, "level", minimum=0)
        try:
            object.__setattr__(self, "side", Side(self.side))
        except ValueError:
            raise InvalidValueError("side", self.side, "one of 'left', 'right'") from None
        if self.max_volume_cm3 is not None:
            store_int(self, "max_volume_cm3", minimum=0)
        if self.max_weight_g is not None:
            store_int(self, "max_weight_g", minimum=0)
        if not isinstance(self.golden_zone, bool):
            raise InvalidValueError("golden_zone", self.golden_zone, "expected true or false")
        require_id("slot_type", self.slot_type)
        if self.max_dims_mm is not None:
            dims = self.max_dims_mm
            if not isinstance(dims, (list, tuple)) or len(dims) != 3:
                raise InvalidValueError("max_dims_mm", dims, "expected [width, depth, height]")
            object.__setattr__(
                self, "max_dims_mm", require_int_vector("max_dims_mm", tuple(dims), minimum=1)
            )

    @property
    def point(self) -> PickPoint:
        """The pick point of this slot (both sides of an aisle share points)."""
        return PickPoint(self.aisle, self.block, self.position_mm)


@dataclass(frozen=True)
class WarehouseLayout:
    """A rectangular multi-block warehouse with parallel aisles.

    Parameters
    ----------
    aisle_x_mm
        Centre line of each aisle, strictly increasing (mm).
    cross_aisle_y_mm
        Centre line of each cross-aisle, front to back, strictly increasing;
        ``len - 1`` blocks (mm).
    slots
        Every storage location; each must lie in an existing aisle and block.
    depot_x_mm
        Depot position along its cross-aisle (mm), within the aisle span.
    depot_cross_aisle
        Cross-aisle the depot sits on (0 = front).
    depot_offset_mm
        Extra distance between the depot and the cross-aisle centre line (mm).
    aisle_width_mm, cross_aisle_width_mm
        Walking widths (documentation and plotting; distances use centre lines).
    walking_speed_mps
        Picker walking speed (m/s).
    pick_time_s
        Time to pick one slot (s).
    name
        Free text label.
    """

    aisle_x_mm: tuple[int, ...]
    cross_aisle_y_mm: tuple[int, ...]
    slots: tuple[Slot, ...]
    depot_x_mm: int
    depot_cross_aisle: int = 0
    depot_offset_mm: int = 0
    aisle_width_mm: int = 2000
    cross_aisle_width_mm: int = 2000
    walking_speed_mps: float = 1.0
    pick_time_s: float = 10.0
    name: str = "warehouse"
    _index: dict[str, int] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        for name in ("aisle_x_mm", "cross_aisle_y_mm", "slots"):
            value = getattr(self, name)
            if isinstance(value, list):
                object.__setattr__(self, name, tuple(value))
        if not self.aisle_x_mm:
            raise InvalidValueError("aisle_x_mm", self.aisle_x_mm, "at least one aisle")
        far = _too_far(MAX_COORDINATE_MM)
        for name in ("aisle_x_mm", "cross_aisle_y_mm"):
            values = require_int_vector(name, getattr(self, name), minimum=None)
            for i, v in enumerate(values):
                if abs(v) > MAX_COORDINATE_MM:
                    raise InvalidValueError(f"{name}[{i}]", v, far)
            object.__setattr__(self, name, values)
        for i, x in enumerate(self.aisle_x_mm):
            if i and x <= self.aisle_x_mm[i - 1]:
                raise InvalidValueError(
                    f"aisle_x_mm[{i}]", x, "aisles must be strictly left to right"
                )
        if len(self.cross_aisle_y_mm) < 2:
            raise InvalidValueError(
                "cross_aisle_y_mm", self.cross_aisle_y_mm, "at least a front and a back cross-aisle"
            )
        for i, y in enumerate(self.cross_aisle_y_mm):
            if i and y <= self.cross_aisle_y_mm[i - 1]:
                raise InvalidValueError(
                    f"cross_aisle_y_mm[{i}]", y, "cross-aisles must be strictly front to back"
                )
        store_int(self, "depot_x_mm")
        if not self.aisle_x_mm[0] <= self.depot_x_mm <= self.aisle_x_mm[-1]:
            raise InvalidValueError(
                "depot_x_mm",
                self.depot_x_mm,
                f"must lie within the aisles [{self.aisle_x_mm[0]}, {self.aisle_x_mm[-1]}]",
            )
        store_int(self, "depot_cross_aisle", minimum=0)
        if self.depot_cross_aisle >= len(self.cross_aisle_y_mm):
            raise InvalidValueError(
                "depot_cross_aisle",
                self.depot_cross_aisle,
                f"only {len(self.cross_aisle_y_mm)} cross-aisles",
            )
        store_int(self, "depot_offset_mm", minimum=0, maximum=MAX_COORDINATE_MM)
        store_int(self, "aisle_width_mm", minimum=0)
        store_int(self, "cross_aisle_width_mm", minimum=0)
        require_number("walking_speed_mps", self.walking_speed_mps, minimum=1e-9)
        require_number("pick_time_s", self.pick_time_s, minimum=0, maximum=MAX_PICK_TIME_S)
        index: dict[str, int] = {}
        for i, s in enumerate(self.slots):
            if not isinstance(s, Slot):
                raise InvalidValueError(f"slots[{i}]", s, "expected a Slot")
            if s.id in index:
                raise InvalidValueError(f"slots[{i}].id", s.id, "duplicate slot id")
            if s.aisle >= self.n_aisles:
                raise InvalidValueError(
                    f"slots[{i}].aisle",
                    s.aisle,
                    f"slot {quoted(s.id)} is in no aisle (0..{self.n_aisles - 1})",
                )
            if s.block >= self.n_blocks:
                raise InvalidValueError(
                    f"slots[{i}].block",
                    s.block,
                    f"slot {quoted(s.id)} is in no block (0..{self.n_blocks - 1})",
                )
            if s.position_mm > self.block_length_mm(s.block):
                raise InvalidValueError(
                    f"slots[{i}].position_mm",
                    s.position_mm,
                    f"slot {quoted(s.id)} lies beyond its aisle "
                    f"(block length {self.block_length_mm(s.block)} mm)",
                )
            index[s.id] = i
        object.__setattr__(self, "_index", index)

    # ------------------------------------------------------------------ shape
    @property
    def n_aisles(self) -> int:
        return len(self.aisle_x_mm)

    @property
    def n_blocks(self) -> int:
        return len(self.cross_aisle_y_mm) - 1

    def block_length_mm(self, block: int) -> int:
        """Distance between the centre lines of the cross-aisles around ``block`` (mm)."""
        return self.cross_aisle_y_mm[block + 1] - self.cross_aisle_y_mm[block]

    @property
    def depot_xy_mm(self) -> tuple[int, int]:
        """Where the depot meets its cross-aisle (mm)."""
        return self.depot_x_mm, self.cross_aisle_y_mm[self.depot_cross_aisle]

    # ------------------------------------------------------------------ slots
    def slot(self, slot_id: str, field_name: str = "slot") -> Slot:
        """The slot ``slot_id``; an unknown id raises InvalidValueError naming it."""
        i = self._index.get(slot_id) if isinstance(slot_id, str) else None
        if i is None:
            raise InvalidValueError(field_name, slot_id, "no such slot in the layout")
        return self.slots[i]

    def has_slot(self, slot_id: str) -> bool:
        return slot_id in self._index

    def slot_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.slots)

    def xy_mm(self, point: PickPoint) -> tuple[int, int]:
        """Plane coordinates of a pick point (mm)."""
        return self.aisle_x_mm[point.aisle], self.cross_aisle_y_mm[point.block] + point.position_mm

    # -------------------------------------------------------------- distances
    def distance_mm(self, p: PickPoint | None, q: PickPoint | None) -> int:
        """Shortest walking distance between two pick points; ``None`` is the depot (mm).

        Every aisle spans every block, so between cross-aisle intersections the
        grid distance is Manhattan; a point leaves its aisle segment through
        either end. Checked against :meth:`graph` shortest paths in the tests.
        """
        if p is None and q is None:
            return 0
        if p is None:
            p, q = q, p
        assert p is not None
        cy = self.cross_aisle_y_mm
        px, py = self.xy_mm(p)
        if q is None:
            dx, dc = self.depot_x_mm, self.depot_cross_aisle
            ends_q = [(cy[dc], 0)]
            qx = dx
            extra = self.depot_offset_mm
        else:
            qx, qy = self.xy_mm(q)
            extra = 0
            if q.aisle == p.aisle and q.block == p.block:
                return abs(py - qy)
            ends_q = [(cy[q.block], qy - cy[q.block]), (cy[q.block + 1], cy[q.block + 1] - qy)]
        ends_p = [(cy[p.block], py - cy[p.block]), (cy[p.block + 1], cy[p.block + 1] - py)]
        best = min(a + abs(yp - yq) + b for yp, a in ends_p for yq, b in ends_q)
        return best + abs(px - qx) + extra

    def graph(self, points: Iterable[PickPoint] = ()) -> nx.Graph:
        """The walkable network as a weighted :class:`networkx.Graph` (weights in mm).

        Nodes: ``("x", aisle, cross_aisle)`` intersections, ``("p", aisle, block,
        position_mm)`` for every slot's pick point and for ``points``, ``"depot"``
        and ``("d", cross_aisle)`` where the depot meets its cross-aisle when that
        is not an intersection. Edge attribute ``weight`` is the length in mm.
        """
        g = nx.Graph()
        cy = self.cross_aisle_y_mm
        pts: dict[tuple[int, int], set[int]] = {}
        for s in self.slots:
            pts.setdefault((s.aisle, s.block), set()).add(s.position_mm)
        for p in points:
            pts.setdefault((p.aisle, p.block), set()).add(p.position_mm)
        for a in range(self.n_aisles):
            for b in range(self.n_blocks):
                chain: list[tuple[Any, int]] = [(("x", a, b), 0)]
                for pos in sorted(pts.get((a, b), ())):
                    chain.append((("p", a, b, pos), pos))
                chain.append((("x", a, b + 1), self.block_length_mm(b)))
                for (n1, y1), (n2, y2) in zip(chain, chain[1:], strict=False):
                    if n1 != n2:
                        _add_edge(g, n1, n2, y2 - y1)
        for c in range(len(cy)):
            row: list[tuple[Any, int]] = [(("x", a, c), x) for a, x in enumerate(self.aisle_x_mm)]
            if c == self.depot_cross_aisle and self.depot_x_mm not in self.aisle_x_mm:
                row.append((("d", c), self.depot_x_mm))
                row.sort(key=lambda t: t[1])
            for (n1, x1), (n2, x2) in zip(row, row[1:], strict=False):
                _add_edge(g, n1, n2, x2 - x1)
        if self.depot_x_mm in self.aisle_x_mm:
            meet: Any = ("x", self.aisle_x_mm.index(self.depot_x_mm), self.depot_cross_aisle)
        else:
            meet = ("d", self.depot_cross_aisle)
        g.add_edge("depot", meet, weight=self.depot_offset_mm)
        return g

    @staticmethod
    def graph_node(point: PickPoint | None) -> Any:
        """The :meth:`graph` node of a pick point (``None``: the depot)."""
        if point is None:
            return "depot"
        if point.position_mm == 0:
            return ("x", point.aisle, point.block)
        return ("p", point.aisle, point.block, point.position_mm)

    # ---------------------------------------------------------------- builders
    @classmethod
    def multi_block(
        cls,
        *,
        aisles: int,
        blocks: int,
        slots_per_side: int,
        slot_length_m: float = 1.0,
        rack_depth_m: float = 1.0,
        aisle_width_m: float = 2.0,
        cross_aisle_width_m: float = 2.0,
        levels: int = 1,
        depot: str | float = "left",
        depot_offset_m: float = 0.0,
        walking_speed_mps: float = 1.0,
        pick_time_s: float = 10.0,
        golden_levels: Sequence[int] = (),
        name: str = "warehouse",
    ) -> WarehouseLayout:
        """A regular layout: ``aisles`` x ``blocks`` aisle segments, each with
        ``slots_per_side`` slots per side and ``levels`` levels.

        Aisle centre lines are ``aisle_width_m + 2 * rack_depth_m`` apart; each block
        is ``slots_per_side * slot_length_m`` long plus a cross-aisle
        (``cross_aisle_width_m``) between blocks and at both ends. Slot ids are
        ``"A{aisle:02d}-B{block}-{L|R}{index:03d}-{level}"`` (``-B{block}`` only when
        ``blocks > 1``). ``depot`` is ``"left"`` (front of the first aisle),
        ``"center"`` or an x position in metres from the first aisle. At most
        :data:`MAX_SLOTS` slots (a small ``{"regular": ...}`` request must not build
        millions).
        """
        aisles = require_int("aisles", aisles, minimum=1)
        blocks = require_int("blocks", blocks, minimum=1)
        slots_per_side = require_int("slots_per_side", slots_per_side, minimum=1)
        levels = require_int("levels", levels, minimum=1)
        if isinstance(golden_levels, str | bytes | dict) or not isinstance(
            golden_levels, Iterable
        ):  # a string was read letter by letter, an object by its keys
            raise InvalidValueError(
                "golden_levels", golden_levels, "expected a list of level numbers"
            )
        for i, lv in enumerate(golden_levels):  # a level the racks lack would mark nothing
            require_int(f"golden_levels[{i}]", lv, minimum=0)
            if lv >= levels:
                raise InvalidValueError(
                    f"golden_levels[{i}]", lv, f"no such level: levels are 0..{levels - 1}"
                )
        n_slots = aisles * blocks * 2 * slots_per_side * levels
        if n_slots > MAX_SLOTS:
            # the largest factor is named (aisles on a tie): 'aisles=8' for a huge
            # slots_per_side named a value that is fine
            field, value = max(
                (("aisles", aisles), ("blocks", blocks), ("slots_per_side", slots_per_side),
                 ("levels", levels)),
                key=lambda fv: fv[1],
            )  # fmt: skip
            raise InvalidValueError(
                field,
                value,
                f"aisles x blocks x 2 sides x slots_per_side x levels = {n_slots} slots; "
                f"a layout holds at most {MAX_SLOTS}",
            )
        for f, v in (
            ("slot_length_m", slot_length_m),
            ("rack_depth_m", rack_depth_m),
            ("aisle_width_m", aisle_width_m),
            ("cross_aisle_width_m", cross_aisle_width_m),
            ("depot_offset_m", depot_offset_m),
        ):
            require_number(f, v, minimum=0, maximum=MAX_LENGTH_M)
        pitch = mm(aisle_width_m + 2 * rack_depth_m)
        aisle_x = tuple(a * pitch for a in range(aisles))
        half_cross = mm(cross_aisle_width_m / 2)
        rack = mm(slots_per_side * slot_length_m)
        seg = rack + 2 * half_cross
        cross_y = tuple(c * seg for c in range(blocks + 1))
        if depot == "left":
            dx = aisle_x[0]
        elif depot == "center":
            dx = (aisle_x[0] + aisle_x[-1]) // 2
        elif isinstance(depot, int | float) and not isinstance(depot, bool):
            require_number("depot", depot, minimum=-MAX_LENGTH_M, maximum=MAX_LENGTH_M)
            dx = mm(depot)
        else:
            raise InvalidValueError("depot", depot, "'left', 'center' or an x position in metres")
        slots = []
        multi = blocks > 1
        for a in range(aisles):
            for b in range(blocks):
                for side in (Side.LEFT, Side.RIGHT):
                    for k in range(slots_per_side):
                        pos = half_cross + mm((k + 0.5) * slot_length_m)
                        for lv in range(levels):
                            bid = f"-B{b}" if multi else ""
                            slots.append(
                                Slot(
                                    id=f"A{a:02d}{bid}-{side.value[0].upper()}{k:03d}-{lv}",
                                    aisle=a,
                                    block=b,
                                    position_mm=pos,
                                    side=side,
                                    level=lv,
                                    golden_zone=lv in golden_levels,
                                )
                            )
        return cls(
            aisle_x_mm=aisle_x,
            cross_aisle_y_mm=cross_y,
            slots=tuple(slots),
            depot_x_mm=dx,
            depot_cross_aisle=0,
            depot_offset_mm=mm(depot_offset_m),
            aisle_width_mm=mm(aisle_width_m),
            cross_aisle_width_mm=mm(cross_aisle_width_m),
            walking_speed_mps=walking_speed_mps,
            pick_time_s=pick_time_s,
            name=name,
        )

    @classmethod
    def single_block(cls, *, aisles: int, slots_per_side: int, **kwargs: Any) -> WarehouseLayout:
        """:meth:`multi_block` with one block (front and back cross-aisles only)."""
        return cls.multi_block(aisles=aisles, blocks=1, slots_per_side=slots_per_side, **kwargs)

    @classmethod
    def two_block(cls, *, aisles: int, slots_per_side: int, **kwargs: Any) -> WarehouseLayout:
        """:meth:`multi_block` with two blocks (front, middle and back cross-aisles)."""
        return cls.multi_block(aisles=aisles, blocks=2, slots_per_side=slots_per_side, **kwargs)

    # ----------------------------------------------------------------- (de)serialise
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the ``LAYOUT.json`` format, see ``examples/``)."""
        return {
            "name": self.name,
            "aisle_x_mm": list(self.aisle_x_mm),
            "cross_aisle_y_mm": list(self.cross_aisle_y_mm),
            "depot": {
                "x_mm": self.depot_x_mm,
                "cross_aisle": self.depot_cross_aisle,
                "offset_mm": self.depot_offset_mm,
            },
            "aisle_width_mm": self.aisle_width_mm,
            "cross_aisle_width_mm": self.cross_aisle_width_mm,
            "walking_speed_mps": self.walking_speed_mps,
            "pick_time_s": self.pick_time_s,
            "slots": [
                {
                    "id": s.id,
                    "aisle": s.aisle,
                    "block": s.block,
                    "position_mm": s.position_mm,
                    "side": s.side.value,
                    "level": s.level,
                    "max_volume_cm3": s.max_volume_cm3,
                    "max_weight_g": s.max_weight_g,
                    "golden_zone": s.golden_zone,
                    "slot_type": s.slot_type,
                    **({} if s.max_dims_mm is None else {"max_dims_mm": list(s.max_dims_mm)}),
                }
                for s in self.slots
            ],
        }

    @classmethod
    def from_dict(cls, data: Any) -> WarehouseLayout:
        """Build from the ``LAYOUT.json`` format; errors name the JSON field.

        Besides an explicit ``slots`` list, ``{"regular": {...}}`` builds a
        :meth:`multi_block` layout from its keyword arguments.
        """
        if not isinstance(data, dict):
            raise InvalidValueError("layout", data, "expected a JSON object")
        if "regular" in data:
            for key in data:
                if key != "regular":
                    reason = "unknown field next to 'regular' (builder arguments go in it)"
                    raise InvalidValueError(key, data[key], reason)
            return cls._from_regular(data["regular"])
        _refuse_unknown_keys(data, "", _LAYOUT_KEYS)
        try:
            depot = data.get("depot", {})
            if not isinstance(depot, dict):
                raise InvalidValueError(
                    "depot", depot, "expected an object {x_mm, cross_aisle, offset_mm}"
                )
            _refuse_unknown_keys(depot, "depot", _DEPOT_KEYS)
            for key in ("aisle_x_mm", "cross_aisle_y_mm", "slots"):
                if key in data and not isinstance(data[key], list):
                    raise InvalidValueError(key, data[key], "expected a list")
            slots = []
            for i, s in enumerate(data["slots"]):
                if not isinstance(s, dict):
                    raise InvalidValueError(f"slots[{i}]", s, "expected a JSON object")
                _refuse_unknown_keys(s, f"slots[{i}]", _SLOT_KEYS)
                try:
                    slots.append(
                        Slot(
                            id=s["id"],
                            aisle=s["aisle"],
                            block=s.get("block", 0),
                            position_mm=s["position_mm"],
                            side=s.get("side", "left"),
                            level=s.get("level", 0),
                            max_volume_cm3=s.get("max_volume_cm3"),
                            max_weight_g=s.get("max_weight_g"),
                            golden_zone=s.get("golden_zone", False),
                            slot_type=s.get("slot_type", "shelf"),
                            max_dims_mm=s.get("max_dims_mm"),
                        )
                    )
                except InvalidValueError as exc:
                    raise exc.prefixed(f"slots[{i}]") from None
                except KeyError as exc:
                    raise InvalidValueError(
                        f"slots[{i}].{exc.args[0]}", None, "required field missing"
                    ) from None
            layout = cls(
                aisle_x_mm=tuple(data["aisle_x_mm"]),
                cross_aisle_y_mm=tuple(data["cross_aisle_y_mm"]),
                slots=tuple(slots),
                depot_x_mm=depot.get("x_mm", (data["aisle_x_mm"] or [0])[0]),
                depot_cross_aisle=depot.get("cross_aisle", 0),
                depot_offset_mm=depot.get("offset_mm", 0),
                aisle_width_mm=data.get("aisle_width_mm", 2000),
                cross_aisle_width_mm=data.get("cross_aisle_width_mm", 2000),
                walking_speed_mps=data.get("walking_speed_mps", 1.0),
                pick_time_s=data.get("pick_time_s", 10.0),
                name=data.get("name", "warehouse"),
            )
        except KeyError as exc:
            raise InvalidValueError(str(exc.args[0]), None, "required field missing") from None
        except InvalidValueError as exc:
            # fields whose JSON key differs from the attribute (the depot is an object)
            raise InvalidValueError(
                _JSON_KEYS.get(exc.field, exc.field), exc.value, exc.reason
            ) from None
        except (TypeError, AttributeError) as exc:
            raise InvalidValueError("layout", None, f"malformed layout: {exc}") from None
        return layout

    @classmethod
    def _from_regular(cls, kw: Any) -> WarehouseLayout:
        """``{"regular": {...}}``: :meth:`multi_block` from its keyword arguments; errors name
        the argument as ``regular.<name>``."""
        if not isinstance(kw, dict):
            raise InvalidValueError("regular", kw, "expected an object of builder arguments")
        kw = dict(kw)
        kw.setdefault("blocks", 1)
        params = inspect.signature(cls.multi_block).parameters
        for key in kw:
            if key not in params:
                raise InvalidValueError(
                    f"regular.{key}",
                    kw[key],
                    "unknown builder argument; expected " + one_of(sorted(params)),
                )
        for name, p in params.items():
            if p.default is inspect.Parameter.empty and name not in kw:
                raise InvalidValueError(
                    f"regular.{name}", None, "required builder argument missing"
                )
        try:
            return cls.multi_block(**kw)
        except InvalidValueError as exc:
            # a bound on a built coordinate names the list ("aisle_x_mm[40]"): its argument
            field = _REGULAR_KEYS.get(exc.field.partition("[")[0], exc.field)
            raise InvalidValueError(f"regular.{field}", exc.value, exc.reason) from None
        except TypeError as exc:  # e.g. golden_levels that is not a list
            raise InvalidValueError("regular", sorted(kw), str(exc)) from None


# the keys of the explicit form (to_dict): any other key is refused, since a misspelt
# one (``max_volume`` for ``max_volume_cm3``) would silently lift a limit or change a length
_LAYOUT_KEYS = (
    "name",
    "aisle_x_mm",
    "cross_aisle_y_mm",
    "depot",
    "aisle_width_mm",
    "cross_aisle_width_mm",
    "walking_speed_mps",
    "pick_time_s",
    "slots",
)
_DEPOT_KEYS = ("x_mm", "cross_aisle", "offset_mm")
_SLOT_KEYS = (
    "id",
    "aisle",
    "block",
    "position_mm",
    "side",
    "level",
    "max_volume_cm3",
    "max_weight_g",
    "golden_zone",
    "slot_type",
    "max_dims_mm",
)


def _refuse_unknown_keys(obj: dict, path: str, keys: tuple[str, ...]) -> None:
    """InvalidValueError naming the first key of the JSON object ``obj`` (at ``path``)
    that is not one of ``keys``."""
    for key in obj:
        if key not in keys:
            raise InvalidValueError(
                member(path, str(key)), obj[key], "unknown field; expected " + one_of(keys)
            )


# attribute of WarehouseLayout -> its JSON key in the explicit form (to_dict) ...
_JSON_KEYS = {
    "depot_x_mm": "depot.x_mm",
    "depot_cross_aisle": "depot.cross_aisle",
    "depot_offset_mm": "depot.offset_mm",
}
# ... and the builder argument it comes from in the regular form
_REGULAR_KEYS = {
    "aisle_x_mm": "aisles",
    "cross_aisle_y_mm": "blocks",
    "depot_x_mm": "depot",
    "depot_offset_mm": "depot_offset_m",
    "aisle_width_mm": "aisle_width_m",
    "cross_aisle_width_mm": "cross_aisle_width_m",
}


def _too_far(bound: int) -> str:
    return f"at most {bound} mm from 0 (MAX_COORDINATE_MM), so every walk fits 64-bit integers"


def _add_edge(g: nx.Graph, a: Any, b: Any, w: int) -> None:
    if g.has_edge(a, b):
        w = min(w, g[a][b]["weight"])
    g.add_edge(a, b, weight=w)
