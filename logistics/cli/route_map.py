"""Draw a route plan on an HTML map with folium (the ``viz`` extra).

Lat/lon problems get an OpenStreetMap background; planar benchmark coordinates
are drawn on a blank plane (Leaflet's ``Simple`` CRS, ``y`` up).
"""

from __future__ import annotations

import html
from datetime import datetime, timedelta
from pathlib import Path

from logistics.domain.geo import LatLon
from logistics.domain.route_plan import RoutePlan
from logistics.domain.routing import RoutingProblem

__all__ = ["write_route_map"]

_COLOURS = [
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
]


def _tooltip(text: str) -> str:
    """``text`` safe as a folium tooltip, which is written unescaped as HTML into a
    JavaScript template literal: ids are escaped for HTML (a vehicle id ``</script>...``
    ran as script, ``<img onerror=...>`` on hover, in the map ``GET
    /v1/route-plans/{id}/map.html`` serves) and for the literal (a backtick or ``${``
    ended it or ran code; a backslash could make it a syntax error)."""
    return html.escape(text).replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def write_route_map(
    problem: RoutingProblem, plan: RoutePlan, path: Path, origin: datetime | None = None
) -> Path:
    """Write ``plan`` over ``problem``'s places to ``path`` (HTML); returns the path.

    Tooltips give arrivals as RFC 3339 times when ``origin`` (the wall-clock time of
    second 0, e.g. ``RoutingDocument.origin``) is given, else in seconds from it, and
    route distances in meters (lat/lon) or the set's own units (planar).
    """
    import folium

    locs = [d.location for d in problem.depots] + [s.location for s in problem.stops]
    geo = all(isinstance(p, LatLon) for p in locs)

    def when(seconds: int) -> str:
        if origin is None:
            return f"{seconds} s"
        return (origin + timedelta(seconds=seconds)).isoformat()

    def length(distance: int) -> str:
        units = distance / problem.distance_scale
        return f"{units:,.0f} m" if geo else f"{units:g}"

    def pt(i: int) -> tuple[float, float]:
        p = locs[i]
        return (p.lat, p.lon) if geo else (p.y, p.x)

    pts = [pt(i) for i in range(len(locs))]
    centre = (
        sum(p[0] for p in pts) / len(pts),
        sum(p[1] for p in pts) / len(pts),
    )
    if geo:
        fmap = folium.Map(location=centre, zoom_start=11, tiles="OpenStreetMap")
    else:
        fmap = folium.Map(location=centre, crs="Simple", tiles=None, zoom_start=2)
    for r_i, route in enumerate(plan.routes):
        colour = _COLOURS[r_i % len(_COLOURS)]
        line = [pt(s.location_index) for s in route.steps if s.location_index is not None]
        folium.PolyLine(
            line,
            color=colour,
            weight=3,
            tooltip=_tooltip(
                f"{route.vehicle_id}: {len(route.stop_ids)} stops, {length(route.distance)}"
            ),
        ).add_to(fmap)
        for s in route.steps:
            if s.location_index is None or s.location_index < len(problem.depots):
                continue
            folium.CircleMarker(
                pt(s.location_index),
                radius=3,
                color=colour,
                fill=True,
                tooltip=_tooltip(f"{s.id} arrival {when(s.arrival)}"),
            ).add_to(fmap)
    for i, d in enumerate(problem.depots):
        folium.Marker(pt(i), tooltip=_tooltip(f"depot {d.id}")).add_to(fmap)
    for u in plan.unassigned:
        folium.CircleMarker(
            pt(u.location_index),
            radius=4,
            color="black",
            tooltip=_tooltip(f"{u.stop_id}: {u.reason}"),
        ).add_to(fmap)
    fmap.fit_bounds(
        [
            [min(p[0] for p in pts), min(p[1] for p in pts)],
            [max(p[0] for p in pts), max(p[1] for p in pts)],
        ]
    )
    path = Path(path)
    fmap.save(str(path))
    return path
