"""Draw a picker route on the warehouse layout (matplotlib, the ``viz`` extra)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from logistics.domain.layout import WarehouseLayout
from logistics.matplotlib_extra import pyplot

__all__ = ["plot_route"]


def plot_route(layout: WarehouseLayout, route: Any, path: str | Path, title: str = "") -> Path:
    """Save a PNG of ``route`` (a :class:`~solvers.picking.PickRoute`) over the layout.

    Racks are grey bars between aisles, the walk is a blue line, picks are red
    dots numbered in walking order, the depot is a black square.
    """
    plt = pyplot("plot", str(path))
    xs = [x / 1000 for x in layout.aisle_x_mm]
    ys = [y / 1000 for y in layout.cross_aisle_y_mm]
    fig, ax = plt.subplots(figsize=(max(6, len(xs) * 0.6), max(4, (ys[-1] - ys[0]) * 0.12)))
    half_cross = layout.cross_aisle_width_mm / 2000
    half_aisle = layout.aisle_width_mm / 2000
    for i in range(len(xs) + 1):
        left = xs[i - 1] + half_aisle if i else xs[0] - half_aisle - 1.0
        right = xs[i] - half_aisle if i < len(xs) else xs[-1] + half_aisle + 1.0
        if right <= left:
            continue
        for b in range(len(ys) - 1):
            ax.add_patch(
                plt.Rectangle(
                    (left, ys[b] + half_cross),
                    right - left,
                    max(0.0, ys[b + 1] - ys[b] - 2 * half_cross),
                    color="0.85",
                    zorder=0,
                )
            )
    dx, dy = layout.depot_xy_mm
    depot = (dx, dy - layout.depot_offset_mm)
    # the walk starts and ends where the depot meets its cross-aisle: add the legs from and
    # back to the depot, which its length counts
    walk = [depot, *route.waypoints_mm, depot] if layout.depot_offset_mm else route.waypoints_mm
    wx = [p[0] / 1000 for p in walk]
    wy = [p[1] / 1000 for p in walk]
    ax.plot(wx, wy, color="tab:blue", linewidth=1.5, zorder=2)
    for k, sid in enumerate(route.visits, start=1):
        x, y = layout.xy_mm(layout.slot(sid).point)
        ax.plot(x / 1000, y / 1000, "o", color="tab:red", markersize=4, zorder=3)
        ax.annotate(
            str(k), (x / 1000, y / 1000), fontsize=6, xytext=(3, 3), textcoords="offset points"
        )
    ax.plot(depot[0] / 1000, depot[1] / 1000, "s", color="black", zorder=3)
    ax.set_aspect("equal")
    ax.set_xlabel("x (m)")
    ax.set_ylabel("y (m)")
    picks = f"{len(route.visits)} pick{'' if len(route.visits) == 1 else 's'}"
    ax.set_title(title or f"{route.method} route, {route.length_m:.1f} m, {picks}")
    path = Path(path)
    fig.savefig(path, dpi=130, bbox_inches="tight")
    plt.close(fig)
    return path
