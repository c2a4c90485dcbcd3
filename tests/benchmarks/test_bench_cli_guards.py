"""``logistics bench waves|network|picking`` and ``logistics datasets list`` refuse what would
write a wrong or partial table over a committed one (subprocesses, as a user runs them)."""

from __future__ import annotations

import os
import re

import pytest

from tests.cli_run import ROOT, run_logistics

#: every command reading public data names the variable, not the first file it misses
_NO_DATA = "error: LOGISTICS_DATASETS='/nonexistent': no such folder"


@pytest.mark.parametrize(
    ("args", "env", "says"),
    [
        (["bench", "waves", "--only", "nope"], {}, "only='nope': no such instance"),
        # the names the option takes are listed (an unknown name gave no hint)
        (["bench", "waves", "--only", "nope"], {}, ": instance_0001, instance_0002,"),
        (["bench", "network", "--only", "cap4"], {}, "only='cap4': no such case; "),
        (["bench", "network", "--only", "cap4"], {}, "case names: cap101, cap102,"),
        (["bench", "waves", "--subset", "z"], {}, "one of 'a', 'b', 'all'"),
        (["bench", "waves"], {"LOGISTICS_DATASETS": "/nonexistent"}, _NO_DATA),
        (["bench", "network", "--only", "cap41"], {"LOGISTICS_DATASETS": "/nonexistent"}, _NO_DATA),
        (
            ["whatif", "examples/scenarios/us_forward_denver_south_growth.yaml"],
            {"LOGISTICS_DATASETS": "/nonexistent"},
            _NO_DATA,
        ),
        (["bench", "network", "--only", "cap41", "--time-limit", "0"], {}, "time-limit=0.0"),
        (
            ["bench", "network", "--only", "cap41", "--workers", "2", "--dask", "tcp://h:8786"],
            {},
            "workers=2: local worker processes; not with a Dask scheduler",
        ),
        (["bench", "network", "--only", "cap41", "--workers", "0"], {}, "workers=0"),
        (["bench", "picking", "--part", "routers"], {}, "part='routers': one of"),
        # every instance failed on the seed, exit 0 and a table of 56 errors written
        (["bench", "routing", "--suite", "solomon", "--seed", "-1"], {}, "seed=-1: an integer"),
        (["bench", "routing", "--suite", "solomon", "--seed", "2147483648"], {}, "seed=2147483648"),
        (["datasets", "list"], {"LOGISTICS_DATASETS": "/nonexistent"}, _NO_DATA),
    ],
)
def test_bad_runs_stop_before_writing(tmp_path, args, env, says):
    out = run_logistics(*args, LOGISTICS_RESULTS=str(tmp_path), **env)
    assert out.returncode == 2, out.stderr
    assert says in out.stderr and "Traceback" not in out.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_data_folder_without_the_sbpo_set_is_refused_before_writing(tmp_path):
    results, data = tmp_path / "results", tmp_path / "data"
    results.mkdir()
    data.mkdir()
    out = run_logistics(
        "bench", "waves", LOGISTICS_RESULTS=str(results), LOGISTICS_DATASETS=str(data)
    )
    assert out.returncode == 2 and "no SBPO instance files" in out.stderr, out.stderr
    assert list(results.iterdir()) == []


def test_a_run_of_some_cases_writes_a_partial_table(tmp_path):
    out = run_logistics(
        *("bench", "network", "--only", "cap41", "--solvers", "ours", "--time-limit", "5"),
        "--no-progress",
        LOGISTICS_RESULTS=str(tmp_path),
    )
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "network_5s_partial.csv",
        "network_5s_partial.md",
    ]


@pytest.mark.parametrize("only", ["", " , "])
def test_network_only_naming_no_case_is_refused(tmp_path, only):
    out = run_logistics(
        "bench", "network", "--only", only, "--no-progress", LOGISTICS_RESULTS=str(tmp_path)
    )
    assert out.returncode == 2, out.stderr
    assert f"error: only={only!r}: all, small, large or case names" in out.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("budget", ["../x", "a/b", ""])
def test_network_budget_that_is_no_file_name_part_is_refused(tmp_path, budget):
    out = run_logistics(
        *("bench", "network", "--only", "cap41", "--solvers", "ours", "--time-limit", "1"),
        *("--budget", budget, "--no-progress"),
        LOGISTICS_RESULTS=str(tmp_path),
    )
    assert out.returncode == 2, out.stderr
    assert f"error: budget={budget!r}: a name part" in out.stderr
    assert "Traceback" not in out.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_run_of_some_cases_with_a_budget_keeps_off_the_whole_suites_table(tmp_path):
    out = run_logistics(
        *("bench", "network", "--only", "cap41", "--solvers", "ours", "--time-limit", "5"),
        *("--budget", "30s", "--no-progress"),
        LOGISTICS_RESULTS=str(tmp_path),
    )
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "network_30s_partial.csv",
        "network_30s_partial.md",
    ]


