"""Which exceptions are Ctrl-C: a KeyboardInterrupt, or an error raised from or while
handling one (a native module's import that Ctrl-C broke)."""

from __future__ import annotations

import pytest

from logistics.ctrl_c import raised_by_ctrl_c


def _raised(make) -> BaseException:
    try:
        make()
    except BaseException as exc:  # the test inspects whatever came
        return exc
    raise AssertionError("nothing raised")


def _from_interrupt() -> None:  # pybind11: ImportError("initialization failed") from it
    try:
        raise KeyboardInterrupt
    except KeyboardInterrupt as exc:
        raise ImportError("initialization failed") from exc


def _while_handling_interrupt() -> None:  # numpy: its own ImportError while handling one
    try:
        _from_interrupt()
    except ImportError:
        raise ImportError("numpy C-extensions failed") from None


def _plain() -> None:
    try:
        raise ValueError("x")
    except ValueError as exc:
        raise ImportError("no module named x") from exc


@pytest.mark.parametrize("make", [_from_interrupt, _while_handling_interrupt])
def test_an_error_caused_by_ctrl_c_is_ctrl_c(make):
    assert raised_by_ctrl_c(_raised(make)) is True


def test_a_keyboard_interrupt_is_ctrl_c_and_other_errors_are_not():
    assert raised_by_ctrl_c(KeyboardInterrupt()) is True
    assert raised_by_ctrl_c(_raised(_plain)) is False
    assert raised_by_ctrl_c(ImportError("initialization failed")) is False


def test_a_chain_that_loops_ends():
    a, b = ImportError("a"), ImportError("b")
    a.__context__, b.__context__ = b, a
    assert raised_by_ctrl_c(a) is False
