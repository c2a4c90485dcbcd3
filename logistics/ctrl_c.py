"""Whether an exception is Ctrl-C: a ``KeyboardInterrupt``, or an error it caused.

Ctrl-C while a native module (OR-Tools, PyVRP, numpy, SCIP ...) initializes does not
reach the caller as a ``KeyboardInterrupt``: the module's import fails with its own error
(pybind11 raises ``ImportError: initialization failed`` from the ``KeyboardInterrupt``;
numpy raises its ``ImportError`` while handling another). Callers that end quietly on
Ctrl-C (the command line, the demo's stages) ask :func:`raised_by_ctrl_c` to end quietly
on those too; a fallback for a module not installed (``except ImportError``) re-raises
them, so the Ctrl-C is not taken for a missing module and lost. Imports nothing, so the
command line (and the solvers) can use it before their own imports.
"""

from __future__ import annotations

__all__ = ["raised_by_ctrl_c"]


def raised_by_ctrl_c(exc: BaseException) -> bool:
    """Whether ``exc`` is a ``KeyboardInterrupt`` or was raised because of one.

    Parameters
    ----------
    exc
        The exception caught.

    Returns
    -------
    bool
        True when ``exc`` or an exception in its chain (``__cause__``, else
        ``__context__``: raised from it, or while handling it) is a ``KeyboardInterrupt``.
    """
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        if isinstance(cur, KeyboardInterrupt):
            return True
        seen.add(id(cur))
        cur = cur.__cause__ or cur.__context__
    return False
