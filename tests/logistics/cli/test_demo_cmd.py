"""``logistics demo``: a bad seed, store URL or ``LOGISTICS_*`` setting is one line, exit 2,
found before any work (no day generated, no demo file written)."""

from __future__ import annotations

import pytest

from tests.broken_imports import import_failure
from tests.cli_run import one_error_line, run_logistics

FAST = ("--orders", "5", "--route-seconds", "0.5", "--wave-seconds", "0.5")
PG_MISSING = "postgresql+psycopg://postgres:s3cret@127.0.0.1:5432/does_not_exist"


def _demo(tmp_path, *args: str, **env: str):
    return run_logistics("demo", *FAST, *args, cwd=tmp_path, drop=("LOGISTICS_DB_URL",), **env)


@pytest.mark.parametrize(
    ("args", "env", "says"),
    [
        (("--db", "foo://bar"), {}, "error: db-url='foo://bar': no such kind of database 'foo'"),
        (("--db-url", "not a url"), {}, "error: db-url='not a url': not a database URL"),
        (("--db", "sqlite://"), {}, "error: db-url='sqlite://': an in-memory SQLite database"),
        (
            ("--db", PG_MISSING),
            {},
            "error: db-url='postgresql+psycopg://postgres:***@127.0.0.1:5432/does_not_exist': "
            "cannot open the store",
        ),
        ((), {"LOGISTICS_DB_URL": "foo://bar"}, "error: LOGISTICS_DB_URL='foo://bar': no such"),
        ((), {"LOGISTICS_JOB_WORKERS": "abc"}, "error: LOGISTICS_JOB_WORKERS='abc': Input should"),
        (("--seed", "-1"), {}, "error: seed=-1: expected an integer >= 0"),
        # 10**8 orders was still generating after 90 s and over 3.2 GB; 10**23 failed after
        # 8 s naming capacity_per_day, a field the user never typed
        (("--orders", "10001"), {}, "error: orders=10001: at most 10000 orders"),
        (("--orders", "1" + "0" * 23), {}, "error: orders=" + "1" + "0" * 23 + ": at most"),
    ],
)
def test_a_bad_store_setting_or_seed_is_one_line_before_any_work(tmp_path, args, env, says):
    out = _demo(tmp_path, *args, **env)
    line = one_error_line(out)
    assert line.startswith(says), line
    assert "s3cret" not in line
    assert out.stdout == ""  # not even the day's header
    assert list(tmp_path.iterdir()) == []


def test_a_store_in_a_folder_that_does_not_exist_is_one_line(tmp_path):
    url = f"sqlite:///{tmp_path / 'nope' / 'demo.db'}"
    line = one_error_line(_demo(tmp_path, "--db", url))
    assert line == f"error: db-url='{url}': cannot open the store: unable to open database file"


def test_an_old_demo_file_that_is_no_database_is_replaced(tmp_path):
    (tmp_path / "logistics-demo.db").write_text("not a database")  # made afresh every run
    out = _demo(tmp_path)
    assert out.returncode == 0, out.stderr
    assert "orders placed" in " ".join(out.stdout.split())


def test_ctrl_c_on_the_demo_is_one_line_exit_130_and_a_rerun_works(tmp_path):
    # the demo said `interrupted` (or, when Ctrl-C broke a module's import, printed an
    # ImportError traceback and exited 1) while the solve commands say `stopped by Ctrl-C`
    import time

    from logistics.store import Store
    from logistics.store.keys import list_keys
    from tests.cli_ctrl_c import Child

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    child = Child(["demo", "--orders", "30", "--route-seconds", "1", "--wave-seconds", "1",
                   "--db-url", url])  # fmt: skip
    while not child._out:  # the demo's first line: it has begun
        assert child.proc.poll() is None, child.err
        time.sleep(0.01)
    code, out, err = child.ctrl_c()
    assert "Traceback" not in err
    if code == 0:  # the demo finished before the signal came
        assert "done in" in out
    else:
        assert code == 130
        [line] = [ln for ln in err.splitlines() if ln.strip()]
        assert line.startswith("stopped by Ctrl-C: the demo, while ")
    store = Store(url)
    try:
        assert list_keys(store) == []  # the run's keys were revoked
    finally:
        store.dispose()
    again = _demo(tmp_path, "--db-url", url)  # the same store: nothing half-written in it
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr


def test_ctrl_c_that_broke_an_import_stops_the_demo(monkeypatch):
    # Ctrl-C inside a native module's initialization surfaces as `ImportError:
    # initialization failed` (raised from the KeyboardInterrupt): a traceback, exit 1
    import logistics.synthetic
    from logistics.demo import DemoInterrupted, run_demo

    def broken(**_):
        raise import_failure("ortools", ctrl_c=True)

    monkeypatch.setattr(logistics.synthetic, "generate_day", broken)
    with pytest.raises(DemoInterrupted) as exc:
        run_demo(n_orders=5)
    assert exc.value.stage == "generating the day"
