"""logistics: warehouse and last-mile optimizer for e-commerce fulfillment.

Domain model, travel matrices, dataset readers, store, jobs and the CLI. The
solvers live in the sibling package :mod:`solvers`, the HTTP service in :mod:`api`.
"""

from logistics.errors import DatasetFormatError, InfeasibleError, InvalidValueError, LogisticsError

__version__ = "0.1.0"

__all__ = [
    "DatasetFormatError",
    "InfeasibleError",
    "InvalidValueError",
    "LogisticsError",
    "__version__",
]