def test_network_mean_gap_at_the_optimum_prints_no_minus_zero(tmp_path):
    # cap41 and cap42 solved to their optima: the mean gap (rounding noise under 0) was -0.0
    out = run_logistics(
        *("bench", "network", "--only", "cap41,cap42", "--time-limit", "2", "--no-progress"),
        LOGISTICS_RESULTS=str(tmp_path),
    )
    assert out.returncode == 0, out.stderr
    assert " 0.0 " in out.stdout
    assert "-0.0" not in out.stdout
    assert not re.search(r"\s-0(\.0*)?\s", (tmp_path / "network_2s_partial.md").read_text())


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--orders", "0"), "error: orders=0: expected an integer >= 1"),  # was ZeroDivisionError
        (("--reprice", "0"), "error: reprice=0: expected an integer >= 1"),  # was ZeroDivisionError
        (("--batch-time-limit", "nan"), "error: batch-time-limit=nan: seconds, a finite number"),
        # an IndexError traceback after the policy section
        (("--latency-decisions", "0"), "error: latency-decisions=0: expected an integer >= 1"),
        (("--batch-orders", "0"), "error: batch-orders=0: expected an integer >= 1"),
        # a traceback after the whole run
        (("--budget", "../x"), "error: budget='../x': a name part of the result files"),
    ],
)
def test_sourcing_bad_counts_are_refused_as_typed_before_any_work(tmp_path, args, says):
    out = run_logistics("bench", "sourcing", *args, LOGISTICS_RESULTS=str(tmp_path))
    assert out.returncode == 2, out.stderr
    assert out.stderr.startswith(says) and "Traceback" not in out.stderr
    assert list(tmp_path.iterdir()) == []


_SOLOMON_ONE = ("bench", "routing", "--suite", "solomon", "--time-limit", "0.2", "--count", "1")


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (("--count", "-3"), "error: count=-3: expected an integer >= 0 (0 = all)"),
        (("--backends", ""), "error: backends='': at least one backend or --peers to run"),
        (("--backends", ","), "error: backends=',': at least one backend or --peers to run"),
        (("--tag", "../../x"), "error: tag='../../x': a name part of the result files"),
        (("--tag", "a/b"), "error: tag='a/b': a name part of the result files"),
    ],
)
def test_routing_bad_options_are_refused_before_any_work(tmp_path, extra, says):
    """--count -3 was a numpy traceback, --backends '' wrote an empty table over the
    committed one, --tag ../../x a traceback after the whole run."""
    out = run_logistics(*_SOLOMON_ONE, *extra, LOGISTICS_RESULTS=str(tmp_path))
    assert out.returncode == 2, out.stderr
    assert says in out.stderr and "Traceback" not in out.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("suite", ["solomon", "x-spread"])
def test_routing_data_folder_without_the_set_is_refused_before_writing(tmp_path, suite):
    """It wrote an empty table (solomon) or a KeyError traceback (x-spread)."""
    results, data = tmp_path / "results", tmp_path / "data"
    results.mkdir()
    data.mkdir()
    out = run_logistics(
        *("bench", "routing", "--suite", suite, "--time-limit", "0.2"),
        LOGISTICS_RESULTS=str(results),
        LOGISTICS_DATASETS=str(data),
    )
    assert out.returncode == 2, out.stderr
    assert f"error: suite='{suite}': no instance files under {data}" in out.stderr
    assert list(results.iterdir()) == []


