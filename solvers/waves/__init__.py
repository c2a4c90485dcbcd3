"""Order batching and wave planning for manual picking.

* :func:`solve_batching` groups orders onto carts (capacity in items, totes,
  volume or weight; orders split only when allowed) to minimise walking, from a
  first-come-first-served, seed or Clarke-Wright savings start improved by an
  ALNS that prices every batch with the exact picker route.
* :func:`plan_waves` releases the batches in waves (one per carrier cut-off)
  and sequences them on pickers so every order meets its cut-off when possible;
  late orders are reported with their lateness.
"""

from solvers.waves.batching import (
    Batch,
    BatchingCheck,
    BatchingResult,
    solve_batching,
    validate_batching,
)
from solvers.waves.problem import (
    BatchingParams,
    BatchingProblem,
    CartCapacity,
    Picker,
    Progress,
    WaveParams,
    WaveProblem,
)
from solvers.waves.schedule import (
    LateOrder,
    PlanCheck,
    ScheduledBatch,
    Wave,
    WavePlan,
    plan_waves,
    validate,
)

__all__ = [
    "Batch",
    "BatchingCheck",
    "BatchingParams",
    "BatchingProblem",
    "BatchingResult",
    "CartCapacity",
    "LateOrder",
    "Picker",
    "PlanCheck",
    "Progress",
    "ScheduledBatch",
    "Wave",
    "WaveParams",
    "WavePlan",
    "WaveProblem",
    "plan_waves",
    "solve_batching",
    "validate",
    "validate_batching",
]
