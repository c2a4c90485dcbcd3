"""Executor backed by a Dask distributed cluster (the optional ``[dist]`` extra).

Start a scheduler and workers on any machines that can reach each other::

    dask scheduler                       # prints tcp://HOST:8786
    dask worker tcp://HOST:8786          # on every worker machine

and point the executor at it (``LOGISTICS_DASK=tcp://HOST:8786`` or
``--dask tcp://HOST:8786``). Workers need the same ``logistics`` version
installed, since functions are sent by reference.
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

from logistics.ctrl_c import raised_by_ctrl_c
from logistics.errors import InvalidValueError
from logistics.jobs.base import Executor

__all__ = ["DaskBackend", "DaskUnavailableError", "check_address"]

_SCHEMES = ("tcp://", "tls://", "ws://", "wss://", "inproc://", "ucx://")


class DaskUnavailableError(InvalidValueError):
    """Dask is not installed, or its scheduler cannot be reached: ``field`` names where the
    address came from (``dask``, ``LOGISTICS_DASK``), ``value`` is the address."""


_HOST_PORT_SCHEMES = ("tcp://", "tls://", "ws://", "wss://")

NO_WORKERS_WARN_S = 10.0
"""Seconds after the first call is submitted at which a scheduler still without a worker is
reported on stderr (the calls go on waiting: workers may join)."""


def check_address(address: str, field: str = "dask") -> str:
    """Check a scheduler address looks like ``tcp://host:port``; return it stripped.

    For ``tcp``, ``tls``, ``ws`` and ``wss`` the host must be given and the port be a
    number from 1 to 65535 (``[::1]:8786`` for IPv6): Dask itself fails on a missing or
    malformed port with a traceback, after a 20 s wait.
    """
    if not isinstance(address, str) or not address.strip():
        raise InvalidValueError(field, address, "expected a scheduler address like tcp://host:8786")
    address = address.strip()
    if not address.startswith(_SCHEMES):
        raise InvalidValueError(
            field, address, "expected a scheduler address like tcp://host:8786 (scheme://host:port)"
        )
    scheme = next((s for s in _HOST_PORT_SCHEMES if address.startswith(s)), None)
    if scheme is not None:
        host, colon, port = address.removeprefix(scheme).rpartition(":")
        if host.startswith("[") and host.endswith("]"):  # [::1]
            host = host[1:-1]
        if not colon or not host or not port.isdigit() or not 1 <= int(port) <= 65535:
            raise InvalidValueError(
                field,
                address,
                f"expected {scheme}host:port with a port from 1 to 65535, like {scheme}host:8786",
            )
    return address


def _import_distributed(field: str, address: str | None) -> Any:
    try:
        return importlib.import_module("distributed")
    except ImportError as exc:
        if raised_by_ctrl_c(exc):  # Ctrl-C broke the import: not "not installed"
            raise
        raise DaskUnavailableError(
            field,
            address,
            "the Dask executor needs the optional 'dist' extra: pip install 'logistics[dist]' "
            f"({exc})",
        ) from None


class DaskBackend(Executor):
    """Calls run on the workers of a Dask distributed cluster.

    Parameters
    ----------
    address
        Scheduler address, e.g. ``tcp://10.0.0.5:8786``.
    client
        An existing ``distributed.Client`` to use instead (not closed on
        shutdown); exactly one of ``address`` and ``client``.
    connect_timeout
        Seconds to wait for the scheduler.
    field
        Where ``address`` came from, named by errors: the option ``dask`` or the
        ``LOGISTICS_DASK`` environment variable.
    """

    kind = "dask"

    def __init__(
        self,
        address: str | None = None,
        *,
        client: Any = None,
        connect_timeout: float = 10.0,
        field: str = "dask",
    ) -> None:
        if (address is None) == (client is None):
            raise InvalidValueError("address", address, "give exactly one of address and client")
        distributed = _import_distributed(field, address)
        self._distributed = distributed
        self._owns_client = client is None
        if client is None:
            self.address = check_address(address, field)
            try:
                client = distributed.Client(
                    self.address, timeout=connect_timeout, set_as_default=False
                )
            except (OSError, TimeoutError, ValueError) as exc:  # ValueError: a bad address
                raise DaskUnavailableError(
                    field, self.address, f"cannot reach the Dask scheduler: {exc}"
                ) from None
        else:
            self.address = getattr(client.scheduler, "address", str(client))
        self.client = client
        self.field = field
        self._closed = False
        self._shut = threading.Event()
        self._watching = False

    @property
    def workers(self) -> int:
        return max(1, self._threads())

    def _threads(self) -> int:
        """Worker threads the scheduler has now (0 before any worker joins)."""
        info = self.client.scheduler_info()
        return sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values())

    def describe(self) -> str:
        threads = self._threads()  # it said "1 worker threads" for a scheduler with none
        if threads == 0:
            return f"dask at {self.address} (no workers yet)"
        return f"dask at {self.address} ({threads} worker thread{'s' if threads > 1 else ''})"

    def _submit(self, fn: Callable[..., Any], args: tuple, kwargs: dict) -> Any:
        if not self._watching:
            self._watching = True
            threading.Thread(
                target=self._warn_without_workers, name="dask-no-workers", daemon=True
            ).start()
        # pure=False: equal arguments are still separate runs (seeded solvers may
        # be re-run on purpose), and results are never silently shared.
        return self.client.submit(fn, *args, pure=False, **kwargs)

    def _warn_without_workers(self) -> None:
        """:data:`NO_WORKERS_WARN_S` after the first call, one line on stderr if the
        scheduler still has no worker (the calls wait for one: without it they waited
        for ever without a word)."""
        if self._shut.wait(NO_WORKERS_WARN_S):
            return
        try:
            workers = self.client.scheduler_info().get("workers", {})
        except Exception:  # noqa: BLE001 - shut down meanwhile: nothing to say
            return
        if not workers and not self._shut.is_set():
            print(
                f"warning: the Dask scheduler at {self.address} has no workers; waiting",
                file=sys.stderr,
                flush=True,
            )

    def _as_completed(self, futures: list[Any], timeout: float | None) -> Iterator[Any]:
        return iter(self._distributed.as_completed(futures, timeout=timeout, loop=self.client.loop))

    def _result(self, future: Any, timeout: float | None) -> Any:
        try:
            return future.result(timeout=timeout)
        except self._distributed.client.FutureCancelledError as exc:
            if exc.reason != "scheduler-connection-lost":  # cancelled on purpose
                raise
            raise DaskUnavailableError(
                self.field,
                self.address,
                "lost the connection to the Dask scheduler while calls were running; "
                "the results are lost, run again",
            ) from None

    def _cancel(self, future: Any) -> bool:
        self.client.cancel([future])
        return True

    def shutdown(self, wait: bool = True) -> None:
        if self._closed:
            return
        self._closed = True
        self._shut.set()
        if self._owns_client:
            self.client.close()
