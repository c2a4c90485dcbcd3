"""A group whose commands are registered on first use (``logistics bench``)."""

from __future__ import annotations

import typer
import typer.main
from typer.testing import CliRunner

from logistics.cli.lazy_group import LazyGroup

registered: list[str] = []


def register(app: typer.Typer) -> None:
    registered.append("called")

    @app.command("hello")
    def hello(name: str = typer.Option("world", help="Whom to greet.")) -> None:
        """Say hello."""
        typer.echo(f"hello {name}")


class _Greetings(LazyGroup):
    register = f"{__name__}:register"


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("other")(lambda: typer.echo("other"))
    app.add_typer(typer.Typer(cls=_Greetings), name="greet", help="Greetings.")
    return app


def test_commands_are_registered_when_the_group_is_used_and_only_once():
    registered.clear()
    runner = CliRunner()
    assert runner.invoke(_app(), ["other"]).output == "other\n"
    assert "greet" in runner.invoke(_app(), ["--help"]).output
    assert registered == []
    result = runner.invoke(_app(), ["greet", "hello", "--name", "you"])
    assert result.exit_code == 0 and result.output == "hello you\n"
    assert registered == ["called"]
    group = typer.main.get_command(_app()).commands["greet"]
    assert list(group.commands) == ["hello"] and list(group.commands) == ["hello"]
    assert registered == ["called", "called"]  # once per group made, not per look


def test_help_and_errors_show_the_registered_commands():
    runner = CliRunner()
    assert "Say hello." in runner.invoke(_app(), ["greet", "--help"]).output
    result = runner.invoke(_app(), ["greet", "helo"])
    assert result.exit_code == 2 and "hello" in result.output  # did you mean
