"""``logistics source``: the text output (Rich tables)."""

from __future__ import annotations

import json

from tests.cli_run import ROOT, run_logistics

EXAMPLES = ROOT / "examples" / "sourcing"


def test_text_output_shows_ids_as_written(tmp_path):
    """Ids went to Rich as markup: an order id ``[red]A`` was shown as ``A``, a site id
    ``[/]`` was a MarkupError traceback (exit 1) after the decision; an ESC in a carrier id
    went raw to the terminal. They are shown as written, control characters as escapes."""
    order = json.loads((EXAMPLES / "order_split.json").read_text())
    order["id"] = "[red]A"
    network = (EXAMPLES / "network_small.json").read_text()
    network = network.replace('"EWR1"', '"[/]"').replace('"GROUND"', '"G\\u001b[31m"')
    order_file, network_file = tmp_path / "order.json", tmp_path / "network.json"
    order_file.write_text(json.dumps(order))
    network_file.write_text(network)
    out = run_logistics("source", str(order_file), "--network", str(network_file))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("order [red]A: sourced"), out.stdout
    decision = next(line for line in out.stdout.splitlines() if "LAMP-01 x1" in line)
    assert decision.split("│")[1:3] == [" [/]     ", " G\\x1b[31m "], decision
    assert "\x1b" not in out.stdout
