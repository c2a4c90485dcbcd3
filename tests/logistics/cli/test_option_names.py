"""A bad option value is named as the user typed the option (no dashes, no library field
name such as ``budget.max_moves`` or ``orders_per_batch``), before any work: the commands
below are given a file that does not exist, so the option must be checked first."""

from __future__ import annotations

import pytest

from logistics.cli.options import named_as_options
from logistics.errors import InvalidValueError
from tests.cli_run import run_logistics

_SLOT = "examples/slotting/problem.json"
_ORDER = "examples/sourcing/order_us.json"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("slot", "moves", "NOPE.json", "--max-moves", "-1"), "max-moves=-1: must be >= 0"),
        (("slot", "moves", "NOPE.json", "--labour-minutes", "-1"), "labour-minutes=-1.0: "),
        (("slot", "moves", "NOPE.json", "--orders-per-batch", "0"), "orders-per-batch=0: "),
        (("slot", "moves", "NOPE.json", "--swap-mode", "bad"), "swap-mode='bad': "),
        (("slot", "plan", "NOPE.json", "--orders-per-batch", "0"), "orders-per-batch=0: "),
        # was taken: the API refused 101 but the library and the CLI had no limit
        (("slot", "plan", "NOPE.json", "--orders-per-batch", "101"), "orders-per-batch=101: "),
        (("slot", "moves", "NOPE.json", "--orders-per-batch", "101"), "orders-per-batch=101: "),
        (("slot", "plan", "NOPE.json", "--holdout", "nan"), "holdout=nan: "),
        (("source", "NOPE.json", "--runner-ups", "-1"), "runner-ups=-1: "),
        (
            ("source", "NOPE.json", "--network", "NOPE2.json", "--look-ahead"),
            "look-ahead=True: only with the default network",
        ),
        (("demo", "--orders", "0"), "orders=0: expected an integer >= 1"),
        (("demo", "--route-seconds", "0"), "route-seconds=0.0: seconds, a finite number > 0"),
        (("demo", "--wave-seconds", "-1"), "wave-seconds=-1.0: seconds, a finite number > 0"),
    ],
)
def test_a_bad_option_is_named_as_typed_before_any_work(tmp_path, args, says):
    db = tmp_path / "demo.db"
    extra = ("--db", f"sqlite:///{db}") if args[0] == "demo" else ()
    out = run_logistics(*args, *extra, cwd=tmp_path)
    assert out.returncode == 2, out.stderr
    assert out.stderr.startswith(f"error: {says}") and "Traceback" not in out.stderr
    assert not db.exists()  # the demo did no work


def test_other_library_errors_pass_through_unnamed():
    with pytest.raises(InvalidValueError) as err, named_as_options(max_moves="max-moves"):
        raise InvalidValueError("budget.max_moves", -1, "must be >= 0")
    assert err.value.field == "budget.max_moves"  # a file's field keeps its path
