"""Slotting problems: which SKU sits in which slot of a :class:`WarehouseLayout`.

A slot holds at most one SKU. A SKU's ``volume_cm3`` and ``weight_g`` are what
it puts into its slot (the stocked load, not one unit); they must fit the slot's
``max_volume_cm3`` / ``max_weight_g``. Units: millimetres, grams, cubic
centimetres, integer seconds (order times), minutes (labour budget).

Rules (:class:`SlottingRules`):

* *fit*: volume and weight within the slot's limits, slot type allowed for the
  SKU's class (``slot_types``);
* *heavy items low*: a SKU of at least ``heavy_weight_g`` only on levels
  ``<= heavy_max_level``;
* *classes kept apart*: for each pair in ``apart`` no aisle holds both classes;
* *families together*: with ``families_together`` all SKUs of one ``family``
  sit in one aisle.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from logistics.domain._checks import require_id, require_int_vector, require_number, store_int
from logistics.domain._frozen import ReadOnlyDict
from logistics.domain.layout import Slot, WarehouseLayout
from logistics.domain.slotting_violations import RuleKind, RuleViolation
from logistics.errors import InvalidValueError, member, one_of, quoted

__all__ = [
    "MoveBudget",
    "PastOrder",
    "SlotSku",
    "SlottingProblem",
    "SlottingRules",
    "RuleKind",
    "RuleViolation",
    "does_not_fit",
    "family_spread_kept",
    "fits",
    "rule_violations",
]


@dataclass(frozen=True, slots=True)
class SlotSku:
    """A SKU to slot.

    Parameters
    ----------
    id
        SKU code.
    volume_cm3, weight_g
        Load it puts into its slot (cm3, g); 0 when unknown.
    dims_mm
        Length, width, height of the stocked load (mm; 0s when unknown); checked
        against a slot's ``max_dims_mm`` where it has one.
    sku_class
        Storage class (``"general"``, ``"hazardous"``, ``"food"``, ...).
    family
        Product family kept together (``None``: none).
    """

    id: str
    volume_cm3: int = 0
    weight_g: int = 0
    dims_mm: tuple[int, int, int] = (0, 0, 0)
    sku_class: str = "general"
    family: str | None = None

    def __post_init__(self) -> None:
        require_id("id", self.id)
        store_int(self, "volume_cm3", minimum=0)
        store_int(self, "weight_g", minimum=0)
        if isinstance(self.dims_mm, list):
            object.__setattr__(self, "dims_mm", tuple(self.dims_mm))
        if not isinstance(self.dims_mm, tuple) or len(self.dims_mm) != 3:
            raise InvalidValueError("dims_mm", self.dims_mm, "expected (length, width, height)")
        object.__setattr__(self, "dims_mm", require_int_vector("dims_mm", self.dims_mm))
        require_id("sku_class", self.sku_class)
        if self.family is not None:
            require_id("family", self.family)


@dataclass(frozen=True, slots=True)
class PastOrder:
    """One order of the history: the SKUs it asked for and when (s)."""

    id: str
    time_s: int
    skus: tuple[str, ...]

    def __post_init__(self) -> None:
        require_id("id", self.id)
        store_int(self, "time_s")
        if isinstance(self.skus, list):
            object.__setattr__(self, "skus", tuple(self.skus))
        if not isinstance(self.skus, tuple) or not self.skus:
            raise InvalidValueError(
                "skus", self.skus, f"order {quoted(self.id)} needs at least one line"
            )
        for i, s in enumerate(self.skus):
            require_id(f"skus[{i}]", s)


@dataclass(frozen=True)
class SlottingRules:
    """Placement rules (see the module docstring)."""

    heavy_weight_g: int | None = None
    heavy_max_level: int = 0
    apart: tuple[tuple[str, str], ...] = ()
    families_together: bool = True
    slot_types: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.heavy_weight_g is not None:
            store_int(self, "heavy_weight_g", minimum=0)
        store_int(self, "heavy_max_level", minimum=0)
        pairs = []
        for i, p in enumerate(self.apart):
            if isinstance(p, str) or not isinstance(p, list | tuple) or len(p) != 2:
                raise InvalidValueError(f"apart[{i}]", p, "a pair of two different classes")
            if not all(isinstance(c, str) for c in p) or p[0] == p[1]:
                raise InvalidValueError(f"apart[{i}]", p, "a pair of two different classes")
            pairs.append((p[0], p[1]))
        object.__setattr__(self, "apart", tuple(pairs))
        if not isinstance(self.families_together, bool):
            raise InvalidValueError("families_together", self.families_together, "true or false")
        if not isinstance(self.slot_types, Mapping):
            raise InvalidValueError("slot_types", self.slot_types, "an object class -> slot types")
        types = {}
        for cls, allowed in self.slot_types.items():
            ok = isinstance(allowed, list | tuple) and all(isinstance(t, str) for t in allowed)
            if not ok:
                raise InvalidValueError(
                    member("slot_types", str(cls)), allowed, "a list of slot types"
                )
            types[cls] = tuple(allowed)
        object.__setattr__(self, "slot_types", ReadOnlyDict(types))

    def conflicts(self, a: str, b: str) -> bool:
        """Whether classes ``a`` and ``b`` must not share an aisle."""
        return (a, b) in self.apart or (b, a) in self.apart


@dataclass(frozen=True)
class MoveBudget:
    """How much re-slotting labour is allowed.

    Parameters
    ----------
    max_moves
        Largest number of moves (one SKU carried from one slot to another); ``None``: no cap.
    labour_minutes
        Labour available (min); ``None``: no cap.
    minutes_per_move
        Labour of one move (min).
    """

    max_moves: int | None = None
    labour_minutes: float | None = None
    minutes_per_move: float = 5.0

    def __post_init__(self) -> None:
        if self.max_moves is not None:
            store_int(self, "max_moves", minimum=0)
        if self.labour_minutes is not None:
            require_number("labour_minutes", self.labour_minutes, minimum=0)
        require_number("minutes_per_move", self.minutes_per_move, minimum=1e-9)

    @property
    def moves(self) -> int | None:
        """Moves allowed by both caps (``None``: unlimited)."""
        caps = []
        if self.max_moves is not None:
            caps.append(self.max_moves)
        if self.labour_minutes is not None:
            # as written: 3.3 min at 1.1 min a move is 3 moves (3.3 // 1.1 == 2.0 in floats)
            minutes = Fraction(repr(self.labour_minutes))
            caps.append(math.floor(minutes / Fraction(repr(self.minutes_per_move))))
        return min(caps) if caps else None

    def minutes(self, moves: int) -> float:
        """Labour of ``moves`` moves (min), as written: 3 moves of 0.7 min are 2.1 (not
        2.0999999999999996)."""
        return float(moves * Fraction(repr(self.minutes_per_move)))


def _fits_inside(dims: tuple[int, int, int], inner: tuple[int, int, int]) -> bool:
    """Whether a box of ``dims`` (mm; all 0: unknown, fits) fits in ``inner``, turned."""
    if not any(dims):
        return True
    return all(a <= b for a, b in zip(sorted(dims), sorted(inner), strict=True))


def fits(sku: SlotSku, slot: Slot, rules: SlottingRules | None = None) -> bool:
    """Whether ``sku`` may sit in ``slot`` on its own (capacity, size, slot type, heavy-low).

    Size: with the slot's ``max_dims_mm`` and the SKU's ``dims_mm`` known (not all 0),
    the SKU's sides, longest against longest, must fit inside (it may be turned)."""
    if slot.max_volume_cm3 is not None and sku.volume_cm3 > slot.max_volume_cm3:
        return False
    if slot.max_dims_mm is not None and not _fits_inside(sku.dims_mm, slot.max_dims_mm):
        return False
    if slot.max_weight_g is not None and sku.weight_g > slot.max_weight_g:
        return False
    if rules is not None:
        allowed = rules.slot_types.get(sku.sku_class)
        if allowed is not None and slot.slot_type not in allowed:
            return False
        if (
            rules.heavy_weight_g is not None
            and sku.weight_g >= rules.heavy_weight_g
            and slot.level > rules.heavy_max_level
        ):
            return False
    return True


