"""``--help`` is read in a terminal: no reStructuredText markup from the docstrings."""

from __future__ import annotations

import typer.main

from logistics.cli.app import app


def _commands(command, path: str):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():  # a group's subcommands
        yield from _commands(sub, f"{path} {name}")


def test_no_help_text_shows_rst_backticks():
    marked, commands = [], list(_commands(typer.main.get_command(app), "logistics"))
    assert len(commands) > 20
    for path, command in commands:
        texts = [command.help or "", *(getattr(p, "help", None) or "" for p in command.params)]
        marked += [f"{path}: {text}" for text in texts if "``" in text]
    assert marked == []
