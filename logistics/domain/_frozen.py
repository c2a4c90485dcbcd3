"""A read-only ``dict`` for the mappings held by frozen problem objects.

A frozen dataclass stops ``problem.current = {...}`` but not
``problem.current["S1"] = "nowhere"``, which would bypass the validation done at
construction. :class:`ReadOnlyDict` refuses every change; it is still a ``dict``
(JSON, ``dict(...)``, ``isinstance(x, dict)`` work as before) and pickles, so
problems cross to worker processes.
"""

from __future__ import annotations

from typing import Any, NoReturn

__all__ = ["ReadOnlyDict"]


class ReadOnlyDict(dict):
    """A ``dict`` that cannot be changed after construction."""

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError(f"{type(self).__name__} is read-only; build a new problem instead")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self) -> tuple[type, tuple[dict]]:
        return (type(self), (dict(self),))

    def __copy__(self) -> ReadOnlyDict:
        return self

    def __deepcopy__(self, memo: dict) -> ReadOnlyDict:
        import copy

        return type(self)(copy.deepcopy(dict(self), memo))
