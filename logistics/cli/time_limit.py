"""Check ``--time-limit`` before any work, naming it as the command line does.

The solvers check their own time limits too, but name them as their parameters do
(``RoutingParams.time_limit_s``, ``SlottingParams.time_limit_s``, a scenario's
``solver.time_limit_s``); on the command line the user wrote ``--time-limit``, so every
command reports ``error: time-limit=VALUE: reason`` (an option without its dashes,
like ``plot-batch``), exit 2.
"""

from __future__ import annotations

import math

from logistics.errors import InvalidValueError

__all__ = ["check_time_limit", "MAX_SECONDS"]

MAX_SECONDS = 10**9
"""Longest ``--time-limit`` (about 31 years), as ``RoutingParams.MAX_TIME_LIMIT``: OR-Tools
counts int64 milliseconds (1e308 overflowed there with a traceback), and ``waves plan``
read 1e308 as ``time_limit_s=inf``."""


def check_time_limit(value: float, *, zero_ok: bool = False, name: str = "time-limit") -> float:
    """``value`` when it is a usable ``--time-limit``.

    Parameters
    ----------
    value
        Seconds, as parsed from the command line (``nan`` and ``inf`` parse too).
    zero_ok
        Whether 0 is allowed (the solver then only builds its start, no search).
    name
        The option as typed, without its dashes, for a command whose time limits have
        other names (``logistics demo --route-seconds``).

    Returns
    -------
    float
        ``value``, unchanged.

    Raises
    ------
    InvalidValueError
        Field ``name`` (``time-limit``): not finite, negative, 0 when ``zero_ok`` is false,
        or more than :data:`MAX_SECONDS`.
    """
    if not math.isfinite(value) or value < 0 or (value == 0 and not zero_ok):
        bound = ">= 0" if zero_ok else "> 0"
        raise InvalidValueError(name, value, f"seconds, a finite number {bound}")
    if value > MAX_SECONDS:
        raise InvalidValueError(name, value, f"seconds, at most {MAX_SECONDS}")
    return value
