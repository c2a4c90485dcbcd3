"""The matrices benchmark suite runs end to end on tiny sizes."""

import pytest

from benchmarks.runner import run_suite
from benchmarks.suites.matrices import (
    STANDARD_SIZES,
    build_tasks,
    parse_sizes,
    run_one,
    sizes_label,
)
from logistics.errors import InvalidValueError
from tests.cli_run import run_logistics


def test_suite_rows_and_files(tmp_path):
    tasks = build_tasks([40], geodesic_max=40, road_max=40)
    methods = {t.solver for t in tasks}
    assert {"haversine", "lambert", "geodesic", "euclidean_round", "road_graph"} <= methods
    result = run_suite(
        "matrices",
        "test",
        tasks,
        lambda t: run_one(t, sample=60, repeats=1),
        directory=tmp_path,
        show_progress=False,
    )
    rows = {(r["instance"], r["solver"]): r for r in result.rows}
    assert not any("error" in r for r in result.rows)
    assert rows[("rio-40", "geodesic")]["max_rel_err_%"] == 0.0
    assert rows[("rio-40", "haversine")]["max_rel_err_%"] < 0.5
    assert rows[("rio-40", "lambert")]["max_rel_err_%"] < 0.01
    assert rows[("rio-40", "road_graph")]["mean_road_over_geodesic"] > 1.0
    assert result.csv_path.exists() and result.md_path.exists()


def test_only_the_standard_sizes_write_the_standard_table():
    """'--sizes 500' wrote matrices_standard over the committed four-size table."""
    assert sizes_label(list(STANDARD_SIZES)) == "standard"
    assert sizes_label([500]) == "sizes-500"
    assert sizes_label([500, 1000, 2000, 5000, 10000]) == "sizes-500-1000-2000-5000-10000"


@pytest.mark.parametrize("text", ["0", "-5", "1", "abc", "", " , ", "500,x"])
def test_sizes_that_are_no_place_counts_are_refused(text):
    with pytest.raises(InvalidValueError) as err:
        parse_sizes(text)
    assert str(err.value) == f"sizes={text!r}: comma-separated place counts >= 2"


def test_a_size_given_twice_is_refused():
    with pytest.raises(InvalidValueError) as err:
        parse_sizes("500,1000,500")  # every row of 500 was measured and written twice
    assert str(err.value) == "sizes='500,1000,500': each place count once"


@pytest.mark.parametrize("text", ["10001", "500,99999999999"])
def test_sizes_past_the_largest_matrix_are_refused(text):
    # 99999999999 ran and wrote a table whose every row was a MemoryError, exit 0
    with pytest.raises(InvalidValueError) as err:
        parse_sizes(text)
    assert str(err.value) == f"sizes={text!r}: each place count at most 10000"


def test_sizes_parse():
    assert parse_sizes(" 500, 1000 ,") == [500, 1000]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--sizes", "abc"), "error: sizes='abc': comma-separated place counts >= 2"),
        (("--sizes", "0"), "error: sizes='0': comma-separated place counts >= 2"),
        (("--sizes", "50", "--repeats", "0"), "error: repeats=0: expected an integer >= 1"),
        (("--sizes", "50", "--sample", "0"), "error: sample=0: expected an integer >= 1"),
        (("--sizes", "99999999999"), "error: sizes='99999999999': each place count at most"),
        (
            ("--sizes", "50", "--sample", "99999999999"),
            "error: sample=99999999999: expected an integer within 1..1000000",
        ),
        (("--sizes", "50", "--road-max", "-1"), "error: road-max=-1: expected an integer >= 0"),
        (("--sizes", "50", "--budget", "../x"), "error: budget='../x': a name part"),
    ],
)
def test_bad_options_are_refused_before_any_work(tmp_path, args, says):
    """abc and ../x were tracebacks (../x after the run); 0 ran only the fixed US rows and
    wrote them over matrices_standard; repeats/sample 0 and sizes or a sample past memory
    wrote tables of error rows (MemoryError), exit 0."""
    out = run_logistics("bench", "matrices", *args, LOGISTICS_RESULTS=str(tmp_path))
    assert out.returncode == 2, out.stderr
    assert says in out.stderr and "Traceback" not in out.stderr
    assert list(tmp_path.iterdir()) == []


def test_other_sizes_write_their_own_table(tmp_path):
    out = run_logistics(
        *("bench", "matrices", "--sizes", "30", "--sample", "20", "--repeats", "1"),
        LOGISTICS_RESULTS=str(tmp_path),
    )
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "matrices_sizes-30.csv",
        "matrices_sizes-30.md",
    ]
