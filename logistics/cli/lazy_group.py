"""A command group whose subcommands are made only when the group is used.

``logistics bench`` has a command per benchmark suite, and the suite modules import
pandas, the solvers and the store to define them. Typer builds every group of the app
before it runs any command, so a plain group would make ``logistics --help`` (and every
other command) import them too; this one imports them on the first look at its
commands: ``logistics bench --help``, completion. Running one command imports only that
command's module when the group says how to find it (``register_one``).
"""

from __future__ import annotations

import importlib
from collections.abc import MutableMapping
from typing import TYPE_CHECKING

import typer
import typer.main
from typer.core import TyperGroup

if TYPE_CHECKING:
    from typer._click import Command, Context

__all__ = ["LazyGroup"]


class LazyGroup(TyperGroup):
    """A Typer group whose commands ``register`` adds, on first use.

    Subclass it with ``register = "module:function"``, a function that adds the
    commands to the Typer app it is given (as ``benchmarks.suites.register_all``), and
    pass the subclass as ``cls`` to the group's ``typer.Typer``. With ``register_one =
    "module:function"``, a function that adds the one command named by its second
    argument and says whether it knew the name (as ``benchmarks.suites.register_one``),
    running a command imports that command's module only.
    """

    register: str = ""
    register_one: str = ""

    @property
    def commands(self) -> MutableMapping[str, Command]:
        """The group's commands, ``register``'s among them once it has run."""
        if not self._registered:
            self._registered = True
            added = self._added(self.register)
            # in register's order, also a command get_command added on its own
            self._commands = {
                **added,
                **{k: v for k, v in self._commands.items() if k not in added},
            }
        return self._commands

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        """The command ``cmd_name``: from ``register_one`` alone while the others are not
        needed."""
        if not self._registered and self.register_one and cmd_name not in self._commands:
            self._commands.update(self._added(self.register_one, cmd_name))
            if cmd_name in self._commands:
                return self._commands[cmd_name]
        return super().get_command(ctx, cmd_name)

    def _added(self, register: str, *args: str) -> dict[str, Command]:
        """The commands the function named by ``register`` adds, given ``args``."""
        module, _, function = register.partition(":")
        app = typer.Typer(
            rich_markup_mode=self.rich_markup_mode, suggest_commands=self.suggest_commands
        )
        getattr(importlib.import_module(module), function)(app, *args)
        if not app.registered_commands:
            return {}
        return dict(typer.main.get_group(app).commands)

    @commands.setter
    def commands(self, value: MutableMapping[str, Command]) -> None:
        self._registered = False
        self._commands = value
