"""A command group whose subcommands are made only when the group is used.

``logistics bench`` has a command per benchmark suite, and the suite modules import
pandas, the solvers and the store to define them. Typer builds every group of the app
before it runs any command, so a plain group would make ``logistics --help`` (and every
other command) import them too; this one imports them on the first look at its
commands: running one, ``logistics bench --help``, completion.
"""

from __future__ import annotations

import importlib
from collections.abc import MutableMapping
from typing import TYPE_CHECKING

import typer
import typer.main
from typer.core import TyperGroup

if TYPE_CHECKING:
    from typer._click import Command

__all__ = ["LazyGroup"]


class LazyGroup(TyperGroup):
    """A Typer group whose commands ``register`` adds, on first use.

    Subclass it with ``register = "module:function"``, a function that adds the
    commands to the Typer app it is given (as ``benchmarks.suites.register_all``), and
    pass the subclass as ``cls`` to the group's ``typer.Typer``.
    """

    register: str = ""

    @property
    def commands(self) -> MutableMapping[str, Command]:
        """The group's commands, ``register``'s among them once it has run."""
        if not self._registered:
            self._registered = True
            module, _, function = self.register.partition(":")
            app = typer.Typer(
                rich_markup_mode=self.rich_markup_mode, suggest_commands=self.suggest_commands
            )
            getattr(importlib.import_module(module), function)(app)
            self._commands.update(typer.main.get_group(app).commands)
        return self._commands

    @commands.setter
    def commands(self, value: MutableMapping[str, Command]) -> None:
        self._registered = False
        self._commands = value
