"""The results header names the command line that made the table (not ``logistics bench
waves`` for ``waves_60s.md``, which took ``--time-limit 60``)."""

from __future__ import annotations

from benchmarks.command_line import invoked_bench_command
from tests.cli_run import run_logistics


def test_the_bench_part_of_the_arguments_quoted_for_a_shell():
    argv = ["/venv/bin/logistics", "bench", "routing", "--suite", "solomon", "--peers", ""]
    assert invoked_bench_command(argv) == "logistics bench routing --suite solomon --peers ''"


def test_python_dash_m_logistics_is_the_same_command():
    argv = ["/src/logistics/__main__.py", "bench", "waves", "--time-limit", "60"]
    assert invoked_bench_command(argv) == "logistics bench waves --time-limit 60"


def test_no_bench_run_names_no_command():
    assert invoked_bench_command(["pytest", "-q", "tests/benchmarks"]) is None
    assert invoked_bench_command(["benchmarks/two_trees.py", "--time-limit", "5"]) is None


def test_a_routing_table_names_the_command_that_makes_it_again(tmp_path):
    args = ("bench", "routing", "--suite", "lilim", "--time-limit", "0.3", "--count", "1")
    out = run_logistics(*args, LOGISTICS_RESULTS=str(tmp_path))
    assert out.returncode == 0, out.stderr
    header = (tmp_path / "routing_lilim_0.3s_1of52.md").read_text().splitlines()[2]
    assert header.endswith(
        "by `logistics bench routing --suite lilim --time-limit 0.3 --count 1`."
    ), header
