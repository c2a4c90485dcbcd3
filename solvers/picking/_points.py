"""Turn a list of slot ids into the distinct pick points a picker must reach."""

from __future__ import annotations

from collections.abc import Iterable

from logistics.domain.layout import PickPoint, WarehouseLayout
from logistics.errors import InvalidValueError

__all__ = ["pick_points", "pick_list"]


def pick_list(picks: Iterable[str]) -> list[str]:
    """``picks`` as a list (read once, so iterators work); a bare string or ``None`` is an
    :class:`InvalidValueError` (a string would be read as one slot id per character)."""
    if isinstance(picks, str) or picks is None:
        raise InvalidValueError("picks", picks, "expected a list of slot ids")
    return list(picks)


def pick_points(layout: WarehouseLayout, picks: Iterable[str]) -> dict[PickPoint, tuple[str, ...]]:
    """Distinct pick points of ``picks`` and the slot ids picked at each.

    Raises
    ------
    InvalidValueError
        When a slot id is not in the layout (the field names its index).
    """
    out: dict[PickPoint, list[str]] = {}
    seen: set[str] = set()
    for i, sid in enumerate(picks):
        slot = layout.slot(sid, f"picks[{i}]")
        if slot.id in seen:
            continue
        seen.add(slot.id)
        out.setdefault(slot.point, []).append(slot.id)
    return {p: tuple(sorted(ids)) for p, ids in out.items()}
