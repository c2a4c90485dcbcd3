"""Pick the executor: Dask when given a scheduler address, else a local process pool."""

from __future__ import annotations

import os

from logistics.jobs.base import Executor
from logistics.jobs.dask_backend import DaskBackend
from logistics.jobs.local import ProcessPoolBackend

__all__ = ["get_executor", "DASK_ENV"]

#: Environment variable naming the Dask scheduler, e.g. ``tcp://host:8786``.
DASK_ENV = "LOGISTICS_DASK"


def get_executor(
    address: str | None = None,
    workers: int | None = None,
    *,
    max_tasks_per_child: int | None = 20,
) -> Executor:
    """The executor to run many solves on.

    Parameters
    ----------
    address
        Dask scheduler address (``tcp://host:8786``). When ``None``, the
        ``LOGISTICS_DASK`` environment variable is used; when that is unset or
        empty too, a local process pool.
    workers
        Size of the local process pool (ignored for Dask, whose size is the
        cluster's); default all usable CPUs or ``LOGISTICS_WORKERS``.
    max_tasks_per_child
        Recycle local workers after this many calls.

    Returns
    -------
    Executor
        Use it as a context manager.

    Raises
    ------
    InvalidValueError
        A malformed address or worker count (the field ``dask`` or ``LOGISTICS_DASK``).
    DaskUnavailableError
        An address was given but Dask is not installed or not reachable (an
        ``InvalidValueError`` naming the address).
    """
    field = "dask"
    if address is None:
        address = os.environ.get(DASK_ENV, "").strip() or None
        field = DASK_ENV
    if address:
        return DaskBackend(address, field=field)
    return ProcessPoolBackend(workers=workers, max_tasks_per_child=max_tasks_per_child)
