"""matplotlib for the drawing commands (the ``viz`` extra), or an error naming the option."""

from __future__ import annotations

from typing import Any

from logistics.ctrl_c import raised_by_ctrl_c
from logistics.errors import InvalidValueError

__all__ = ["pyplot"]


def pyplot(field: str, value: str) -> Any:
    """``matplotlib.pyplot`` on the file-only Agg backend.

    Raises
    ------
    InvalidValueError
        Naming ``field`` (the option asking for a drawing) and ``value`` when matplotlib
        is not installed (``pip install 'logistics[viz]'``).
    ImportError
        As raised, when Ctrl-C broke matplotlib's import (not "not installed").
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        if raised_by_ctrl_c(exc):
            raise
        raise InvalidValueError(
            field, value, "needs matplotlib: pip install 'logistics[viz]'"
        ) from None
    return plt
