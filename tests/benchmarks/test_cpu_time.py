"""CPU accounting of the load benchmark: it counts what a process really spends."""

from __future__ import annotations

import os
import sys
import time

import pytest

from benchmarks.suites.cpu_time import CpuMeter


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_meter_counts_cpu_spent_and_not_time_asleep():
    meter = CpuMeter(os.getpid())  # this process is both the "server" and the generator
    meter.start()
    deadline = time.process_time() + 0.3
    while time.process_time() < deadline:
        sum(range(1000))
    time.sleep(0.3)
    spent = meter.per_request(10)
    # 300 ms of CPU over 10 requests is about 30 ms each; the 300 ms asleep is not counted
    assert 25 <= spent.generator_ms <= 45
    assert 20 <= spent.server_ms <= 50  # /proc counts in clock ticks (10 ms)
    assert spent.database_ms == 0
