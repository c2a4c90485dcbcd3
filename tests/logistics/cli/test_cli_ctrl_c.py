"""Ctrl-C ends a command quietly, also while its modules are still importing (``logistics
serve`` takes seconds to start): ``interrupted`` on stderr, exit 130, no traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import types
import weakref
from pathlib import Path

import pytest
import typer

from logistics.cli import entry
from logistics.cli.errors import run_cli
from logistics.cli.interrupt import defer_sigint
from tests.broken_imports import import_failure

ROOT = Path(__file__).resolve().parents[3]


def _exit_code(app_: typer.Typer, monkeypatch) -> int:
    """Run ``app_`` as the CLI does (:func:`run_cli`, no arguments); the code it exits with."""
    monkeypatch.setattr(sys, "argv", ["logistics"])
    with pytest.raises(SystemExit) as exc:
        run_cli(app_)
    return exc.value.code


def test_ctrl_c_in_a_command_says_so_and_exits_130(monkeypatch, capsys):
    app_ = typer.Typer()

    @app_.command()
    def slow() -> None:
        raise KeyboardInterrupt  # Typer alone exits 130 without a word

    assert _exit_code(app_, monkeypatch) == 130
    assert capsys.readouterr().err == "interrupted\n"


def test_a_command_exiting_130_itself_is_left_alone(monkeypatch, capsys):
    app_ = typer.Typer()

    @app_.command()
    def done() -> None:
        raise typer.Exit(130)

    assert _exit_code(app_, monkeypatch) == 130 and capsys.readouterr().err == ""


def _import_broken_by_ctrl_c() -> None:
    """What Ctrl-C inside a native module's initialization raises (pybind11: the module's
    import fails with ``ImportError: initialization failed`` from the interrupt)."""
    raise import_failure("ortools", ctrl_c=True)


def test_ctrl_c_that_broke_an_import_in_a_command_says_so_and_exits_130(monkeypatch, capsys):
    # it was the ImportError's traceback and exit 1 (the demo alone caught it)
    app_ = typer.Typer()

    @app_.command()
    def solve() -> None:
        _import_broken_by_ctrl_c()

    assert _exit_code(app_, monkeypatch) == 130
    assert capsys.readouterr().err == "interrupted\n"


def test_a_library_error_made_of_a_broken_import_is_ctrl_c_too(monkeypatch, capsys):
    """ "needs matplotlib: pip install ..." (exit 2) was wrong after Ctrl-C broke the import:
    the extra is installed."""
    from logistics.errors import InvalidValueError

    app_ = typer.Typer()

    @app_.command()
    def plot() -> None:
        try:
            _import_broken_by_ctrl_c()
        except ImportError:
            raise InvalidValueError("heatmap", "h.png", "needs matplotlib") from None

    assert _exit_code(app_, monkeypatch) == 130
    assert capsys.readouterr().err == "interrupted\n"


def test_an_import_error_without_ctrl_c_is_left_alone(monkeypatch, capsys):
    app_ = typer.Typer()

    @app_.command()
    def solve() -> None:
        raise ImportError("initialization failed")

    monkeypatch.setattr(sys, "argv", ["logistics"])
    with pytest.raises(ImportError):
        run_cli(app_)
    assert capsys.readouterr().err == ""


# Presses Ctrl-C (SIGINT to itself) when OR-Tools' CP-SAT helper, a native module, imports
# the module named by argv[1] from its initialization: no timing involved. Every exception
# run_cli checks for Ctrl-C is named on stderr, so the test sees the ImportError came.
_BREAK_AN_IMPORT = textwrap.dedent(
    """
    import os, signal, sys, time
    import logistics.cli.errors as errors

    signal.signal(signal.SIGINT, signal.default_int_handler)
    target, sys.argv = sys.argv[1], ["logistics", *sys.argv[2:]]

    class CtrlC:
        def find_spec(self, name, path=None, module=None):
            if name == target:
                sys.meta_path.remove(self)
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(60)  # the handler raises KeyboardInterrupt here at the latest

    def named(exc, seen=errors.raised_by_ctrl_c):
        print(f"ctrl-c test: {type(exc).__name__}: {exc}", file=sys.stderr)
        return seen(exc)

    errors.raised_by_ctrl_c = named
    sys.meta_path.insert(0, CtrlC())
    from logistics.cli.entry import main
    main()
    """
)


def test_ctrl_c_that_breaks_a_native_import_in_a_real_command():
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            _BREAK_AN_IMPORT,
            "ortools.util.python.sorted_interval_list",  # cp_model_helper's init imports it
            "waves",
            "sbpo",
            str(ROOT / "tests/data/sbpo/OkSmall.txt"),
            "--method",
            "cpsat",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 130, proc.stderr
    assert proc.stderr == "ctrl-c test: ImportError: initialization failed\ninterrupted\n"
    assert proc.stdout == ""


def test_ctrl_c_while_the_commands_import_says_so_and_exits_130(monkeypatch, capsys):
    class Importing(types.ModuleType):
        def __getattr__(self, name: str):
            raise KeyboardInterrupt

    monkeypatch.setitem(sys.modules, "logistics.cli.app", Importing("logistics.cli.app"))
    with pytest.raises(SystemExit) as exc:
        entry.main()
    assert exc.value.code == 130
    assert capsys.readouterr().err == "interrupted\n"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc (Linux)")
def test_ctrl_c_on_serve_while_it_starts(tmp_path):
    """The terminal's Ctrl-C (SIGINT to the process group) once numpy is loaded: ``logistics
    serve`` is then importing its commands or the API, seconds before it serves (it
    printed the traceback of the import and died of the signal)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "logistics", "serve", "--port", "1"],
        cwd=ROOT,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "LOGISTICS_DB_URL": f"sqlite:///{tmp_path}/s.db",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        t0 = time.monotonic()
        while not _importing_our_modules(proc.pid):
            assert proc.poll() is None and time.monotonic() - t0 < 30
            time.sleep(0.002)
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    assert proc.returncode == 130, err
    assert err == "interrupted\n" and out == ""


