"""The ``logistics`` command line (Typer). Each command group has its own module."""
