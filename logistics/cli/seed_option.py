"""Check ``--seed`` before any work, as every solver and the API do.

Every command that takes ``--seed`` takes ``0..MAX_SEED`` (2**31 - 1: CP-SAT's and
SCIP's int32, the API's limit) and says so before reading a file: ``slot plan`` and
``waves plan`` used to run with ``--seed -1`` (the API refused it, and Python's
``random.Random(-1)`` is the stream of ``Random(1)``), ``route solve`` and ``network
solve`` refused it only after reading their file.
"""

from __future__ import annotations

__all__ = ["check_seed"]


def check_seed(value: int) -> int:
    """``value`` when it is a usable ``--seed``; else :class:`InvalidValueError` on field
    ``seed`` (``error: seed=-1: an integer within 0..2147483647``, exit 2)."""
    from logistics.domain._checks import require_seed  # logistics.domain: numpy, geopy...

    return require_seed("seed", value)