def test_a_ctrl_c_held_back_is_not_lost_where_python_would_swallow_it():
    """A KeyboardInterrupt raised in a weakref callback is printed and lost (the server
    went on to serve); held back, the check sees it, and the handler is restored."""
    before = signal.getsignal(signal.SIGINT)
    came = defer_sigint()

    class Owner:
        pass

    owner = Owner()
    ref = weakref.ref(owner, lambda _r: os.kill(os.getpid(), signal.SIGINT))
    del owner  # the callback runs here; a raise in it would be "Exception ignored"
    assert ref() is None
    assert came() is True
    assert signal.getsignal(signal.SIGINT) is before
    assert defer_sigint()() is False


def _importing_our_modules(pid: int) -> bool:
    """Whether numpy's core is loaded: Python is up and imports the commands (earlier, a
    SIGINT may hit the interpreter's own start-up, which no code of ours can catch)."""
    return "_multiarray_umath" in Path(f"/proc/{pid}/maps").read_text()


def test_sigint_stops_sees_ctrl_c_from_any_thread_and_restores_the_wakeup_fd():
    import threading

    from logistics.cli.interrupt import sigint_stops

    before = signal.signal(signal.SIGINT, lambda *_: None)  # no KeyboardInterrupt here
    try:
        with sigint_stops() as should_stop:
            assert should_stop() is False
            os.kill(os.getpid(), signal.SIGINT)
            seen: list[bool] = []
            poll = threading.Thread(target=lambda: seen.append(should_stop()))
            poll.start()
            poll.join()
            assert seen == [True] and should_stop() is True
        assert signal.set_wakeup_fd(-1) == -1  # put back as it was (none)
    finally:
        signal.signal(signal.SIGINT, before)
    out: list[object] = []

    def in_a_thread() -> None:
        with sigint_stops() as should_stop:
            out.append(should_stop())

    t = threading.Thread(target=in_a_thread)
    t.start()
    t.join()
    assert out == [False]


def test_keep_best_the_first_ctrl_c_only_stops_and_the_second_raises():
    from logistics.cli.interrupt import sigint_stops

    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with sigint_stops(keep_best=True) as should_stop:
            os.kill(os.getpid(), signal.SIGINT)  # raised nothing: the search ends instead
            assert should_stop() is True
            with pytest.raises(KeyboardInterrupt):
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(1)
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a background job: still ignored
        with sigint_stops(keep_best=True) as should_stop:
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
            os.kill(os.getpid(), signal.SIGINT)
            assert should_stop() is False
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)


def test_exit_stopped_ignores_a_later_ctrl_c(capsys):
    """The stopped result is shown: a second press while the command exits has nothing
    to abort (raised there, it ended the process by SIGINT, not exit 130)."""
    from logistics.cli.interrupt import EXIT_INTERRUPTED, exit_stopped

    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(SystemExit) as stopped:
            exit_stopped("the best plan so far is shown")
        assert stopped.value.code == EXIT_INTERRUPTED
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        os.kill(os.getpid(), signal.SIGINT)  # ignored: no KeyboardInterrupt
        time.sleep(0.05)
    finally:
        signal.signal(signal.SIGINT, before)
    assert capsys.readouterr().err == "stopped by Ctrl-C: the best plan so far is shown\n"
