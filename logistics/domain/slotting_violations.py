"""A broken slotting rule as data: what kind, which SKU, slot, aisle or family.

:func:`logistics.domain.slotting.rule_violations` returns these. Code decides on
``kind`` and the fields (two violations are equal when they name the same things);
``str()`` is the message people read, unchanged from when violations were strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["RuleKind", "RuleViolation"]


class RuleKind(StrEnum):
    """What a :class:`RuleViolation` is about."""

    UNKNOWN_SKU = "unknown_sku"
    """``sku`` is not a SKU of the problem."""
    UNKNOWN_SLOT = "unknown_slot"
    """``sku`` is given ``slot``, which the layout does not have."""
    SLOT_SHARED = "slot_shared"
    """``slot`` holds both ``other_sku`` and ``sku``."""
    DOES_NOT_FIT = "does_not_fit"
    """``sku`` does not fit ``slot`` (capacity, size, type or level)."""
    CLASSES_APART = "classes_apart"
    """``aisle`` holds both ``classes``, which are kept apart."""
    FAMILY_SPREAD = "family_spread"
    """``family`` sits in more than one aisle (``aisles``)."""
    UNSLOTTED = "unslotted"
    """``count`` SKUs have no slot, ``sku`` the first."""


@dataclass(frozen=True, slots=True)
class RuleViolation:
    """One broken rule of an assignment.

    Parameters
    ----------
    kind
        What is broken (:class:`RuleKind`).
    sku, slot, other_sku, aisle, classes, family, aisles, count
        What it names; the fields ``kind`` does not use stay at their defaults.
    message
        The words for people (``str()``); not part of equality.
    """

    kind: RuleKind
    sku: str | None = None
    slot: str | None = None
    other_sku: str | None = None
    aisle: int | None = None
    classes: tuple[str, str] | None = None
    family: str | None = None
    aisles: tuple[int, ...] = ()
    count: int | None = None
    message: str = field(default="", compare=False)

    def __str__(self) -> str:
        return self.message
