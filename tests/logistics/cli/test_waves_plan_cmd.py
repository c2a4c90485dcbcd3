"""``logistics waves plan``: JSON output, plot, clear errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "logistics", "waves", "plan", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_plan_json_on_the_examples(tmp_path):
    png = tmp_path / "route.png"
    out = run(
        str(EXAMPLES / "waves_orders.json"),
        "--layout", str(EXAMPLES / "layout.json"),
        "--time-limit", "1", "--json", "--plot", str(png),
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) >= {"waves", "batches", "late", "total_length_m", "makespan_s", "on_time"}
    orders = json.loads((EXAMPLES / "waves_orders.json").read_text())["orders"]
    picked = sorted(o for b in data["batches"] for o in b["orders"])
    assert picked == sorted(o["id"] for o in orders)
    first = data["batches"][0]
    assert first["picks"] and all("slot" in p and "orders" in p for p in first["picks"])
    assert png.exists() and png.stat().st_size > 1000


def test_plan_text_output():
    from typer.testing import CliRunner

    from logistics.cli.app import app

    res = CliRunner().invoke(
        app,
        ["waves", "plan", str(EXAMPLES / "waves_orders.json"),
         "--layout", str(EXAMPLES / "layout.json"), "--time-limit", "0.3"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "wave 0" in res.output and "cart 0" in res.output


@pytest.mark.parametrize(
    "mutate, field",
    [
        (lambda d: d["orders"][1]["lines"][0].update(slot="NOPE"), "orders[1].lines[0].slot"),
        (lambda d: d["cart"].update(items=1, totes=None, weight_g=None), "orders[0]"),
        (lambda d: d["orders"][2].update(cutoff_s=60), "orders[2].cutoff_s"),
        (lambda d: d["orders"][0]["lines"][0].update(quantity=0), "orders[0].lines[0].quantity"),
        (lambda d: d["orders"][0].update(colour="red"), "orders[0].colour"),
        (lambda d: d.pop("cart"), "cart"),
        (lambda d: d["pickers"][1].update(id=""), "pickers[1].id"),
        (lambda d: d.update(setup_s=-1), "setup_s"),
        (lambda d: d["orders"][3]["lines"][1].update(slot=""), "orders[3].lines[1].slot"),
        # an order on no tote was taken: carts then held any number of them
        (lambda d: d["orders"][4].update(totes=0), "orders[4].totes"),
        (lambda d: d["orders"][4].update(totes=-2), "orders[4].totes"),
    ],
)
def test_bad_input_is_named(tmp_path, mutate, field):
    from logistics.cli.waves_plan_cmd import plan
    from logistics.errors import InvalidValueError

    data = json.loads((EXAMPLES / "waves_orders.json").read_text())
    mutate(data)
    path = tmp_path / "orders.json"
    path.write_text(json.dumps(data))
    with pytest.raises(InvalidValueError) as e:
        plan(path, EXAMPLES / "layout.json", 0.2, "exact", 0, True, None, 0)
    assert e.value.field == field


def test_bad_input_exits_2_with_a_clear_message(tmp_path):
    data = json.loads((EXAMPLES / "waves_orders.json").read_text())
    data["orders"][1]["lines"][0]["slot"] = "NOPE"
    path = tmp_path / "orders.json"
    path.write_text(json.dumps(data))
    out = run(str(path), "--layout", str(EXAMPLES / "layout.json"))
    assert out.returncode == 2
    assert out.stderr.startswith("error: orders[1].lines[0].slot='NOPE'")


def test_empty_cart_is_shown_as_given(tmp_path):
    data = json.loads((EXAMPLES / "waves_orders.json").read_text())
    data["cart"] = {}
    path = tmp_path / "orders.json"
    path.write_text(json.dumps(data))
    out = run(str(path), "--layout", str(EXAMPLES / "layout.json"))
    assert out.returncode == 2
    assert out.stderr.startswith("error: cart={}: give at least one of")


@pytest.mark.parametrize(
    "layout, field, value, reason",
    [
        ({"regular": {"aisles": -3, "slots_per_side": 5}}, "regular.aisles", -3, ">= 1"),
        ({"regular": {"slots_per_side": 5}}, "regular.aisles", None, "missing"),
        ({"regular": {"aisles": 3, "slots_per_side": 5, "depth": 2}},
         "regular.depth", 2, "unknown"),
        ({"regular": {"aisles": 3, "slots_per_side": 5, "depot": "x"}}, "regular.depot", "x", ""),
        ({"regular": {"aisles": 3, "slots_per_side": 5, "depot": 99}},
         "regular.depot", 99000, "aisle"),
        ({"regular": {"aisles": 3, "slots_per_side": 5, "aisle_width_m": -1}},
         "regular.aisle_width_m", -1, ""),
        ({"aisle_x_mm": [0, 4000], "cross_aisle_y_mm": [0, 9000], "slots": [],
          "depot": {"x_mm": 99000}}, "depot.x_mm", 99000, ""),
        ({"aisle_x_mm": [0, 4000], "cross_aisle_y_mm": [0, 9000], "slots": [],
          "depot": {"x_mm": 0, "offset_mm": -1}}, "depot.offset_mm", -1, ""),
        ({"aisle_x_mm": [0, 4000], "cross_aisle_y_mm": [0, 9000],
          "slots": [{"id": "s", "position_mm": 10}]}, "slots[0].aisle", None, "missing"),
        ({"aisle_x_mm": [0, 4000], "cross_aisle_y_mm": [0, 9000], "slots": [],
          "depot": [0]}, "depot", [0], "object"),
    ],
)  # fmt: skip
def test_layout_errors_name_the_json_key(tmp_path, layout, field, value, reason):
    from logistics.errors import InvalidValueError
    from logistics.waves_json import layout_from_json

    with pytest.raises(InvalidValueError) as e:
        layout_from_json(layout)
    # named under "layout": an orders file given as --layout read "cart=...: unknown field"
    assert (e.value.field, e.value.value) == (f"layout.{field}", value)
    assert reason in e.value.reason
    assert "WarehouseLayout" not in e.value.reason  # no Python signature
    path = tmp_path / "layout.json"
    path.write_text(json.dumps(layout))
    out = run(str(EXAMPLES / "waves_orders.json"), "--layout", str(path))
    assert out.returncode == 2 and out.stderr.startswith(f"error: layout.{field}=")


def test_json_output_carries_the_validation(tmp_path):
    data = json.loads((EXAMPLES / "waves_orders.json").read_text())
    for o in data["orders"]:
        if o["id"] == "o-001":
            o["arrival_s"] = 70000  # after every shift: only o-001 is left out
    path = tmp_path / "orders.json"
    path.write_text(json.dumps(data))
    out = run(str(path), "--layout", str(EXAMPLES / "layout.json"), "--time-limit", "1", "--json")
    assert out.returncode == 0, out.stderr
    plan = json.loads(out.stdout)
    assert plan["validation"] == {"feasible": True, "violations": []}
    assert [x["order"] for x in plan["late"]] == ["o-001"]
    assert plan["late"][0]["late_by_s"] is None and plan["on_time"] is False


def test_unreadable_json(tmp_path):
    from logistics.cli.waves_plan_cmd import plan
    from logistics.errors import InvalidValueError

    path = tmp_path / "orders.json"
    path.write_text("{nope")
    with pytest.raises(InvalidValueError, match="not valid JSON"):
        plan(path, EXAMPLES / "layout.json", 0.2, "exact", 0, True, None, 0)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("route.xyz", "unknown image format"),
        ("nodir/route.png", "its folder does not exist"),
        ("", "is a folder"),
    ],
)
def test_bad_plot_path_is_refused_before_planning(tmp_path, monkeypatch, name, reason):
    """``--plot`` with a suffix matplotlib cannot write used to end in a traceback after
    the search; a missing folder was only noticed after it too."""
    import solvers.waves
    from logistics.cli.waves_plan_cmd import plan
    from logistics.errors import InvalidValueError

    def no_plan(*args, **kwargs):
        raise AssertionError("planned before the --plot path was checked")

    monkeypatch.setattr(solvers.waves, "plan_waves", no_plan)
    target = tmp_path / name if name else tmp_path
    with pytest.raises(InvalidValueError, match=reason) as err:
        plan(EXAMPLES / "waves_orders.json", EXAMPLES / "layout.json", 5, "exact", 0, False,
             target, 0)  # fmt: skip
    assert err.value.field == "plot"


def test_bad_plot_suffix_exits_2_without_traceback(tmp_path):
    out = run(
        str(EXAMPLES / "waves_orders.json"),
        "--layout", str(EXAMPLES / "layout.json"),
        "--time-limit", "1", "--plot", str(tmp_path / "route.xyz"),
    )  # fmt: skip
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert "error: plot=" in out.stderr and "unknown image format" in out.stderr


def test_plot_without_suffix_names_the_file_written(tmp_path):
    out = run(
        str(EXAMPLES / "waves_orders.json"),
        "--layout", str(EXAMPLES / "layout.json"),
        "--time-limit", "0.5", "--plot", str(tmp_path / "route"),
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    written = tmp_path / "route.png"
    assert written.stat().st_size > 1000
    # rich wraps long lines: compare without whitespace (the path has none)
    assert f"drawnin{written}" in "".join(out.stdout.split())


@pytest.mark.parametrize(
    ("plot", "batch", "reason"),
    [
        ("route.png", -1, r"0 or more"),
        (None, 3, r"only with --plot"),
        # 40 orders, none splittable: no plan has more than 40 carts
        ("route.png", 40, r"the plan has at most 40 carts: 0\.\.39"),
    ],
)
def test_a_plot_batch_no_plan_can_have_is_refused_before_planning(
    tmp_path, monkeypatch, plot, batch, reason
):
    """``--plot-batch`` was checked only after the whole search."""
    import solvers.waves
    from logistics.cli.waves_plan_cmd import plan
    from logistics.errors import InvalidValueError

    def no_plan(*args, **kwargs):
        raise AssertionError("planned before --plot-batch was checked")

    monkeypatch.setattr(solvers.waves, "plan_waves", no_plan)
    target = None if plot is None else tmp_path / plot
    with pytest.raises(InvalidValueError, match=reason) as err:
        plan(EXAMPLES / "waves_orders.json", EXAMPLES / "layout.json", 5, "exact", 0, True,
             target, batch)  # fmt: skip
    assert (err.value.field, err.value.value) == ("plot-batch", batch)


def test_a_plot_batch_past_the_plan_s_carts_keeps_the_plan_and_exits_2(tmp_path):
    png = tmp_path / "route.png"
    out = run(
        str(EXAMPLES / "waves_orders.json"),
        "--layout", str(EXAMPLES / "layout.json"),
        "--time-limit", "0.5", "--json", "--plot", str(png), "--plot-batch", "39",
    )  # fmt: skip
    assert out.returncode == 2
    carts = len(json.loads(out.stdout)["batches"])  # the plan is printed all the same
    assert carts < 40
    assert out.stderr == (
        f"error: plot-batch=39: the plan has {carts} carts: 0..{carts - 1}; nothing drawn\n"
    )
    assert not png.exists()


def test_a_cart_no_shift_has_room_for_reads_not_scheduled(tmp_path):
    # o-002 arrives after every shift has ended: its cart gets no picker and no times
    data = json.loads((EXAMPLES / "waves_orders.json").read_text())
    data["orders"][1].update(arrival_s=90000, cutoff_s=95000)
    orders = tmp_path / "orders.json"
    orders.write_text(json.dumps(data))
    out = run(str(orders), "--layout", str(EXAMPLES / "layout.json"), "--time-limit", "0.3")
    assert out.returncode == 0, out.stderr
    cart = next(line for line in out.stdout.splitlines() if "orders o-002" in line)
    assert "not scheduled" in cart
    assert "None" not in cart and "---" not in cart


def test_one_cart_one_wave_and_one_order_read_in_the_singular(tmp_path):
    # were "1 carts in 1 waves" and "wave 0 cut-off 11:00:00, 1 orders"
    data = json.loads((EXAMPLES / "waves_orders.json").read_text())
    data["orders"] = data["orders"][:1]
    orders = tmp_path / "orders.json"
    orders.write_text(json.dumps(data))
    out = run(str(orders), "--layout", str(EXAMPLES / "layout.json"), "--time-limit", "0.3")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("1 cart in 1 wave, walking")
    assert "wave 0 cut-off 11:00:00, 1 order\n" in out.stdout


@pytest.mark.parametrize(
    "layout",
    [
        {"regular": {"aisles": 4, "slots_per_side": 10, "blocks": 2}},
        {
            "aisle_x_mm": [0, 4000],
            "cross_aisle_y_mm": [0, 9000],
            "slots": [{"id": "A01-L003-0", "aisle": 1, "position_mm": 3500}],
            "depot": {"x_mm": 0, "cross_aisle": 1},
        },
    ],
)
def test_a_heuristic_router_the_layout_cannot_walk_is_refused_before_planning(tmp_path, layout):
    # was "error: method='s_shape': ..." once the first cart was priced (after loading and
    # batching), naming a field the command does not have
    from logistics.cli.waves_plan_cmd import plan
    from logistics.errors import InvalidValueError

    lay = tmp_path / "layout.json"
    lay.write_text(json.dumps(layout))
    orders = tmp_path / "orders.json"
    slot = "A01-B0-L003-0" if "regular" in layout else "A01-L003-0"
    orders.write_text(
        json.dumps({"cart": {"items": 5}, "orders": [{"id": "o", "lines": [{"slot": slot}]}]})
    )
    with pytest.raises(InvalidValueError) as e:
        plan(orders, lay, 0.2, "s_shape", 0, True, None, 0)
    assert (e.value.field, e.value.value) == ("router", "s_shape")
    assert "use exact, auto or tsp" in e.value.reason


def test_orders_no_shift_has_room_for_are_listed_as_not_scheduled(tmp_path):
    # orders without a cut-off were listed under "orders missing their cut-off:"
    orders = tmp_path / "orders.json"
    orders.write_text(
        json.dumps(
            {
                "cart": {"items": 1},
                "pickers": [{"id": "ana", "shift_start_s": 0, "shift_end_s": 60}],
                "orders": [{"id": f"o{i}", "lines": [{"slot": "A07-L019-1"}]} for i in range(3)],
            }
        )
    )
    out = run(str(orders), "--layout", str(EXAMPLES / "layout.json"), "--time-limit", "0.3")
    assert out.returncode == 0, out.stderr
    assert "\norders missing their cut-off or not scheduled:\n" in out.stdout


def test_exact_routing_past_three_blocks_is_refused_when_a_cart_can_outgrow_it(tmp_path):
    # was "error: picks=17: exact routing with 4 blocks is limited to 12 pick points" once
    # the search made such a cart, naming no field of the command; auto and tsp route them
    from logistics.cli.waves_plan_cmd import plan
    from logistics.errors import InvalidValueError

    lay = tmp_path / "layout.json"
    lay.write_text(json.dumps({"regular": {"aisles": 4, "slots_per_side": 6, "blocks": 4}}))
    slots = [f"A0{a}-B{b}-L00{p}-0" for a in range(4) for b in range(4) for p in (1, 4)]
    orders = tmp_path / "orders.json"
    data = {
        "cart": {"items": 20},
        "orders": [{"id": f"o{k}", "lines": [{"slot": s} for s in slots[k::4]]} for k in range(4)],
    }
    orders.write_text(json.dumps(data))
    with pytest.raises(InvalidValueError) as e:
        plan(orders, lay, 0.2, "exact", 0, True, None, 0)
    assert (e.value.field, e.value.value) == ("router", "exact")
    assert "a cart may hold 16; use auto or tsp" in e.value.reason  # two orders of 8 points
    data["cart"]["items"] = 12  # no cart can hold more than exact routes
    orders.write_text(json.dumps(data))
    plan(orders, lay, 0.2, "exact", 0, True, None, 0)


@pytest.mark.parametrize(
    "cart",
    [{"totes": 1}, {"weight_g": 800}, {"volume_cm3": 1000, "items": 100}, {"totes": 4}],
)
def test_exact_routing_past_three_blocks_counts_every_limit_of_the_cart(tmp_path, cart):
    # a cart of one tote (or 800 g, or 1000 cm3) holds one order of 8 pick points, one of 4
    # totes at most the points of its 4 orders: exact was refused all the same ("a cart may
    # hold 32"), as only the item limit was taken into account; a split order counts the
    # points of its parts
    from logistics.cli.waves_plan_cmd import plan

    lay = tmp_path / "layout.json"
    lay.write_text(json.dumps({"regular": {"aisles": 4, "slots_per_side": 6, "blocks": 4}}))
    slots = [f"A0{a}-B{b}-L00{p}-0" for a in range(4) for b in range(4) for p in (1, 4)]
    orders = tmp_path / "orders.json"
    lines = [{"slot": s, "weight_g": 100, "volume_cm3": 125} for s in slots]
    data = {
        "cart": cart,
        "orders": [{"id": f"o{k}", "lines": lines[k::4], "totes": 1} for k in range(4)],
    }
    if cart == {"totes": 4}:  # of 800 g: three orders of 1 point and 100 g, and one of 16
        # points split into parts of 8 points and 800 g: a cart holds 8 points at most
        data["cart"] = {"totes": 4, "weight_g": 800}
        data["orders"] = [
            {"id": "a", "lines": lines[0:1]},
            {"id": "b", "lines": lines[1:2]},
            {"id": "c", "lines": lines[2:3]},
            {"id": "split", "lines": lines[3:19], "allow_split": True},
        ]
    orders.write_text(json.dumps(data))
    plan(orders, lay, 0.2, "exact", 0, True, None, 0)


def test_text_output_shows_ids_as_written(tmp_path):
    """Ids went to Rich as markup: an order id ``[/]`` was a MarkupError traceback (exit 1),
    ``[red]x`` was printed as ``x``, a picker ``[b]ana`` as ``ana``; an ESC went raw to the
    terminal. They are shown as written, control characters as escapes."""
    doc = json.loads((EXAMPLES / "waves_orders.json").read_text())
    doc["orders"] = doc["orders"][:3]
    doc["pickers"] = doc["pickers"][:1]
    ids = ["[/]", "[red]x", "esc\x1b[31m"]
    for order, new in zip(doc["orders"], ids, strict=True):
        order["id"] = new
    doc["pickers"][0]["id"] = "[b]ana"
    orders = tmp_path / "orders.json"
    orders.write_text(json.dumps(doc))
    out = run(str(orders), "--layout", str(EXAMPLES / "layout.json"), "--time-limit", "0")
    assert out.returncode == 0, out.stderr
    assert "picker [b]ana " in out.stdout
    carts = [line for line in out.stdout.splitlines() if line.startswith("  cart ")]
    shown = {o for line in carts for o in line.split(", orders ")[1].split(", ")}
    assert shown == {"[/]", "[red]x", "esc\\x1b[31m"}
    assert "\x1b" not in out.stdout


def test_piped_text_output_keeps_each_cart_on_one_line():
    """Piped, Rich wrapped at 80 columns: a cart's order list went on over the next line,
    read as a line of its own."""
    out = run(
        str(EXAMPLES / "waves_orders.json"),
        "--layout", str(EXAMPLES / "layout.json"), "--time-limit", "0",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    carts = [line for line in out.stdout.splitlines() if line.startswith("  cart ")]
    shown = sorted(o for line in carts for o in line.split(", orders ")[1].split(", "))
    orders = json.loads((EXAMPLES / "waves_orders.json").read_text())["orders"]
    assert shown == sorted(o["id"] for o in orders)
