"""Run long solves (route plans, waves, scenarios) in worker processes, never the API's threads.

Each job runs in its own spawned process (so a cancel can stop it at once and a
solver that holds the GIL, as OR-Tools routing does, never blocks the API). At
most ``workers`` jobs run together; the rest wait in order. Spawning a process
and importing the solvers takes seconds, so ``standby`` processes are started
ahead, with the solver modules already imported, and each takes the next job:
a job starts in milliseconds, and a fresh standby is started behind it. The process writes
its progress and best result so far into the store; the API only reads them.

Several servers may run on one database. A running job carries the id of the
runner that started it and a heartbeat: the worker refreshes it at most every
``heartbeat_s`` (piggybacked on its ``should_stop`` poll, and with each progress
report), and the runner refreshes it for each of its worker processes still alive
(a solver may go a long time without polling). A running job whose heartbeat is
older than ``stale_s`` was left behind by a server that is gone: the runner marks
such jobs interrupted (failed, best result kept) when it starts and every
``recheck_s`` after, so a live server also catches a crashed peer's jobs; jobs a
live peer is running are left alone. A queued job waits in the memory of the
runner it was submitted to, so it records that runner too, and the runner
refreshes the heartbeat of all the queued jobs it holds (one update every
``heartbeat_s``). At its start and every ``recheck_s`` a runner adopts the queued
jobs whose holder's heartbeat is older than ``stale_s`` (a crashed peer's, or a
queued job nobody ever held, counted from its creation) and queues them, oldest
first: adopting is a compare-and-set in the store, so two live runners never
both take a job, and a live peer's queued jobs are left alone. A runner that
stops releases its queued jobs (one handed to a worker that had not started it
too), which the next check of any runner adopts. Should
two servers still dispatch the same job (a runner paused past ``stale_s`` and
adopted), starting is a compare-and-set too: one worker wins, the other exits at
once, and neither runner fails a job it did not start. A worker whose server died without
stopping it (``kill -9``) notices at its next ``should_stop`` poll, stops and
marks its job interrupted itself, so after a restart its job ends interrupted at
once; a job whose worker died too is marked once its heartbeat is stale. A
worker whose job was marked interrupted elsewhere stops at its next heartbeat.

A job *kind* maps to ``"module:function"``; the function is called in the
worker as ``fn(request: dict, report, should_stop) -> dict`` where
``report(progress, best=None)`` stores progress and (optionally) a better
result and ``should_stop()`` turns true once a cancel was asked: the solver
then returns its best result so far, which is kept (state ``cancelled``, the
result's ``"final"`` set to false by :func:`~logistics.store.jobs.finish_job`); a
solver stopped before it had a result raises, and the job ends ``cancelled`` (or
interrupted) with none. A worker that does not stop within ``cancel_grace_s`` is terminated.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import multiprocessing as mp
import queue
import signal
import threading
import time
import uuid
from collections.abc import Callable
from multiprocessing import resource_tracker
from typing import Any, TypeVar

from sqlalchemy.exc import DBAPIError

from logistics.errors import InfeasibleError, InvalidValueError, LogisticsError
from logistics.store import Store
from logistics.store.jobs import (
    INTERRUPTED,
    adopt_queued,
    cancel_requested,
    cancels_requested,
    fail_job,
    finish_job,
    get_job,
    heartbeat,
    heartbeat_queued,
    hold_queued,
    mark_interrupted,
    record_progress,
    release_queued,
    start_job,
    stop_cancelled,
)
from logistics.store.models import JobState

__all__ = [
    "JobRunner",
    "JOB_KINDS",
    "run_job_in_worker",
    "standby_worker",
    "HEARTBEAT_S",
    "STALE_S",
    "RECHECK_S",
]

log = logging.getLogger("api.jobs")

HEARTBEAT_S = 5.0
"""Seconds between heartbeats of a job (a running one's worker's, its runner's)."""
STALE_S = 30.0
"""A job not heard of for this long was left behind by a server that is gone."""
RECHECK_S = 10.0
"""Seconds between a runner's checks for jobs with a stale heartbeat."""

JOB_KINDS: dict[str, str] = {
    "route_plan": "api.solves:solve_route_plan",
    "waves": "api.solves:solve_waves",
    "scenario": "api.solves:solve_scenario",
    "slotting": "api.solves:solve_slotting",
}
"""Job kind -> ``"module:function"`` run in the worker process."""


def _resolve(path: str) -> Callable[..., dict[str, Any]]:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


_T = TypeVar("_T")


def _again_if_lost(call: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
    """``call(*args, **kwargs)``, once more when it met a lost database connection.

    A database that restarted (or ended the worker's sessions) breaks every pooled
    connection; the first use finds that out and the pool starts afresh. In a worker that
    was the end of its job: a progress report or a ``should_stop`` poll raised in the
    solver (the job failed), the final write after it (left running, its result lost).
    Every call retried here is a conditional update or a read, safe to run twice.
    """
    try:
        return call(*args, **kwargs)
    except DBAPIError as exc:
        if not exc.connection_invalidated:
            raise
        log.warning("job worker: the database connection was lost; trying again")
        return call(*args, **kwargs)


def _orphaned() -> bool:
    """Whether the server that started this worker process is gone (killed, crashed)."""
    parent = mp.parent_process()  # None when called in the server's own process
    return parent is not None and not parent.is_alive()


def _ignore_terminal_interrupts() -> None:
    """In a worker process: let Ctrl-C on ``logistics serve`` stop the server, not us.

    The terminal sends SIGINT to the whole process group; the server then stops its
    workers itself (and marks their jobs interrupted). Without this an idle standby
    died printing a ``KeyboardInterrupt`` traceback. The process was started with
    SIGINT blocked (:func:`_start_process`, for the time it imports): ignored now, it
    is unblocked again, and a Ctrl-C that came meanwhile is dropped.
    """
    if mp.parent_process() is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _start_process(proc: mp.process.BaseProcess) -> None:
    """Start a worker process with SIGINT blocked until it ignores it itself.

    A spawned process first re-imports the server's main module and the modules of its
    target, which takes seconds; a Ctrl-C then (the whole process group gets it) killed
    it with a traceback of the import. The signal mask, unlike a Python signal handler,
    is inherited through ``fork`` and ``exec``; it is blocked in this thread only, for
    the time of ``start()``.
    """
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not on POSIX
        proc.start()
        return
    # ``start()`` launches multiprocessing's resource tracker the first time, and that
    # unblocks SIGINT in this thread when done: have it running before blocking
    resource_tracker.ensure_running()
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        proc.start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _stop_on_sigterm() -> Callable[[], bool]:
    """In a worker process's main thread: from now on SIGTERM (the server stopping its
    workers) asks the search to stop instead of ending the process at once, so the job
    keeps what the search returns; a second SIGTERM ends it. Whether one came."""
    asked = threading.Event()

    def on_term(_signum: int, _frame: Any) -> None:
        asked.set()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)

    if mp.parent_process() is not None and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, on_term)
    return asked.is_set