@dataclass(frozen=True)
class SlottingProblem:
    """Everything a slotting decision needs (validated at construction).

    Parameters
    ----------
    layout
        The warehouse and its slots.
    skus
        The SKUs to place (ids unique, no more SKUs than slots).
    history
        Past orders (their SKUs must be in ``skus``), any time order.
    current
        Current assignment ``sku id -> slot id`` (may be partial or empty).
    rules
        :class:`SlottingRules`.
    budget
        :class:`MoveBudget` for re-slotting.

    Raises
    ------
    InvalidValueError
        A SKU larger than every slot (named), an unknown SKU or slot, a slot used
        twice, more SKUs than slots.
    """

    layout: WarehouseLayout
    skus: tuple[SlotSku, ...]
    history: tuple[PastOrder, ...] = ()
    current: Mapping[str, str] = field(default_factory=dict)
    rules: SlottingRules = field(default_factory=SlottingRules)
    budget: MoveBudget = field(default_factory=MoveBudget)
    _sku_index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("skus", "history"):
            if isinstance(getattr(self, name), list):
                object.__setattr__(self, name, tuple(getattr(self, name)))
        if not isinstance(self.current, Mapping):  # dict("ab") raised a bare ValueError
            raise InvalidValueError("current", self.current, "expected an object sku id -> slot id")
        object.__setattr__(self, "current", ReadOnlyDict(self.current))
        if not isinstance(self.layout, WarehouseLayout):
            raise InvalidValueError("layout", self.layout, "expected a WarehouseLayout")
        if not isinstance(self.rules, SlottingRules):
            raise InvalidValueError("rules", self.rules, "expected SlottingRules")
        if not isinstance(self.budget, MoveBudget):
            raise InvalidValueError("budget", self.budget, "expected a MoveBudget")
        index: dict[str, int] = {}
        slots = self.layout.slots
        if self.skus and not slots:  # else every SKU would read "larger than every slot"
            raise InvalidValueError(
                "layout.slots", [], f"the layout has no slots for the {len(self.skus)} SKUs"
            )
        for i, s in enumerate(self.skus):
            if not isinstance(s, SlotSku):
                raise InvalidValueError(f"skus[{i}]", s, "expected a SlotSku")
            if s.id in index:
                raise InvalidValueError(f"skus[{i}].id", s.id, "duplicate SKU id")
            index[s.id] = i
            if not any(fits(s, slot, self.rules) for slot in slots):
                raise InvalidValueError(
                    f"skus[{i}]",
                    s.id,
                    f"SKU {quoted(s.id)} ({s.volume_cm3} cm3, {s.weight_g} g"
                    + (f", {'x'.join(map(str, s.dims_mm))} mm" if any(s.dims_mm) else "")
                    + f", class {quoted(s.sku_class)})"
                    + " is larger than every slot or allowed in none",
                )
        if len(self.skus) > len(slots):
            raise InvalidValueError(
                "skus", len(self.skus), f"more SKUs than slots ({len(slots)} slots)"
            )
        object.__setattr__(self, "_sku_index", index)
        first_at: dict[str, int] = {}
        for i, o in enumerate(self.history):
            if not isinstance(o, PastOrder):
                raise InvalidValueError(f"history[{i}]", o, "expected a PastOrder")
            if first_at.setdefault(o.id, i) != i:  # a double export counts its picks twice
                raise InvalidValueError(
                    f"history[{i}].id", o.id, f"the same order id as history[{first_at[o.id]}]"
                )
            for j, s in enumerate(o.skus):
                if s not in index:
                    raise InvalidValueError(
                        f"history[{i}].skus[{j}]", s, f"order {quoted(o.id)}: unknown SKU"
                    )
        self.check_assignment(self.current, "current")

    def check_assignment(
        self, assignment: Any, name: str = "assignment", *, complete: bool = False
    ) -> None:
        """Check an assignment ``sku id -> slot id`` against this problem (partial unless
        ``complete``: then every SKU needs a slot): SKUs and slots must exist, no slot
        holds two SKUs.

        Raises
        ------
        InvalidValueError
            Naming the entry (field ``<name>.<sku id>``) and what is wrong with it.
        """
        if not isinstance(assignment, Mapping):
            raise InvalidValueError(name, assignment, "expected an object sku id -> slot id")
        used: dict[str, str] = {}
        for sku_id, slot_id in assignment.items():
            where = member(name, str(sku_id))
            if sku_id not in self._sku_index:
                raise InvalidValueError(where, sku_id, "unknown SKU")
            if not isinstance(slot_id, str) or not self.layout.has_slot(slot_id):
                raise InvalidValueError(where, slot_id, "no such slot in the layout")
            if slot_id in used:
                raise InvalidValueError(
                    where, slot_id, f"slot already holds SKU {quoted(used[slot_id])}"
                )
            used[slot_id] = sku_id
        missing = self.unslotted(assignment) if complete else []
        if missing:
            raise InvalidValueError(
                name,
                f"{len(assignment)} entries",
                f"no slot for {len(missing)} SKUs (first: {quoted(missing[0])}); "
                "a plan slots every SKU",
            )

    def unslotted(self, assignment: Mapping[str, str]) -> list[str]:
        """Ids of the SKUs ``assignment`` gives no slot, in the problem's order."""
        return [s.id for s in self.skus if s.id not in assignment]

    def family_conflict(self) -> tuple[SlotSku, SlotSku] | None:
        """Two SKUs of one family whose classes ``rules.apart`` keeps out of one aisle,
        while ``rules.families_together`` keeps the family in one (no plan keeps both
        rules); ``None`` when there are none."""
        rules = self.rules
        if not rules.families_together or not rules.apart:
            return None
        seen: dict[str, dict[str, SlotSku]] = {}  # family -> class -> its first SKU
        for sku in self.skus:
            if sku.family is None:
                continue
            classes = seen.setdefault(sku.family, {})
            for cls, other in classes.items():
                if rules.conflicts(cls, sku.sku_class):
                    return other, sku
            classes.setdefault(sku.sku_class, sku)
        return None

    def check_history(self) -> None:
        """Raise :class:`InvalidValueError` on ``history`` when it holds no order: slotting
        learns where SKUs go from past order lines, and with none every plan ignores demand
        and simulates 0 m of walking (which read as a perfect plan)."""
        if not self.history:
            raise InvalidValueError(
                "history",
                [],
                "slotting learns from past orders and the history has none: give the orders "
                "(id, time_s, skus) of a recent period",
            )

    def has_sku(self, sku_id: str) -> bool:
        """Whether ``sku_id`` is one of the problem's SKUs."""
        return sku_id in self._sku_index

    def sku(self, sku_id: str) -> SlotSku:
        """The SKU ``sku_id`` (InvalidValueError when unknown)."""
        i = self._sku_index.get(sku_id)
        if i is None:
            raise InvalidValueError("sku", sku_id, "unknown SKU")
        return self.skus[i]

    def sku_position(self, sku_id: str) -> int:
        return self._sku_index[sku_id]

    # ------------------------------------------------------------ JSON
    @classmethod
    def from_dict(cls, data: Any) -> SlottingProblem:
        """Build from the slotting JSON format (``examples/slotting/``); errors name the field.

        An unknown key is an error (a misspelt ``budget.max_moves`` would lift the cap)."""
        data = _json_object(data, "problem", _KEYS["problem"])
        if "layout" not in data:
            raise InvalidValueError("layout", None, "required field missing")
        try:
            layout = WarehouseLayout.from_dict(_json_object(data["layout"], "layout"))
        except InvalidValueError as exc:
            raise exc if exc.field == "layout" else exc.prefixed("layout") from None
        if "skus" not in data:
            raise InvalidValueError("skus", None, "required field missing")
        skus = []
        for i, s in enumerate(_json_list(data["skus"], "skus")):
            try:
                s = _json_object(s, "", _KEYS["skus"])
                if "id" not in s:
                    raise InvalidValueError("id", None, "required: the SKU's id")
                skus.append(
                    SlotSku(
                        id=s["id"],
                        volume_cm3=s.get("volume_cm3", 0),
                        weight_g=s.get("weight_g", 0),
                        dims_mm=s.get("dims_mm", (0, 0, 0)),
                        sku_class=s.get("class", "general"),
                        family=s.get("family"),
                    )
                )
            except InvalidValueError as exc:
                if exc.field == "sku_class":  # the JSON key is "class"
                    exc = InvalidValueError("class", exc.value, exc.reason)
                raise exc.prefixed(f"skus[{i}]") from None
        history = []
        for i, o in enumerate(_json_list(data.get("history", []), "history")):
            try:
                o = _json_object(o, "", _KEYS["history"])
                for key in ("id", "time_s", "skus"):
                    if o.get(key) is None:
                        raise InvalidValueError(key, None, "required field missing")
                if not isinstance(o["skus"], list | tuple):
                    raise InvalidValueError("skus", o["skus"], "expected a list of SKU ids")
                history.append(PastOrder(id=str(o["id"]), time_s=o["time_s"], skus=o["skus"]))
            except InvalidValueError as exc:
                raise exc.prefixed(f"history[{i}]") from None
        r = _json_object(data.get("rules", {}), "rules", _KEYS["rules"])
        try:
            rules = SlottingRules(
                heavy_weight_g=r.get("heavy_weight_g"),
                heavy_max_level=r.get("heavy_max_level", 0),
                apart=_json_list(r.get("apart", []), "apart"),
                families_together=r.get("families_together", True),
                slot_types=r.get("slot_types", {}),
            )
        except InvalidValueError as exc:
            raise exc.prefixed("rules") from None
        b = _json_object(data.get("budget", {}), "budget", _KEYS["budget"])
        try:
            budget = MoveBudget(
                max_moves=b.get("max_moves"),
                labour_minutes=b.get("labour_minutes"),
                minutes_per_move=b.get("minutes_per_move", 5.0),
            )
        except InvalidValueError as exc:
            raise exc.prefixed("budget") from None
        current = _json_object(data.get("current", {}), "current")
        return cls(layout, tuple(skus), tuple(history), current, rules, budget)


