import pickle

import pytest

from logistics.errors import (
    MAX_QUOTED_CHARS,
    DatasetFormatError,
    InfeasibleError,
    InvalidValueError,
    field_pointer,
    member,
    quoted,
)


def test_field_pointer():
    assert field_pointer("lines[2].quantity") == "/lines/2/quantity"
    assert field_pointer("stops[0].time_windows[1].end") == "/stops/0/time_windows/1/end"
    assert field_pointer("a/b") == "/a~1b"
    assert field_pointer(member("current", "S1")) == "/current/S1"
    assert field_pointer(member("problem.current", "Z.Z")) == "/problem/current/Z.Z"
    assert field_pointer(member("target", 'a"[b]')) == '/target/a"[b]'
    assert field_pointer('x["a/b"].y') == "/x/a~1b/y"
    assert field_pointer("") == ""


def test_prefixed():
    e = InvalidValueError("quantity", 0, "must be >= 1").prefixed("lines[3]")
    assert e.field == "lines[3].quantity"
    assert e.pointer == "/lines/3/quantity"


def test_dataset_error_names_file_and_line():
    e = DatasetFormatError("x.txt", 7, "7 integers")
    assert str(e) == "x.txt:7: expected 7 integers"


@pytest.mark.parametrize(
    "error",
    [
        InvalidValueError("lines[2].quantity", -1, "must be positive"),
        DatasetFormatError("data/x.txt", 7, "an integer"),
        InfeasibleError("no slot fits SKU 'S1'"),
    ],
)
def test_errors_survive_pickling_so_worker_processes_can_raise_them(error):
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error) and str(back) == str(error)
    assert vars(back) == vars(error)


def test_one_of_lists_the_choices_as_the_other_errors_quote_values():
    from logistics.errors import one_of

    assert one_of(["dimacs", "exact"]) == "one of 'dimacs', 'exact'"
    assert one_of(x for x in ("a",)) == "one of 'a'"


def test_a_bad_convention_lists_its_choices_without_a_python_list():
    from logistics.datasets.vrptw import read_solomon
    from logistics.paths import datasets_root

    path = datasets_root() / "solomon_vrptw_100" / "instances" / "C101.txt"
    with pytest.raises(InvalidValueError) as err:
        read_solomon(path, convention="foo")
    assert err.value.reason == "one of 'dimacs', 'exact'"


def _slotting_unknown_budget_key() -> None:
    from logistics.domain.slotting import SlottingProblem

    layout = {"regular": {"aisles": 1, "slots_per_side": 1}}
    SlottingProblem.from_dict({"layout": layout, "skus": [], "budget": {"max_mvoes": 3}})


def _orders_file_unknown_key() -> None:
    from logistics.waves_json import orders_from_json

    orders_from_json({"cart": {"items": 1}, "orders": [{"id": "o", "lines": [], "foo": 1}]})


def _layout_unknown_builder_argument() -> None:
    from logistics.domain.layout import WarehouseLayout

    WarehouseLayout.from_dict({"regular": {"aisles": 1, "slots_per_side": 1, "aisle": 2}})


def _slotting_method() -> None:
    from solvers.slotting import SlottingParams

    SlottingParams(method="foo")


def _picking_method() -> None:
    from logistics.domain.layout import WarehouseLayout
    from solvers.picking import route

    route(WarehouseLayout.single_block(aisles=1, slots_per_side=1), [], method="foo")


def _waves_router() -> None:
    from solvers.waves import BatchingParams

    BatchingParams(router="foo")


def _image_suffix() -> None:
    from pathlib import Path

    from logistics.cli.output_paths import IMAGE_SUFFIXES, check_output_file

    check_output_file("heatmap", Path("heat.txt"), suffixes=IMAGE_SUFFIXES)


@pytest.mark.parametrize(
    "fail",
    [
        _slotting_unknown_budget_key,
        _orders_file_unknown_key,
        _layout_unknown_builder_argument,
        _slotting_method,
        _picking_method,
        _waves_router,
        _image_suffix,
    ],
)
def test_warehouse_errors_list_their_choices_without_a_python_container(fail):
    # were: one of ('random', 'abc', ...), expected ['allow_split', ...], one of exact, tsp
    with pytest.raises(InvalidValueError) as err:
        fail()
    assert "one of '" in err.value.reason
    assert not any(c in err.value.reason for c in "[(")


# -- a bad value is quoted cut short when it is long ---------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "ZZZ",
        "",
        "x\ny",
        "o" * 64,  # an id at the API's limit
        "é" * MAX_QUOTED_CHARS,
        -1,
        1e308,
        None,
        ["A"],
        {"id": "ana"},
        [[["a"]]],
        list(range(50)),
    ],
)
def test_an_ordinary_value_is_quoted_as_before(value):
    # byte-identical to the message before values were cut: f"{field}={value!r}: {reason}"
    assert str(InvalidValueError("lines[2].slot", value, "why")) == f"lines[2].slot={value!r}: why"
    assert quoted(value) == repr(value)


def test_a_long_string_is_cut_and_says_how_long_it_was():
    value = "a" * 5000
    e = InvalidValueError("orders[1].lines[2].slot", value, "slot not in the layout")
    shown = repr("a" * MAX_QUOTED_CHARS) + "... (5000 characters)"
    assert str(e) == f"orders[1].lines[2].slot={shown}: slot not in the layout"
    assert e.value == value  # the value itself stays whole for programs
    assert quoted("a" * (MAX_QUOTED_CHARS + 1)).endswith(f"... ({MAX_QUOTED_CHARS + 1} characters)")


def test_a_long_list_is_cut_in_its_repr_and_says_how_long_the_repr_was():
    value = list(range(5000))
    text = repr(value)
    assert quoted(value) == f"{text[:MAX_QUOTED_CHARS]}... ({len(text)} characters)"


def test_a_deeply_nested_value_is_bounded():
    value: object = "a"
    for _ in range(500):
        value = [value]
    shown = str(InvalidValueError("slot", value, "expected a string"))
    assert len(shown) < MAX_QUOTED_CHARS + 100
    assert shown.startswith("slot=" + "[" * MAX_QUOTED_CHARS + "... (1003 characters)")
    for _ in range(100_000):  # too deep for repr itself: named, not a RecursionError
        value = [value]
    assert (
        str(InvalidValueError("slot", value, "why")) == "slot=<list nested too deeply to show>: why"
    )


def test_a_long_value_s_error_pickles_whole():
    e = pickle.loads(pickle.dumps(InvalidValueError("id", "a" * 5000, "too long")))
    assert e.value == "a" * 5000 and len(str(e)) < MAX_QUOTED_CHARS + 50
