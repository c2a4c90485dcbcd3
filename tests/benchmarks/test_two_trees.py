"""The side-by-side benches' shared command line and result files."""

from __future__ import annotations

import pandas as pd
import pytest

from benchmarks.two_trees import SECONDS_KEYWORD, tree_args, tree_command, write_module_results


def test_label_names_the_result_files_and_the_command(monkeypatch, tmp_path):
    monkeypatch.setenv("LOGISTICS_RESULTS", str(tmp_path))
    argv = ["bench", "--before", "/tmp/b", "--time-limit", "5", "--label", "pool"]
    monkeypatch.setattr("sys.argv", argv)
    args = tree_args("A bench.\n\nMore.", 10.0)
    assert (args.label, args.time_limit) == ("pool", 5.0)
    command = tree_command("network_single_source", args)
    assert command.endswith("--time-limit 5 --label pool")
    rows, summary = [{"a": 1}], pd.DataFrame({"a": [1]})
    labelled = write_module_results(
        "network_single_source", args, rows, summary, title="t", notes=""
    )
    args.label = None
    md = write_module_results("network_single_source", args, rows, summary, title="t", notes="")
    assert md.name == "network_single_source_5s.md"
    assert labelled.name == "network_single_source_pool_5s.md"
    assert "`python -m benchmarks.network_single_source --time-limit 5 --label pool`" in (
        labelled.read_text()
    )
    assert md.exists() and (tmp_path / "network_single_source_pool_5s.csv").exists()


def test_no_label_keeps_the_plain_names(monkeypatch):
    monkeypatch.setattr("sys.argv", ["bench", "--before", "/tmp/b"])
    args = tree_args("A bench.", 10.0)
    assert args.label is None
    assert (
        tree_command("m", args)
        == "python -m benchmarks.m --before <tree> --after <tree> --time-limit 10"
    )


@pytest.mark.parametrize("label", ["../x", "a/b", "", "a b"])
def test_a_label_that_is_no_file_name_part_is_refused(monkeypatch, label):
    monkeypatch.setattr("sys.argv", ["bench", "--before", "/tmp/b", "--label", label])
    with pytest.raises(SystemExit) as err:
        tree_args("A bench.", 10.0)
    assert err.value.code == 2


def test_a_bench_adds_its_own_options(monkeypatch):
    monkeypatch.setattr("sys.argv", ["bench", "--before", "/tmp/b", "--suite", "lilim"])
    args = tree_args("A bench.", 1.0, lambda ap: ap.add_argument("--suite", default="solomon"))
    assert (args.suite, args.time_limit) == ("lilim", 1.0)


@pytest.mark.parametrize("name", ["time_limit_s", "time_limit"])
def test_seconds_keyword_is_the_tree_s_own_name(name):
    # a before tree may predate the rename of time_limit to time_limit_s
    script = SECONDS_KEYWORD + (
        "from dataclasses import make_dataclass\n"
        f"P = make_dataclass('P', [({name!r}, float)])\n"
        "out = P(**seconds(P, 2.5))\n"
    )
    scope: dict = {}
    exec(script, scope)
    assert getattr(scope["out"], name) == 2.5
