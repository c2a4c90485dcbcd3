"""Places: geographic ``{lat, lon}`` and planar ``{x, y}`` for benchmark sets."""

from __future__ import annotations

from dataclasses import dataclass

from logistics.domain._checks import require_number
from logistics.errors import InvalidValueError

__all__ = ["LatLon", "Point", "Location"]


@dataclass(frozen=True, slots=True)
class LatLon:
    """A point on the earth in WGS84 decimal degrees.

    Parameters
    ----------
    lat
        Latitude in degrees, -90..90.
    lon
        Longitude in degrees, -180..180.
    """

    lat: float
    lon: float

    def __post_init__(self) -> None:
        require_number("lat", self.lat)
        require_number("lon", self.lon)
        if not -90.0 <= self.lat <= 90.0:
            raise InvalidValueError("lat", self.lat, "latitude must be within -90..90 degrees")
        if not -180.0 <= self.lon <= 180.0:
            raise InvalidValueError("lon", self.lon, "longitude must be within -180..180 degrees")

    def to_dict(self) -> dict[str, float]:
        """The edge representation ``{"lat": .., "lon": ..}``."""
        return {"lat": self.lat, "lon": self.lon}

    @classmethod
    def from_dict(cls, data: dict) -> LatLon:
        """Build from ``{"lat": .., "lon": ..}``; other keys are an error."""
        if not isinstance(data, dict) or set(data) != {"lat", "lon"}:
            raise InvalidValueError("location", data, 'expected an object {"lat": .., "lon": ..}')
        return cls(data["lat"], data["lon"])


@dataclass(frozen=True, slots=True)
class Point:
    """A point on a plane (benchmark coordinates, warehouse floor), unitless or meters."""

    x: float
    y: float

    def __post_init__(self) -> None:
        require_number("x", self.x)
        require_number("y", self.y)

    def to_dict(self) -> dict[str, float]:
        return {"x": self.x, "y": self.y}


Location = LatLon | Point
"""Either kind of place; matrix builders accept both (not mixed)."""
