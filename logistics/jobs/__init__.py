"""Run many solves in parallel: a local process pool, or a Dask cluster (design.md §6).

>>> from logistics.jobs import get_executor
>>> with get_executor(workers=2) as ex:  # doctest: +SKIP
...     squares = ex.map(pow_two, range(10))

``get_executor(address)`` returns a :class:`DaskBackend` when given a scheduler
address (or ``LOGISTICS_DASK`` is set), otherwise a :class:`ProcessPoolBackend`.
"""

from logistics.jobs.base import Executor, Job
from logistics.jobs.dask_backend import DaskBackend, DaskUnavailableError
from logistics.jobs.factory import DASK_ENV, get_executor
from logistics.jobs.local import ProcessPoolBackend, default_workers
from logistics.jobs.progress import run_all

__all__ = [
    "DASK_ENV",
    "DaskBackend",
    "DaskUnavailableError",
    "Executor",
    "Job",
    "ProcessPoolBackend",
    "default_workers",
    "get_executor",
    "run_all",
]
