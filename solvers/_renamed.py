"""Keywords the params classes renamed: the old name is refused naming the new one.

The project is pre-1.0, so a rename carries no alias; without this, the old keyword
was Python's bare ``unexpected keyword argument``, which does not say what to write.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

__all__ = ["renamed_keywords"]

T = TypeVar("T", bound=type)


def renamed_keywords(**new_by_old: str) -> Callable[[T], T]:
    """Class decorator: ``cls(old=...)`` raises ``TypeError`` naming the new keyword.

    >>> @renamed_keywords(time_limit="time_limit_s")
    ... class P:
    ...     def __init__(self, time_limit_s: float = 1.0) -> None: ...
    >>> P(time_limit=5)
    Traceback (most recent call last):
    TypeError: P() takes time_limit_s=, not time_limit= (renamed)
    """

    def wrap(cls: T) -> T:
        init = cls.__init__

        @functools.wraps(init)
        def __init__(self, *args, **kwargs) -> None:
            for old, new in new_by_old.items():
                if old in kwargs:
                    raise TypeError(f"{cls.__name__}() takes {new}=, not {old}= (renamed)")
            init(self, *args, **kwargs)

        cls.__init__ = __init__
        return cls

    return wrap
