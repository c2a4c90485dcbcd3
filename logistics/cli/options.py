"""Report a library's error about a command-line option by the option's name.

The solvers and domain objects name their own fields (``SlottingParams.orders_per_batch``,
``MoveBudget.max_moves``); on the command line the user typed ``--orders-per-batch``, so a
command builds those objects from its options first, inside :func:`named_as_options`,
and the error reads ``error: orders-per-batch=0: must be >= 1`` (an option without its
dashes, like ``time-limit``), before any file is read or any search started.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from logistics.errors import InvalidValueError

__all__ = ["named_as_options"]


@contextmanager
def named_as_options(**options: str) -> Iterator[None]:
    """Inside, an :class:`InvalidValueError` on a field in ``options`` (library field
    name -> option name without dashes) is raised again naming the option; others pass."""
    try:
        yield
    except InvalidValueError as exc:
        option = options.get(exc.field)
        if option is None:
            raise
        raise InvalidValueError(option, exc.value, exc.reason) from None
