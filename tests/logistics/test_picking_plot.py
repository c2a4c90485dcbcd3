"""``plot_route``: the drawn walk is the walk the route's length counts."""

from __future__ import annotations

import pytest

from logistics.domain.layout import WarehouseLayout
from solvers.picking import route

pytest.importorskip("matplotlib")


def test_the_walk_reaches_the_depot_when_it_is_off_the_cross_aisle(tmp_path, monkeypatch):
    # the walk was drawn from the cross-aisle only: the 2 m legs to and from the depot
    # square, which the route's length counts, were missing
    import matplotlib.figure

    from logistics.picking_plot import plot_route

    layout = WarehouseLayout.single_block(
        aisles=4, slots_per_side=5, depot="center", depot_offset_m=2.0
    )
    r = route(layout, ["A01-L003-0", "A03-R001-0"])
    drawn = {}

    def keep(fig, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        drawn["lines"] = [line.get_xydata().tolist() for line in fig.axes[0].get_lines()]

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", keep)
    plot_route(layout, r, tmp_path / "r.png")
    walk = max(drawn["lines"], key=len)
    dx, dy = layout.depot_xy_mm
    depot = [dx / 1000, (dy - layout.depot_offset_mm) / 1000]
    assert walk[0] == depot and walk[-1] == depot
    length = sum(abs(a - c) + abs(b - d) for (a, b), (c, d) in zip(walk, walk[1:], strict=False))
    assert length == pytest.approx(r.length_m)


@pytest.mark.parametrize(
    ("picks", "words"), [(["A01-L003-0"], "1 pick"), (["A01-L003-0", "A03-R001-0"], "2 picks")]
)
def test_the_title_counts_picks_in_the_singular_and_plural(tmp_path, monkeypatch, picks, words):
    # one pick read "1 picks"
    import matplotlib.figure

    from logistics.picking_plot import plot_route

    layout = WarehouseLayout.single_block(aisles=4, slots_per_side=5)
    titles = []
    monkeypatch.setattr(
        matplotlib.figure.Figure,
        "savefig",
        lambda fig, *a, **k: titles.append(fig.axes[0].get_title()),
    )
    plot_route(layout, route(layout, picks), tmp_path / "r.png")
    assert titles[0].endswith(f" m, {words}")


def test_ctrl_c_breaking_matplotlibs_import_comes_through(monkeypatch, tmp_path):
    """Regression: it became ``needs matplotlib: pip install 'logistics[viz]'``."""
    from logistics.picking_plot import plot_route
    from tests.broken_imports import assert_ctrl_c, break_import

    break_import(monkeypatch, "matplotlib", ctrl_c=True)
    with pytest.raises(ImportError) as info:
        plot_route(None, None, tmp_path / "r.png")  # the layout is read after the import
    assert_ctrl_c(info)


def test_without_matplotlib_the_extra_is_named(monkeypatch, tmp_path):
    from logistics.errors import InvalidValueError
    from logistics.picking_plot import plot_route
    from tests.broken_imports import break_import

    break_import(monkeypatch, "matplotlib", ctrl_c=False)
    with pytest.raises(InvalidValueError, match="needs matplotlib"):
        plot_route(None, None, tmp_path / "r.png")
