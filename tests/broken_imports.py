"""Make one module's import fail in-process: as Ctrl-C breaks a native module's import
(pybind11 raises ``ImportError: initialization failed`` from the ``KeyboardInterrupt``),
or plainly, as when the module is not installed.

``break_import(monkeypatch, "folium", ctrl_c=True)`` makes ``import folium`` (and its
submodules, through ``import`` statements, ``__import__`` and
``importlib.import_module``) raise until the test ends; every other import is left alone.
"""

from __future__ import annotations

import builtins
import importlib

import pytest

__all__ = ["break_import", "assert_ctrl_c", "import_failure"]


def import_failure(name: str, *, ctrl_c: bool) -> ImportError:
    """The error importing ``name`` fails with: see :func:`break_import`."""
    if not ctrl_c:
        return ModuleNotFoundError(f"No module named {name!r}", name=name)
    try:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as exc:
            raise ImportError("initialization failed", name=name) from exc
    except ImportError as err:
        return err


def break_import(monkeypatch: pytest.MonkeyPatch, name: str, *, ctrl_c: bool) -> None:
    """Importing ``name`` or a submodule of it raises: an ``ImportError`` raised from a
    ``KeyboardInterrupt`` when ``ctrl_c``, else a plain ``ModuleNotFoundError``."""

    def hit(module: str) -> bool:
        return module == name or module.startswith(name + ".")

    real_import = builtins.__import__
    real_import_module = importlib.import_module

    def fake_import(module, globals=None, locals=None, fromlist=(), level=0):  # noqa: A002
        if level == 0 and hit(module):
            raise import_failure(name, ctrl_c=ctrl_c)
        return real_import(module, globals, locals, fromlist, level)

    def fake_import_module(module, package=None):
        if not module.startswith(".") and hit(module):
            raise import_failure(name, ctrl_c=ctrl_c)
        return real_import_module(module, package)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    monkeypatch.setattr(importlib, "import_module", fake_import_module)


def assert_ctrl_c(info: pytest.ExceptionInfo[ImportError]) -> None:
    """The error that came is the broken import itself, its ``KeyboardInterrupt`` kept."""
    assert str(info.value) == "initialization failed"
    assert isinstance(info.value.__cause__, KeyboardInterrupt)
