"""Time zones of sites and customers: a fixed UTC offset or an IANA zone name.

A place's clock is either a fixed offset from UTC in integer seconds (``-18000``)
or an IANA zone (``"America/New_York"``) whose offset follows daylight saving
time. The clock arithmetic (:mod:`solvers.sourcing.timing`) takes a :data:`Zone`:
an ``int`` offset or a :class:`zoneinfo.ZoneInfo`.

Rule when both are given for one place: the zone gives the offsets, so the fixed
offset must be left unset (``utc_offset_s`` 0 on a warehouse, no
``customer_utc_offset_s`` on an order); anything else is refused with an
:class:`~logistics.errors.InvalidValueError` naming the offset field.

A customer's clock travels with an order as a :class:`CustomerClock` (a fixed
offset, a zone, or neither: the longitude guess) wherever orders are handled in
bulk (batch re-optimisation, the hindsight bound, look-ahead regions).

Zone names are looked up once and cached (:func:`zone_info`); the
``tzdata`` package provides the database where the OS has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from logistics.domain._checks import require_int
from logistics.errors import InvalidValueError

__all__ = [
    "Zone",
    "zone_info",
    "check_time_zone",
    "check_one_clock",
    "check_utc_offset",
    "offset_at",
    "CustomerClock",
    "MAX_OFFSET_S",
]

Zone = int | ZoneInfo
"""A fixed UTC offset in seconds, or an IANA zone."""

MAX_OFFSET_S = 14 * 3600
"""Largest fixed offset accepted, seconds (UTC-14h .. UTC+14h)."""


@lru_cache(maxsize=1024)
def zone_info(name: str) -> ZoneInfo:
    """The :class:`ZoneInfo` of IANA zone ``name`` (cached).

    Raises
    ------
    KeyError
        ``name`` is not a zone of the time zone database (use
        :func:`check_time_zone` for a typed error naming the field).
    """
    if not name or name != name.strip() or name.startswith("/") or ".." in name:
        raise KeyError(name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError, IsADirectoryError):
        raise KeyError(name) from None


def check_time_zone(field: str, name: object) -> ZoneInfo:
    """The zone named ``name``, or :class:`InvalidValueError` on ``field``.

    ``name`` must be an IANA zone name such as ``"Europe/Berlin"``; abbreviations
    such as ``"EST"`` that the database lists are accepted as it defines them.
    """
    if not isinstance(name, str):
        raise InvalidValueError(field, name, "expected an IANA time zone name (text)")
    try:
        return zone_info(name)
    except KeyError:
        raise InvalidValueError(
            field, name, 'unknown IANA time zone (e.g. "America/New_York", "Europe/Berlin")'
        ) from None


def check_utc_offset(field: str, offset: object) -> int:
    """``offset``, a fixed UTC offset in whole seconds within -14h..+14h, or
    :class:`InvalidValueError` on ``field``."""
    seconds = require_int(field, offset)
    if abs(seconds) > MAX_OFFSET_S:
        raise InvalidValueError(field, seconds, "within -14h..+14h")
    return seconds


def check_one_clock(
    zone_field: str, zone: object, offset_field: str, offset: object, offset_set: bool
) -> ZoneInfo | None:
    """The zone named ``zone`` (``None`` when not given), checked with the one-clock rule.

    A place has one clock: with a zone, its fixed offset must be unset
    (``offset_set`` false: absent, or 0 on a warehouse). Raises
    :class:`InvalidValueError` on ``zone_field`` for an unknown name, on
    ``offset_field`` (with ``offset``) when both are given.
    """
    if zone is None:
        return None
    info = check_time_zone(zone_field, zone)
    if offset_set:
        name = zone_field.rsplit(".", 1)[-1]
        raise InvalidValueError(
            offset_field, offset, f"leave it unset when {name} is given ({zone} gives the offset)"
        )
    return info


def offset_at(zone: Zone, t: int) -> int:
    """UTC offset of ``zone`` at unix time ``t``, seconds (east of UTC positive)."""
    if not isinstance(zone, tzinfo):
        return zone

    off = datetime.fromtimestamp(t, zone).utcoffset()
    assert off is not None
    return int(off.total_seconds())


@dataclass(frozen=True, slots=True)
class CustomerClock:
    """A customer's clock for promise days, as :class:`~logistics.domain.sourcing.SourcingProblem`
    takes it: a fixed offset, an IANA zone, or neither (the offset is then guessed
    from the ship-to's longitude).

    Parameters
    ----------
    utc_offset_s
        Fixed offset from UTC, seconds (``-18000``), within -14h..+14h.
    time_zone
        IANA zone name (``"America/New_York"``); give it or ``utc_offset_s``, not both.

    Raises
    ------
    InvalidValueError
        On ``utc_offset_s`` (not an integer, out of range, or given with a zone) or
        ``time_zone`` (unknown name).
    """

    utc_offset_s: int | None = None
    time_zone: str | None = None

    def __post_init__(self) -> None:
        off = self.utc_offset_s
        if off is not None:
            off = check_utc_offset("utc_offset_s", off)
            object.__setattr__(self, "utc_offset_s", off)
        check_one_clock("time_zone", self.time_zone, "utc_offset_s", off, off is not None)
