"""Checks shared by the bulk writers of master data and stock (one request, many rows)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from logistics.errors import InvalidValueError

__all__ = ["refuse_duplicates"]


def refuse_duplicates(keys: Sequence[Hashable], rows: str, key_field: str, what: str) -> None:
    """Refuse a bulk write naming one row twice: which of the two would win is not said.

    Parameters
    ----------
    keys
        The key of each row, in the order sent: an id, or a tuple of ids
        (``(warehouse_id, sku_id)``).
    rows
        The field path of the list of rows (``"warehouses"``, ``"items"``).
    key_field
        The field of a row that the error names (``"id"``, ``"sku_id"``): its value is
        the key, or the last id of a tuple key.
    what
        What a key names, for the reason (``"warehouse"``, ``"stock position"``).

    Raises
    ------
    InvalidValueError
        At the second row with a key already seen, naming the first one:
        ``items[2].sku_id='MUG': duplicate stock position EWR4/MUG (items[0] too)``.
    """
    first: dict[Hashable, int] = {}
    for i, key in enumerate(keys):
        j = first.setdefault(key, i)
        if j != i:
            value = key[-1] if isinstance(key, tuple) else key
            named = "/".join(map(str, key)) if isinstance(key, tuple) else str(key)
            raise InvalidValueError(
                f"{rows}[{i}].{key_field}", value, f"duplicate {what} {named} ({rows}[{j}] too)"
            )