def test_routing_peer_that_is_not_installed_is_refused_before_any_work(tmp_path):
    """pyvroom is a dev extra: without it every vroom row was an error row, exit 0."""
    blocker = tmp_path / "blocker" / "vroom"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('no vroom here')\n")
    results = tmp_path / "results"
    results.mkdir()
    out = run_logistics(
        *_SOLOMON_ONE,
        "--peers",
        "vroom",
        LOGISTICS_RESULTS=str(results),
        PYTHONPATH=f"{blocker.parent}{os.pathsep}{ROOT}",
    )
    assert out.returncode == 2, out.stderr
    assert "error: peers='vroom': not installed (pip install pyvroom)" in out.stderr
    assert list(results.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        _SOLOMON_ONE,
        ("bench", "network", "--only", "cap41", "--time-limit", "1", "--no-progress"),
        ("bench", "waves", "--only", "instance_0001", "--time-limit", "1"),
    ],
)
def test_a_results_folder_that_is_a_file_is_refused_before_the_run(tmp_path, args):
    """The run went to its end, then said only 'error: PATH: File exists'."""
    blocker = tmp_path / "results"
    blocker.write_text("")
    out = run_logistics(*args, LOGISTICS_RESULTS=str(blocker))
    assert out.returncode == 2, out.stderr
    assert f"error: LOGISTICS_RESULTS='{blocker}': not a folder ({blocker} is a file)" in (
        out.stderr
    )
    assert "Traceback" not in out.stderr and "━" not in out.stderr + out.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("bench", "waves", "--only", ","), "error: only=',': comma-separated instance names"),
        (
            ("bench", "network", "--solvers", " , ", "--no-progress"),
            "error: solvers=' , ': one or more of ours, mip-direct",
        ),
    ],
)
def test_options_naming_nothing_to_run_are_refused(tmp_path, args, says):
    """Both ran nothing and wrote an empty table (network: over network_30s)."""
    out = run_logistics(*args, LOGISTICS_RESULTS=str(tmp_path))
    assert out.returncode == 2, out.stderr
    assert says in out.stderr and "Traceback" not in out.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "says"),
    [
        # a usage box saying 'budget must be quick or full', not naming the value
        (("picking", "--budget", "fast"), "error: budget='fast': one of 'quick', 'full'"),
        (("slotting", "--budget", "fast"), "error: budget='fast': one of 'quick', 'full'"),
        (("slotting-signals", "--budget", "fast"), "error: budget='fast': one of 'quick', 'full'"),
        (("load", "--budget", "fast"), "error: budget='fast': one of 'quick', 'full'"),
        # measured PostgreSQL, labelled the rows 'mysql' and wrote over load_quick
        (("load", "--db", "mysql"), "error: db='mysql': one of 'sqlite', 'postgres', 'both'"),
        # no output for over a minute
        (("load", "--concurrency", "0"), "error: concurrency=0: expected an integer >= 1"),
        # 99999999999 grew past 6 GB making idle client tasks, killed after 100 s, no table
        (
            ("load", "--concurrency", "301"),
            "error: concurrency=301: at most 300, the peak requests of budget 'quick'",
        ),
        (
            ("load", "--budget", "full", "--concurrency", "99999999999"),
            "error: concurrency=99999999999: at most 1500, the peak requests of budget 'full'",
        ),
    ],
)
def test_bad_choices_are_one_error_line_naming_the_value(tmp_path, args, says):
    out = run_logistics("bench", *args, LOGISTICS_RESULTS=str(tmp_path))
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip() == says
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ("network", "--only", "cap41", "--no-progress"),  # inf: a table of error rows
        ("waves", "--only", "instance_0001"),  # nan: 'time_limit_s=nan: must be finite'
        ("routing", "--suite", "solomon", "--count", "1"),  # 'time_limit_s=...: seconds > 0'
    ],
)
@pytest.mark.parametrize("value", ["inf", "nan", "-1"])
def test_time_limits_are_checked_as_typed_before_any_work(tmp_path, args, value):
    out = run_logistics("bench", *args, "--time-limit", value, LOGISTICS_RESULTS=str(tmp_path))
    assert out.returncode == 2, out.stderr
    shown = {"inf": "inf", "nan": "nan", "-1": "-1.0"}[value]
    assert out.stderr.startswith(f"error: time-limit={shown}: seconds, a finite number > 0")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "missing"),
    [
        (("network", "--only", "cap41", "--no-progress"), "orlib_cap_warehouse_location"),
        (("picking", "--part", "batching"), "order_batching_obp"),  # ran on, past a minute
        (("slotting",), "wave_picking_sbpo2025"),  # KeyError traceback
        (("slotting-signals", "--budget", "quick"), "wave_picking_sbpo2025"),  # KeyError
        (("matrices", "--sizes", "20"), "us_fulfillment_network"),  # a table of error rows
    ],
)
def test_a_data_copy_without_the_suites_set_is_refused_before_any_work(tmp_path, args, missing):
    results, data = tmp_path / "results", tmp_path / "data"
    results.mkdir()
    data.mkdir()
    for folder in (ROOT / "datasets").iterdir():
        if folder.is_dir() and folder.name != missing:
            (data / folder.name).symlink_to(folder)
    out = run_logistics(
        "bench", *args, LOGISTICS_RESULTS=str(results), LOGISTICS_DATASETS=str(data)
    )
    assert out.returncode == 2, out.stderr
    assert out.stderr.strip() == f"error: dataset='{missing}': not in the data folder {data}"
    assert list(results.iterdir()) == []
