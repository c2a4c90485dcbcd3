"""Ctrl-C that breaks an optional module's import is not "install the extra".

Regression: the map's folium, the heat map's matplotlib and the store's database driver
answered ``needs ...: pip install`` (or ``the driver ... is not installed``) when Ctrl-C
broke their import; now the ``ImportError`` raised from the ``KeyboardInterrupt`` comes
through (``run_cli`` ends it with ``interrupted``, exit 130).
"""

from __future__ import annotations

import pytest

from logistics.cli import route_cmd, slot_cmd, store_url
from logistics.errors import InvalidValueError
from tests.broken_imports import assert_ctrl_c, break_import

CHECKS = [
    ("folium", lambda tmp: route_cmd._require_folium(), "--map"),
    ("matplotlib", lambda tmp: slot_cmd._require_matplotlib(tmp / "h.png"), "heatmap"),
    # the picture is drawn only after matplotlib imported: nothing else is read before
    ("matplotlib", lambda tmp: slot_cmd.heatmap(None, {}, {}, tmp / "h.png"), "heatmap"),
    (
        "psycopg",
        lambda tmp: store_url.open_store("postgresql+psycopg://u@127.0.0.1:1/x", migrate=False),
        "db-url",
    ),
]
IDS = ["route-map", "slot-check", "slot-heatmap", "store-driver"]


@pytest.mark.parametrize(("module", "call", "field"), CHECKS, ids=IDS)
def test_ctrl_c_breaking_the_import_comes_through(monkeypatch, tmp_path, module, call, field):
    break_import(monkeypatch, module, ctrl_c=True)
    with pytest.raises(ImportError) as info:
        call(tmp_path)
    assert_ctrl_c(info)


@pytest.mark.parametrize(("module", "call", "field"), CHECKS, ids=IDS)
def test_a_module_not_installed_is_still_named(monkeypatch, tmp_path, module, call, field):
    break_import(monkeypatch, module, ctrl_c=False)
    with pytest.raises(InvalidValueError) as info:
        call(tmp_path)
    assert info.value.field == field