_KEYS = {
    "problem": ("layout", "skus", "history", "current", "rules", "budget"),
    "skus": ("id", "volume_cm3", "weight_g", "dims_mm", "class", "family"),
    "history": ("id", "time_s", "skus"),
    "rules": ("heavy_weight_g", "heavy_max_level", "apart", "families_together", "slot_types"),
    "budget": ("max_moves", "labour_minutes", "minutes_per_move"),
}
"""The keys each object of the slotting JSON may have."""


def _json_object(value: Any, field: str, keys: tuple[str, ...] | None = None) -> dict:
    """``value`` is a JSON object (with only ``keys``, when given)."""
    if not isinstance(value, dict):
        raise InvalidValueError(field, value, "expected a JSON object")
    for k in value if keys is not None else ():
        if k not in keys:
            where = member("" if field == "problem" else field, str(k))
            raise InvalidValueError(where, value[k], "unknown field; expected " + one_of(keys))
    return value


def _json_list(value: Any, field: str) -> list | tuple:
    if not isinstance(value, list | tuple):
        raise InvalidValueError(field, value, "expected a JSON list")
    return value


def rule_violations(
    problem: SlottingProblem, assignment: Mapping[str, str], *, complete: bool = True
) -> list[RuleViolation]:
    """Every broken rule of ``assignment`` (sku id -> slot id), as :class:`RuleViolation`
    (``kind`` and what it names; ``str()`` is the readable message).

    ``complete=False`` leaves out SKUs without a slot (a move list's state may leave
    some unslotted within its budget)."""
    out: list[RuleViolation] = []
    layout, rules = problem.layout, problem.rules
    used: dict[str, str] = {}
    aisle_classes: dict[int, set[str]] = {}
    family_aisles: dict[str, set[int]] = {}
    for sku_id, slot_id in assignment.items():
        if sku_id not in problem._sku_index:
            out.append(
                RuleViolation(RuleKind.UNKNOWN_SKU, sku=sku_id, message=f"unknown SKU {sku_id!r}")
            )
            continue
        if not layout.has_slot(slot_id):
            out.append(
                RuleViolation(
                    RuleKind.UNKNOWN_SLOT,
                    sku=sku_id,
                    slot=slot_id,
                    message=f"SKU {sku_id!r}: unknown slot {slot_id!r}",
                )
            )
            continue
        if slot_id in used:
            out.append(
                RuleViolation(
                    RuleKind.SLOT_SHARED,
                    sku=sku_id,
                    slot=slot_id,
                    other_sku=used[slot_id],
                    message=f"slot {slot_id!r} holds both {used[slot_id]!r} and {sku_id!r}",
                )
            )
        used[slot_id] = sku_id
        sku, slot = problem.sku(sku_id), layout.slot(slot_id)
        if not fits(sku, slot, rules):
            out.append(does_not_fit(sku_id, slot_id))
        aisle_classes.setdefault(slot.aisle, set()).add(sku.sku_class)
        if sku.family is not None:
            family_aisles.setdefault(sku.family, set()).add(slot.aisle)
    for aisle, classes in sorted(aisle_classes.items()):
        for a, b in rules.apart:
            if a in classes and b in classes:
                out.append(
                    RuleViolation(
                        RuleKind.CLASSES_APART,
                        aisle=aisle,
                        classes=(a, b),
                        message=f"aisle {aisle} holds both {a!r} and {b!r}",
                    )
                )
    if rules.families_together:
        for fam, aisles in sorted(family_aisles.items()):
            if len(aisles) > 1:
                out.append(
                    RuleViolation(
                        RuleKind.FAMILY_SPREAD,
                        family=fam,
                        aisles=tuple(sorted(aisles)),
                        message=f"family {fam!r} is spread over aisles {sorted(aisles)}",
                    )
                )
    missing = problem.unslotted(assignment) if complete else []
    if missing:
        out.append(
            RuleViolation(
                RuleKind.UNSLOTTED,
                sku=missing[0],
                count=len(missing),
                message=f"{len(missing)} SKUs have no slot (first: {missing[0]!r})",
            )
        )
    return out


def family_spread_kept(aisles: set[int], today: set[int]) -> bool:
    """Whether a family in ``aisles`` keeps the family rule as moves may leave it, given
    the ``today`` aisles it sits in now: together in one aisle, or, split today, in some
    of today's aisles only (a split family may close up, not spread further, also not
    into a new aisle while it leaves another)."""
    return len(aisles) <= 1 or (len(today) > 1 and aisles <= today)


def does_not_fit(sku_id: str, slot_id: str) -> RuleViolation:
    """The violation of SKU ``sku_id`` put into a slot ``slot_id`` it does not fit."""
    return RuleViolation(
        RuleKind.DOES_NOT_FIT,
        sku=sku_id,
        slot=slot_id,
        message=f"SKU {sku_id!r} does not fit slot {slot_id!r} (capacity, size, type or level)",
    )
