"""Slotting and re-slotting: fast and co-ordered SKUs where pickers walk least.

* :func:`solve` slots every SKU from scratch: ``random``, ``abc`` (classes by
  velocity), ``coi`` (cube-per-order index), ``order_aware`` (local search on
  top of COI placing co-ordered SKUs together, judged by simulated picking) or
  ``best`` (the better of ``coi`` and ``order_aware``, Schuur 2015).
* :func:`plan_moves` re-slots within a move budget: an executable move list in
  order, largest saving per move first.
* :func:`replay` judges a plan on held-out orders with batching and exact
  picker routing; :func:`validate` rechecks rules and move lists.
"""

from solvers.slotting.day import DaySlotting, walking_saved
from solvers.slotting.params import METHODS, Progress, SlottingParams
from solvers.slotting.plan import SlottingResult, solve
from solvers.slotting.replay import ReplayResult, replay, split_history
from solvers.slotting.reslot import Move, ReslotResult, plan_moves
from solvers.slotting.validate import MoveListKind, SlottingCheck, SlottingViolation, validate

__all__ = [
    "METHODS",
    "DaySlotting",
    "Move",
    "MoveListKind",
    "Progress",
    "ReplayResult",
    "ReslotResult",
    "SlottingCheck",
    "SlottingParams",
    "SlottingResult",
    "SlottingViolation",
    "plan_moves",
    "replay",
    "solve",
    "split_history",
    "validate",
    "walking_saved",
]