def run_job_in_worker(
    db_url: str,
    job_id: str,
    target: str,
    min_interval_s: float = 0.2,
    runner_id: str | None = None,
    heartbeat_s: float = HEARTBEAT_S,
) -> None:
    """Worker-process entry point: run one job and record everything in the store.

    The job is started as ``runner_id``'s (a job another server's worker started
    first is left to it). While the solver polls ``should_stop``, the job's
    heartbeat is refreshed at most every ``heartbeat_s`` (progress reports refresh
    it too); a job no longer running by then (marked interrupted by another server)
    stops the search like a cancel.

    A worker whose server died (``kill -9``, a crash) stops its search at the next
    ``should_stop`` poll and marks the job failed as interrupted, keeping the result
    its search returned (the best so far, ``"final": false``, as a cancel keeps it);
    it does not run on for the rest of its time limit. A job not yet started then
    stays queued for the next server. So does a worker sent SIGTERM while it runs a
    job (its server is stopping: :meth:`JobRunner.stop`); a second SIGTERM ends it.
    """
    _ignore_terminal_interrupts()
    store = Store(db_url)
    try:
        stopping = _stop_on_sigterm()  # before starting: a stopping server's job stays queued
        job = get_job(store, job_id)
        if job is None or _orphaned() or stopping() or not start_job(store, job_id, runner_id):
            return  # cancelled or taken before it started (or nobody is left to serve it)
        last = 0.0
        t0 = time.monotonic()
        last_beat = t0

        def report(progress: dict[str, Any], best: dict[str, Any] | None = None) -> None:
            nonlocal last, last_beat
            now = time.monotonic()
            if best is None and now - last < min_interval_s:
                return
            last = last_beat = now
            progress = {"elapsed_s": round(now - t0, 3), **progress}
            _again_if_lost(record_progress, store, job_id, progress, best)

        last_poll = 0.0
        stop = False

        def should_stop() -> bool:
            nonlocal last_poll, last_beat, stop
            now = time.monotonic()
            stop = stop or stopping()
            if not stop and now - last_poll >= 0.3:
                last_poll = now
                gone = False
                if now - last_beat >= heartbeat_s:
                    last_beat = now
                    gone = not _again_if_lost(heartbeat, store, job_id)  # interrupted elsewhere
                stop = gone or _orphaned() or _again_if_lost(cancel_requested, store, job_id)
            return stop

        try:
            result = _resolve(target)(job.request, report, should_stop)
        except (InvalidValueError, InfeasibleError, LogisticsError) as exc:
            if stopping() or _orphaned():  # stopped before it had a result
                _again_if_lost(fail_job, store, job_id, INTERRUPTED.format(state=JobState.RUNNING))
            elif stop and _again_if_lost(cancel_requested, store, job_id):  # a cancel keeps none
                _again_if_lost(stop_cancelled, store, job_id, runner_id)
            else:
                _again_if_lost(fail_job, store, job_id, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - a job must end in a state, never hang
            log.exception("job %s crashed", job_id)
            failed = f"the solver failed unexpectedly ({exc.__class__.__name__})"
            _again_if_lost(fail_job, store, job_id, failed)
            return
        if stopping() or _orphaned():  # the server stops or died: kept as a cancel keeps it
            interrupted = INTERRUPTED.format(state=JobState.RUNNING)
            _again_if_lost(fail_job, store, job_id, interrupted, best_result=result)
            return
        done = {"elapsed_s": round(time.monotonic() - t0, 3), "done": True}
        _again_if_lost(finish_job, store, job_id, result, done)
    finally:
        store.dispose()


def standby_worker(conn: Any, targets: tuple[str, ...]) -> None:
    """Standby-process entry point: import the solvers, wait for one job, run it, exit.

    Sends ``"ready"`` down ``conn`` once the solvers are imported, then receives
    ``(db_url, job_id, target, options)`` (``options``: keyword arguments of
    :func:`run_job_in_worker`), or ``None`` (or a closed pipe) to exit without work.
    """
    _ignore_terminal_interrupts()
    for target in targets:
        try:
            _resolve(target)
        except Exception:  # noqa: BLE001 - a broken kind fails its own jobs later, clearly
            log.warning("standby could not preload %s", target)
    with contextlib.suppress(OSError):  # a job may have been handed (and our end closed) already
        conn.send("ready")
    try:
        msg = conn.recv()
    except (EOFError, OSError):
        return
    conn.close()
    if msg is not None:
        db_url, job_id, target, options = msg
        run_job_in_worker(db_url, job_id, target, **options)


class _Standby:
    """A started process waiting (solvers imported) for the job sent down its pipe.

    A pipe, not a multiprocessing event: its end is handed over when the process
    starts, while a named semaphore would be opened by the child later and could
    already be gone if the parent dropped its ``_Standby`` in between.
    """

    def __init__(self, ctx: Any, targets: tuple[str, ...]) -> None:
        self.conn, child = ctx.Pipe()
        self._ready = False
        self.proc = ctx.Process(
            target=standby_worker, args=(child, targets), name="job-standby", daemon=True
        )
        _start_process(self.proc)
        child.close()

    def ready(self) -> bool:
        """Whether the process has said its solvers are imported."""
        if not self._ready:
            try:
                self._ready = self.conn.poll() and self.conn.recv() == "ready"
            except (EOFError, OSError):
                return False
        return self._ready

    def hand(self, db_url: str, job_id: str, target: str, **options: Any) -> bool:
        """Send the job (``options``: keyword arguments of :func:`run_job_in_worker`);
        ``False`` when the process has died (take another)."""
        if not self.proc.is_alive():
            return False
        try:
            self.conn.send((db_url, job_id, target, options))
        except (BrokenPipeError, OSError):
            return False
        finally:
            self.conn.close()
        return True

    def close(self, timeout: float) -> None:
        """Stop an idle standby at once (it holds no job, so nothing is lost)."""
        self.conn.close()
        if self.proc.is_alive():
            self.proc.terminate()
        self.proc.join(timeout)


class JobRunner:
    """Queue jobs and run each in a spawned worker process (``workers`` at a time).

    Parameters
    ----------
    store
        The API's store (its URL is handed to the workers).
    workers
        How many jobs run at once.
    kinds
        Job kind -> ``"module:function"``; defaults to :data:`JOB_KINDS`.
    standby
        Worker processes kept started ahead, solvers imported (0: spawn per job).
    heartbeat_s
        Seconds between heartbeats of a running job (by its worker and by the runner)
        and of the queued jobs the runner holds.
    stale_s
        A running job whose heartbeat is older than this is marked interrupted (its
        server is gone), a queued one is adopted; well above ``heartbeat_s`` (at
        least twice), so a live server's job never looks stale.
    recheck_s
        Seconds between checks for jobs with a stale heartbeat.
    """

    def __init__(
        self,
        store: Store,
        workers: int = 2,
        kinds: dict[str, str] | None = None,
        cancel_grace_s: float = 10.0,
        standby: int = 1,
        heartbeat_s: float = HEARTBEAT_S,
        stale_s: float = STALE_S,
        recheck_s: float = RECHECK_S,
    ) -> None:
        if not 0 < 2 * heartbeat_s <= stale_s:
            raise ValueError(
                f"stale_s ({stale_s}) must be at least twice heartbeat_s ({heartbeat_s}) > 0"
            )
        self.store = store
        self.runner_id = str(uuid.uuid4())
        self.heartbeat_s = heartbeat_s
        self.stale_s = stale_s
        self.recheck_s = recheck_s
        self._next_beat = 0.0
        self._next_recheck = 0.0
        self.standby = max(0, int(standby))
        self._standbys: list[_Standby] = []
        self.cancel_grace_s = cancel_grace_s
        self._cancel_deadline: dict[str, float] = {}
        self.workers = workers
        self.kinds = dict(JOB_KINDS if kinds is None else kinds)
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._running: dict[str, mp.process.BaseProcess] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._ctx = mp.get_context("spawn")

    # -- lifecycle -----------------------------------------------------------------
    def start(self) -> None:
        """Recover jobs a gone server left behind and start dispatching."""
        if self._thread is not None:
            return
        self._mark_stale()
        self._stop.clear()
        self._refill_standbys()
        self._thread = threading.Thread(target=self._loop, name="job-dispatcher", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop dispatching and stop running workers (their jobs count as interrupted; a
        job its worker had not started yet stays queued and is released).

        Each worker is sent SIGTERM, stops its search and keeps what it returns; one
        still running ``timeout`` seconds later (a solver that does not poll) is killed."""
        self._stop.set()
        self._queue.put(None)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        with self._lock:
            procs = list(self._running.items())
            self._running.clear()
        for _job_id, proc in procs:
            proc.terminate()
        deadline = time.monotonic() + timeout
        for job_id, proc in procs:
            proc.join(max(0.0, deadline - time.monotonic()))
            if proc.is_alive():
                proc.kill()
                proc.join(timeout)
            fail_job(  # a job its worker had not started yet stays queued, released below
                self.store,
                job_id,
                INTERRUPTED.format(state="running"),
                self.runner_id,
                states=(JobState.RUNNING,),
            )
        try:  # our queued jobs: a live peer (or our next start) adopts them at once
            release_queued(self.store, self.runner_id)
        except Exception:  # noqa: BLE001 - unreleased, they are adopted once stale
            log.exception("could not release the queued jobs")
        with self._lock:
            standbys, self._standbys = self._standbys, []
        for spare in standbys:
            spare.close(timeout)

    def alive(self) -> bool:
        """Whether the dispatcher is running (``/readyz``)."""
        return self._thread is not None and self._thread.is_alive()

    def warm(self) -> bool:
        """Whether every standby has its solvers imported (``/readyz``: ``workers_warm``)."""
        with self._lock:
            return all(spare.ready() for spare in self._standbys)

    def _mark_stale(self) -> None:
        """Mark running jobs with a stale heartbeat interrupted; adopt the queued ones
        whose holder is gone (at start and every ``recheck_s``)."""
        self._next_recheck = time.monotonic() + self.recheck_s
        ids = mark_interrupted(self.store, states=(JobState.RUNNING,), stale_s=self.stale_s)
        if ids:
            log.warning("marked %d job(s) with a stale heartbeat interrupted: %s", len(ids), ids)
        adopted = adopt_queued(self.store, self.runner_id, stale_s=self.stale_s)
        if adopted:
            log.warning("adopted %d queued job(s) a gone server held: %s", len(adopted), adopted)
        for job_id in adopted:
            self._queue.put(job_id)

    def _beat(self) -> None:
        """Heartbeat the jobs whose worker processes are alive (a solver that does not
        poll ``should_stop`` for a while must not look gone) and the queued jobs this
        runner holds; arm the cancel grace of those a cancel was asked for; recheck for
        stale jobs."""
        now = time.monotonic()
        if now >= self._next_beat:
            self._next_beat = now + self.heartbeat_s
            with self._lock:
                alive = [j for j, p in self._running.items() if p.is_alive()]
            heartbeat(self.store, alive, runner_id=self.runner_id)
            for job_id in cancels_requested(self.store, alive):  # asked through any server
                self.cancel(job_id)
            if alive or not self._queue.empty():  # else we hold no queued job
                heartbeat_queued(self.store, self.runner_id)
        if now >= self._next_recheck:
            self._mark_stale()

    # -- work ----------------------------------------------------------------------
    def submit(self, job_id: str) -> None:
        """Queue a stored job to run (recorded as held by this runner)."""
        try:
            hold_queued(self.store, job_id, self.runner_id)
        except Exception:  # noqa: BLE001 - unheld, it is adopted once stale (by us too)
            log.exception("could not record job %s as held", job_id)
        self._queue.put(job_id)

    def cancel(self, job_id: str) -> None:
        """Give a running job ``cancel_grace_s`` to stop by itself, then terminate it (a
        second call keeps the first deadline). The runner also calls it, at its next
        heartbeat, for its jobs whose cancel was asked through another server (whose
        ``DELETE`` only flags the job in the store)."""
        with self._lock:
            if job_id in self._running:
                self._cancel_deadline.setdefault(job_id, time.monotonic() + self.cancel_grace_s)

    def _enforce_cancels(self) -> None:
        now = time.monotonic()
        with self._lock:
            late = [j for j, t in self._cancel_deadline.items() if t <= now]
            procs = [(j, self._running.pop(j, None)) for j in late]
            for j in late:
                del self._cancel_deadline[j]
        for job_id, proc in procs:
            if proc is not None and proc.is_alive():
                proc.kill()  # not SIGTERM: a worker takes that as its server stopping
                proc.join(5)
                stop_cancelled(self.store, job_id, self.runner_id)

    def _reap(self) -> None:
        with self._lock:
            done = [(j, p) for j, p in self._running.items() if not p.is_alive()]
            for j, _p in done:
                del self._running[j]
                self._cancel_deadline.pop(j, None)
        for job_id, proc in done:
            proc.join(0.1)
            job = get_job(self.store, job_id)
            if job is not None and not job.state.finished:  # the worker died without a word
                fail_job(  # unless another server's worker won the job and runs it
                    self.store,
                    job_id,
                    f"the worker process stopped unexpectedly (exit code {proc.exitcode})",
                    self.runner_id,
                )

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._reap()
            self._enforce_cancels()
            try:
                self._beat()
            except DBAPIError as exc:  # a database blip must not stop the dispatcher
                if not exc.connection_invalidated:
                    log.exception("job heartbeat or stale-job check failed")
                else:  # a restart or a dropped session: the next beat reconnects
                    why = (str(exc.orig or exc).splitlines() or [""])[0]
                    log.warning("job heartbeat: the database connection was lost (%s)", why)
            except Exception:  # noqa: BLE001 - nor must anything else
                log.exception("job heartbeat or stale-job check failed")
            with self._lock:
                busy = len(self._running)
            if busy >= self.workers:
                time.sleep(0.05)
                continue
            try:
                job_id = self._queue.get(timeout=0.1)
            except queue.Empty:
                continue
            if job_id is None:
                break
            with self._lock:
                if job_id in self._running:  # queued twice (submitted, then adopted back)
                    continue
            job = get_job(self.store, job_id)
            if job is None or job.state != JobState.QUEUED:
                continue
            target = self.kinds.get(job.kind)
            if target is None:
                fail_job(self.store, job_id, f"no solver for job kind {job.kind!r}")
                continue
            try:
                proc = self._launch(job_id, target)
            except Exception as exc:  # noqa: BLE001 - the dispatcher must outlive one bad start
                log.exception("could not start a worker for job %s", job_id)
                fail_job(self.store, job_id, f"could not start a worker ({exc.__class__.__name__})")
                continue
            with self._lock:
                self._running[job_id] = proc
            self._refill_standbys()

    def _launch(self, job_id: str, target: str) -> mp.process.BaseProcess:
        """Hand the job to a standby process, or spawn one for it when none is alive."""
        options = {"runner_id": self.runner_id, "heartbeat_s": self.heartbeat_s}
        while True:
            with self._lock:
                if not self._standbys:
                    break
                spare = self._standbys.pop(0)
            if spare.hand(self.store.url, job_id, target, **options):
                return spare.proc
            spare.close(0.1)
        proc = self._ctx.Process(
            target=run_job_in_worker,
            args=(self.store.url, job_id, target),
            kwargs=options,
            name=f"job-{job_id[:8]}",
            daemon=True,
        )
        _start_process(proc)
        return proc

    def _refill_standbys(self) -> None:
        targets = tuple(sorted(set(self.kinds.values())))
        while len(self._standbys) < self.standby and not self._stop.is_set():
            spare = _Standby(self._ctx, targets)
            with self._lock:
                self._standbys.append(spare)
