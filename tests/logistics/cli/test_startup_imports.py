"""Start-up: the command line imports a command's solvers, store and data libraries when
that command runs, not to show help or to run another command (``logistics --help`` took
1.7 s, all of it importing every command's modules)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

# each of these takes 50 ms or more to import (python -X importtime), or brings one that does
HEAVY = {
    "alembic",
    "api",
    "benchmarks",
    "dask",
    "distributed",
    "fastapi",
    "folium",
    "geopy",
    "highspy",
    "httpx",
    "matplotlib",
    "networkx",
    "numpy",
    "ortools",
    "pandas",
    "pydantic_settings",
    "pyscipopt",
    "pyvrp",
    "scipy",
    "sqlalchemy",
    "uvicorn",
}

_RUN = """
import json, sys
sys.argv = ["logistics", *json.loads(sys.argv[1])]
from logistics.cli.entry import main
try:
    main()
finally:
    with open({out!r}, "w") as f:
        json.dump(sorted(sys.modules), f)
"""


def _imported_modules(tmp_path: Path, argv: list[str]) -> set[str]:
    """The modules loaded by ``logistics ARGV`` (exit 0 expected)."""
    out = tmp_path / "modules.json"
    proc = subprocess.run(
        [sys.executable, "-c", _RUN.format(out=str(out)), json.dumps(argv)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(out.read_text()))


def _imported(tmp_path: Path, argv: list[str]) -> set[str]:
    """The top-level packages loaded by ``logistics ARGV`` (exit 0 expected)."""
    return {m.split(".")[0] for m in _imported_modules(tmp_path, argv)}


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["route", "solve", "--help"],
        ["waves", "sbpo", "--help"],
        ["slot", "plan", "--help"],
        ["keys", "list", "--help"],
        ["serve", "--help"],
        ["datasets", "list"],
    ],
)
def test_help_and_light_commands_import_nothing_heavy(tmp_path, argv):
    assert _imported(tmp_path, argv) & HEAVY == set()


@pytest.mark.parametrize("argv", [["keys", "list"], ["keys", "create", "--role", "admin"]])
def test_keys_on_a_migrated_store_import_neither_alembic_nor_the_domain(tmp_path, argv):
    # `logistics keys list` took 0.9 s: the store's package imported the order and stock
    # modules (the domain package, numpy) and opening it imported Alembic, on every run
    url = f"sqlite:///{tmp_path / 'keys.db'}"
    first = _imported_modules(tmp_path, ["keys", "list", "--db-url", url])  # migrates
    assert "alembic" in first
    modules = _imported_modules(tmp_path, [*argv, "--db-url", url])
    top = {m.split(".")[0] for m in modules}
    assert top & HEAVY == {"sqlalchemy", "pydantic_settings"}
    assert {m for m in modules if m.startswith("logistics.domain")} == set()
    assert {"logistics.store.reservations", "logistics.store.stock"} & modules == set()


def test_every_help_text_is_made_without_importing_anything_heavy():
    """Every command's ``--help`` but the benchmark suites' (they are their modules)."""
    code = """
import json, sys
import typer.main
from logistics.cli.app import app
from logistics.cli.lazy_group import LazyGroup

def helps(command, ctx):
    if isinstance(command, LazyGroup):  # logistics bench: its help lists its suites
        return
    yield command.get_help(ctx)
    for name, sub in getattr(command, "commands", {}).items():
        yield from helps(sub, typer.main._click.Context(sub, info_name=name, parent=ctx))

root = typer.main.get_command(app)
texts = list(helps(root, typer.main._click.Context(root, info_name="logistics")))
print(json.dumps([len(texts), sorted({m.split(".")[0] for m in sys.modules})]))
"""
    proc = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    count, imported = json.loads(proc.stdout.splitlines()[-1])
    assert count > 20 and set(imported) & HEAVY == set()


def test_bench_lists_every_suite():
    import typer
    import typer.main

    from benchmarks.suites import register_all
    from logistics.cli.app import app

    plain = typer.Typer()
    register_all(plain)
    bench = typer.main.get_command(app).commands["bench"]
    assert list(bench.commands) == [c.name for c in plain.registered_commands]


def _suite_commands() -> list[str]:
    from benchmarks.suites import SUITE_MODULES

    return [m.replace("_", "-") for m in SUITE_MODULES]


@pytest.mark.parametrize("suite", _suite_commands())
def test_bench_suite_imports_that_suite_only(tmp_path, suite):
    # `logistics bench SUITE` imported every suite (pandas, the solvers, the store, the API)
    module = f"benchmarks.suites.{suite.replace('-', '_')}"
    own = subprocess.run(  # the suites the suite's module needs (slotting-signals: slotting)
        [sys.executable, "-c", f"import sys, {module}; print(*sorted(sys.modules))"],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert own.returncode == 0, own.stderr
    modules = _imported_modules(tmp_path, ["bench", suite, "--help"])
    suites = {m for m in modules if m.startswith("benchmarks.suites.")}
    assert module in suites
    assert suites == {m for m in own.stdout.split() if m.startswith("benchmarks.suites.")}


def test_a_suite_added_alone_is_the_suite_register_all_adds():
    import typer
    import typer.main
    from typer._click import Context

    from benchmarks.suites import register_all, register_one
    from logistics.cli.bench_cmd import app as bench_app

    every = typer.Typer()
    register_all(every)
    full = typer.main.get_group(every)
    for name in _suite_commands():
        one = typer.Typer()
        assert register_one(one, name)
        alone = typer.main.get_group(one).commands
        assert list(alone) == [name]
        assert alone[name].get_help(Context(alone[name], info_name=name)) == full.commands[
            name
        ].get_help(Context(full.commands[name], info_name=name))
    assert not register_one(typer.Typer(), "slotting_signals")
    assert not register_one(typer.Typer(), "nosuch")
    # one suite looked up first, then the whole list: still in register_all's order
    bench = typer.main.get_group(bench_app)
    assert bench.get_command(Context(bench), "network") is not None
    assert list(bench.commands) == list(full.commands)
