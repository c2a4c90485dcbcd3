"""Small validation helpers used by the frozen domain dataclasses.

Each helper raises :class:`~logistics.errors.InvalidValueError` naming the field
and the value; they are deliberately tiny so construction stays cheap (order
sourcing builds thousands of objects a second).
"""

from __future__ import annotations

import numbers
from collections.abc import Container, Iterable
from typing import Any

from logistics.errors import InvalidValueError, one_of

MAX_AMOUNT = 10**9
"""Upper bound of a route plan's integer inputs: quantities, money (cents), seconds.

Far above any real value (10 million in cents, 31 years in seconds, a billion
parcels) and far enough below 2**63 that the solvers' scaled costs and sums stay
within int64: larger values used to overflow inside OR-Tools or PyVRP."""

MAX_SEED = 2**31 - 1
"""Largest random seed of every solver and of the API: CP-SAT's ``random_seed`` and
SCIP's ``randomseedshift`` are int32 (SCIP ignored a larger one with a warning)."""


def _integer(field: str, value: Any) -> int:
    """``value`` as a plain ``int`` when it is of any integer type but bool (``numpy.int64``
    from an array or a DataFrame too); a float, even ``3.0``, is refused."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidValueError(field, value, "expected an integer")
    return int(value)


def require_int(
    field: str, value: Any, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """``value`` as a plain ``int``: any integer type but bool, within ``minimum..maximum``
    where given. Callers store the returned ``int`` (see :func:`store_int`), so JSON output,
    hashing and equality never see a numpy integer."""
    number = _integer(field, value)
    if minimum is not None and number < minimum:
        raise InvalidValueError(field, number, f"must be >= {minimum}")
    if maximum is not None and number > maximum:
        raise InvalidValueError(field, number, f"must be <= {maximum}")
    return number


def store_int(
    obj: Any, name: str, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """Check the integer attribute ``name`` of the frozen dataclass ``obj`` with
    :func:`require_int` and store it back as a plain ``int``; returns it."""
    number = require_int(name, getattr(obj, name), minimum=minimum, maximum=maximum)
    object.__setattr__(obj, name, number)
    return number


def require_seed(field: str, value: Any, *, maximum: int | None = MAX_SEED) -> int:
    """``value`` as a plain ``int`` when it is a random seed: any integer type but bool
    (``numpy.int64`` from an array or a DataFrame too), ``0..maximum``.

    Negative seeds are refused everywhere: the API refuses them, numpy's
    ``default_rng`` does too, and Python's ``random.Random(-s)`` is the same stream as
    ``Random(s)``, so a negative seed was never a run of its own.
    """
    seed = _integer(field, value)
    if seed < 0 or (maximum is not None and seed > maximum):
        bound = ">= 0" if maximum is None else f"within 0..{maximum}"
        raise InvalidValueError(field, seed, f"an integer {bound}")
    return seed


def require_number(
    field: str, value: Any, *, minimum: float | None = None, maximum: float | None = None
) -> None:
    """``value`` is a real number, finite, within ``minimum..maximum`` where given."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValueError(field, value, "expected a number")
    if value != value or value in (float("inf"), float("-inf")):
        raise InvalidValueError(field, value, "must be finite")
    if minimum is not None and value < minimum:
        raise InvalidValueError(field, value, f"must be >= {minimum}")
    if maximum is not None and value > maximum:
        raise InvalidValueError(field, value, f"must be <= {maximum}")


def require_id(field: str, value: Any) -> None:
    """``value`` is a non-empty string identifier."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(field, value, "expected a non-empty string id")


def require_optional_id(field: str, value: Any) -> None:
    """``value`` is ``None`` or a non-empty string identifier."""
    if value is not None:
        require_id(field, value)


def require_bool(field: str, value: Any) -> None:
    """``value`` is ``True`` or ``False``."""
    if not isinstance(value, bool):
        raise InvalidValueError(field, value, "expected true or false")


def require_skills(field: str, value: Any) -> None:
    """``value`` is a frozenset of non-empty strings."""
    if not isinstance(value, frozenset):
        raise InvalidValueError(field, value, "expected a frozenset of strings")
    for skill in sorted(value, key=repr):
        if not isinstance(skill, str) or not skill.strip():
            raise InvalidValueError(field, skill, "skills are non-empty strings")


def require_tuple_of(field: str, values: Any, cls: type) -> None:
    """``values`` is a tuple whose items are all ``cls`` instances."""
    if not isinstance(values, tuple):
        raise InvalidValueError(field, values, f"expected a tuple of {cls.__name__}")
    for i, v in enumerate(values):
        if not isinstance(v, cls):
            raise InvalidValueError(f"{field}[{i}]", v, f"expected a {cls.__name__}")


def require_enum(field: str, value: Any, enum: type) -> Any:
    """``value`` is a member (or the value of a member) of ``enum``; returns the member."""
    try:
        return enum(value)
    except (ValueError, TypeError):
        raise InvalidValueError(field, value, one_of(k.value for k in enum)) from None


def require_unique(field: str, ids: Iterable[Any]) -> None:
    """No identifier appears twice."""
    seen: set[Any] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            raise InvalidValueError(f"{field}[{i}]", ident, "duplicate id")
        seen.add(ident)


def require_known(field: str, ids: Iterable[Any], known: Container[Any], reason: str) -> None:
    """Every id of the list at ``field`` is in ``known`` (else ``field[i]``, that id and
    ``reason``): a misspelt id would otherwise match nothing, silently."""
    for i, ident in enumerate(ids):
        if ident not in known:
            raise InvalidValueError(f"{field}[{i}]", ident, reason)


def require_int_vector(
    field: str, values: Any, *, minimum: int | None = 0, maximum: int | None = None
) -> tuple[int, ...]:
    """``values`` as a tuple of plain ``int``: a tuple of integers (any integer type but
    bool), each within ``minimum..maximum`` where given."""
    if not isinstance(values, tuple):
        raise InvalidValueError(field, values, "expected a tuple of integers")
    return tuple(
        require_int(f"{field}[{i}]", v, minimum=minimum, maximum=maximum)
        for i, v in enumerate(values)
    )
