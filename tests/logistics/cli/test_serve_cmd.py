"""``logistics serve``: a log level, host or port it cannot use is one ``error:`` line,
exit 2, before the store is opened (no database file is made)."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

from tests.cli_run import one_error_line, run_logistics


def _serve(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return run_logistics(
        "serve", *args, cwd=tmp_path, timeout=120, LOGISTICS_DB_URL="sqlite:///./s.db"
    )


def test_a_port_in_use_is_one_line_before_the_store_is_made(tmp_path):
    # uvicorn bound the port only after the store was migrated and the job workers
    # started, then logged "[Errno 98] ... address already in use" and exited 3
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = one_error_line(_serve(tmp_path, "--port", str(port)))
    assert line.startswith(f"error: port={port}: already in use on 127.0.0.1"), line
    assert list(tmp_path.iterdir()) == []


def test_a_host_of_another_machine_is_one_line(tmp_path):
    line = one_error_line(_serve(tmp_path, "--host", "999.1.1.1"))
    assert line.startswith("error: host='999.1.1.1': cannot listen there"), line
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_log_level_is_one_line(tmp_path):
    # uvicorn raised KeyError: 'bogus' (a traceback, exit 1) after the store was made
    line = one_error_line(_serve(tmp_path, "--log-level", "bogus"))
    assert line == (
        "error: log-level='bogus': one of 'critical', 'error', 'warning', 'info', 'debug', 'trace'"
    )
    assert list(tmp_path.iterdir()) == []
