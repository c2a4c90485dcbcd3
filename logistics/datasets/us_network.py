"""Reader for ``datasets/us_fulfillment_network``: 99 US demand cities, 10 fulfillment centres.

The set (see its ``PROVENANCE.md``) is two CSV files:

``cities.csv``
    ``City,State,Latitude,Longitude,Population`` -- 99 metropolitan demand points,
    population as an integer (used as the demand weight).
``fulfillment_centers.csv``
    ``Facility,State,Latitude,Longitude`` -- 10 fulfillment-centre sites, state as a
    two-letter code.

:func:`read_us_network` returns :class:`DemandCity` objects and the centres as
:class:`~logistics.domain.Warehouse` objects (with the capacity, cut-offs and
handling costs the caller chooses, and the local UTC offset of the state).
Any malformed line raises :class:`~logistics.errors.DatasetFormatError` naming the
file, the 1-based line number and what was expected.

Local time: each site gets its state's *standard-time* UTC offset (daylight saving
is not modelled); a state not in the table falls back to ``round(lon / 15)`` hours.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from logistics.domain._checks import require_id, store_int
from logistics.domain.geo import LatLon
from logistics.domain.network import Warehouse, WarehouseKind
from logistics.errors import DatasetFormatError, InvalidValueError, quoted
from logistics.paths import datasets_root

__all__ = [
    "DemandCity",
    "USNetwork",
    "read_us_network",
    "read_cities",
    "read_fulfillment_centers",
    "state_utc_offset_s",
]

SET_NAME = "us_fulfillment_network"
CITIES_HEADER = ("City", "State", "Latitude", "Longitude", "Population")
CENTERS_HEADER = ("Facility", "State", "Latitude", "Longitude")

_H = 3600
# Standard-time UTC offsets (hours). States split across zones use the zone of
# most of their population.
_STATE_OFFSET_H: dict[str, int] = {
    "AL": -6, "AK": -9, "AZ": -7, "AR": -6, "CA": -8, "CO": -7, "CT": -5, "DE": -5,
    "DC": -5, "FL": -5, "GA": -5, "HI": -10, "ID": -7, "IL": -6, "IN": -5, "IA": -6,
    "KS": -6, "KY": -5, "LA": -6, "ME": -5, "MD": -5, "MA": -5, "MI": -5, "MN": -6,
    "MS": -6, "MO": -6, "MT": -7, "NE": -6, "NV": -8, "NH": -5, "NJ": -5, "NM": -7,
    "NY": -5, "NC": -5, "ND": -6, "OH": -5, "OK": -6, "OR": -8, "PA": -5, "PR": -4,
    "RI": -5, "SC": -5, "SD": -6, "TN": -6, "TX": -6, "UT": -7, "VT": -5, "VA": -5,
    "WA": -8, "WV": -5, "WI": -6, "WY": -7,
}  # fmt: skip
_STATE_CODES: dict[str, str] = {
    "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR", "California": "CA",
    "Colorado": "CO", "Connecticut": "CT", "Delaware": "DE", "District of Columbia": "DC",
    "Florida": "FL", "Georgia": "GA", "Hawaii": "HI", "Idaho": "ID", "Illinois": "IL",
    "Indiana": "IN", "Iowa": "IA", "Kansas": "KS", "Kentucky": "KY", "Louisiana": "LA",
    "Maine": "ME", "Maryland": "MD", "Massachusetts": "MA", "Michigan": "MI",
    "Minnesota": "MN", "Mississippi": "MS", "Missouri": "MO", "Montana": "MT",
    "Nebraska": "NE", "Nevada": "NV", "New Hampshire": "NH", "New Jersey": "NJ",
    "New Mexico": "NM", "New York": "NY", "North Carolina": "NC", "North Dakota": "ND",
    "Ohio": "OH", "Oklahoma": "OK", "Oregon": "OR", "Pennsylvania": "PA",
    "Puerto Rico": "PR", "Rhode Island": "RI", "South Carolina": "SC",
    "South Dakota": "SD", "Tennessee": "TN", "Texas": "TX", "Utah": "UT", "Vermont": "VT",
    "Virginia": "VA", "Washington": "WA", "West Virginia": "WV", "Wisconsin": "WI",
    "Wyoming": "WY",
}  # fmt: skip


def state_utc_offset_s(state: str, lon: float) -> int:
    """Standard-time UTC offset in seconds of a US state (name or two-letter code).

    Falls back to ``round(lon / 15)`` hours for a state not in the table.
    """
    code = _STATE_CODES.get(state, state.upper() if len(state) == 2 else state)
    hours = _STATE_OFFSET_H.get(code)
    if hours is None:
        hours = round(lon / 15.0)
    return hours * _H


@dataclass(frozen=True, slots=True)
class DemandCity:
    """A demand point: a metropolitan area and its population.

    Parameters
    ----------
    id
        Stable id ``"<City>, <State>"`` (unique in the set).
    name, state
        City and state as written in the file.
    location
        City centre.
    population
        Inhabitants (the demand weight).
    utc_offset_s
        Standard-time offset from UTC in seconds.
    """

    id: str
    name: str
    state: str
    location: LatLon
    population: int
    utc_offset_s: int = 0

    def __post_init__(self) -> None:
        require_id("id", self.id)
        if not isinstance(self.location, LatLon):
            raise InvalidValueError("location", self.location, "expected a LatLon")
        store_int(self, "population", minimum=0)
        store_int(self, "utc_offset_s")


@dataclass(frozen=True, slots=True)
class USNetwork:
    """The whole set: demand cities (file order) and fulfillment centres (file order)."""

    cities: tuple[DemandCity, ...]
    centers: tuple[Warehouse, ...]
    center_states: tuple[str, ...]

    @property
    def total_population(self) -> int:
        """Sum of city populations."""
        return sum(c.population for c in self.cities)


def _rows(path: Path, header: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    if not path.exists():
        raise DatasetFormatError(path, 0, "the file to exist")
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    if not rows or tuple(c.strip() for c in rows[0]) != header:
        raise DatasetFormatError(path, 1, f"header {','.join(header)}")
    out = []
    for i, row in enumerate(rows[1:], start=2):
        if not row or all(not c.strip() for c in row):
            continue  # a blank line (e.g. trailing newline) carries no data
        if len(row) != len(header):
            raise DatasetFormatError(path, i, f"{len(header)} comma-separated fields")
        out.append((i, [c.strip() for c in row]))
    if not out:
        raise DatasetFormatError(path, len(rows), "at least one data line")
    return out


def _latlon(path: Path, line: int, lat: str, lon: str) -> LatLon:
    try:
        return LatLon(float(lat), float(lon))
    except (ValueError, InvalidValueError):
        raise DatasetFormatError(
            path, line, f"latitude and longitude in degrees, got {quoted(lat)}, {quoted(lon)}"
        ) from None


def read_cities(path: str | Path) -> tuple[DemandCity, ...]:
    """Read ``cities.csv``.

    Raises
    ------
    DatasetFormatError
        Bad header, wrong field count, bad number, empty name, duplicate city.
    """
    path = Path(path)
    cities: list[DemandCity] = []
    seen: set[str] = set()
    for line, (name, state, lat, lon, pop) in _rows(path, CITIES_HEADER):
        if not name or not state:
            raise DatasetFormatError(path, line, "a city and a state name")
        loc = _latlon(path, line, lat, lon)
        try:
            population = int(pop)
        except ValueError:
            raise DatasetFormatError(
                path, line, f"an integer population, got {quoted(pop)}"
            ) from None
        if population < 0:
            raise DatasetFormatError(path, line, f"a population >= 0, got {population}")
        ident = f"{name}, {state}"
        if ident in seen:
            raise DatasetFormatError(path, line, f"a unique city, {quoted(ident)} is repeated")
        seen.add(ident)
        cities.append(
            DemandCity(ident, name, state, loc, population, state_utc_offset_s(state, loc.lon))
        )
    return tuple(cities)


def read_fulfillment_centers(
    path: str | Path,
    *,
    capacity_per_day: int = 10_000,
    cutoffs_s: tuple[int, ...] = (14 * _H, 18 * _H),
    handling_cost_per_order: int = 150,
    handling_cost_per_unit: int = 25,
) -> tuple[tuple[Warehouse, ...], tuple[str, ...]]:
    """Read ``fulfillment_centers.csv`` into warehouses (and their state codes).

    Parameters
    ----------
    path
        The CSV file.
    capacity_per_day
        Orders per day each centre can pick and pack (not in the file).
    cutoffs_s
        Pick/pack cut-offs, seconds after local midnight (not in the file).
    handling_cost_per_order, handling_cost_per_unit
        Cents (not in the file).

    Raises
    ------
    DatasetFormatError
        Bad header, wrong field count, bad coordinates, duplicate site code.
    """
    path = Path(path)
    out: list[Warehouse] = []
    states: list[str] = []
    seen: set[str] = set()
    for line, (code, state, lat, lon) in _rows(path, CENTERS_HEADER):
        if not code:
            raise DatasetFormatError(path, line, "a facility code")
        if len(state) != 2 or not state.isalpha():
            raise DatasetFormatError(path, line, f"a two-letter state code, got {quoted(state)}")
        if code in seen:
            raise DatasetFormatError(
                path, line, f"a unique facility code, {quoted(code)} is repeated"
            )
        seen.add(code)
        loc = _latlon(path, line, lat, lon)
        out.append(
            Warehouse(
                id=code,
                location=loc,
                capacity_per_day=capacity_per_day,
                cutoffs_s=cutoffs_s,
                handling_cost_per_order=handling_cost_per_order,
                handling_cost_per_unit=handling_cost_per_unit,
                kind=WarehouseKind.FULFILLMENT_CENTER,
                utc_offset_s=state_utc_offset_s(state, loc.lon),
                name=f"{code} ({state})",
            )
        )
        states.append(state)
    return tuple(out), tuple(states)


def read_us_network(folder: str | Path | None = None, **center_options: int) -> USNetwork:
    """Read the whole set from ``folder`` (default ``datasets/us_fulfillment_network``).

    ``center_options`` go to :func:`read_fulfillment_centers` (capacity, cut-offs,
    handling costs).
    """
    folder = Path(folder) if folder is not None else datasets_root() / SET_NAME
    cities = read_cities(folder / "cities.csv")
    centers, states = read_fulfillment_centers(folder / "fulfillment_centers.csv", **center_options)
    return USNetwork(cities=cities, centers=centers, center_states=states)
