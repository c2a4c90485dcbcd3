"""Keyset paging in SQL: the rows after a key, in key order, at most ``limit`` of them.

A page is ``WHERE (k1, k2) > (:a1, :a2) ORDER BY k1, k2 LIMIT :n`` (``<`` and
``DESC`` for newest first): the database reads from the key on, however deep the
page, and a row written or removed between two pages neither repeats nor hides
another. Row-value comparisons work on PostgreSQL and on SQLite (3.15 and later).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, tuple_

__all__ = ["keyset_page"]


def keyset_page(
    query: Select,
    key: Sequence[ColumnElement[Any]],
    after: Sequence[Any] | None,
    limit: int | None,
    *,
    descending: bool = False,
) -> Select:
    """``query`` ordered by ``key``, from just after the row whose key is ``after``.

    Parameters
    ----------
    key
        The columns of a unique key (the primary key, or a time and the primary key).
    after
        The key of the last row of the previous page; ``None``: the first page.
    limit
        At most this many rows (``None``: all).
    descending
        Highest key first (newest first).
    """
    if after is not None:
        if len(after) != len(key):
            raise ValueError(f"after={after!r}: {len(key)} values, one per key column")
        if len(key) == 1:
            left, right = key[0], after[0]
        else:
            left, right = tuple_(*key), tuple(after)
        query = query.where(left < right if descending else left > right)
    query = query.order_by(*(c.desc() if descending else c for c in key))
    return query if limit is None else query.limit(limit)
