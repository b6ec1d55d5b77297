"""`make bench` counts the memory of processes that run at the same time together (bench._MemorySampler)."""

from __future__ import annotations

import subprocess
import sys
import time

from kennisbank.bench import _MemorySampler

# Two processes, each with 80 MB of its own at the same time (the copy allocates after the fork).
TWO_AT_ONCE = """
import os, sys, time
pid = os.fork()
data = b"x" * (80 * 2**20)
time.sleep(1.5)
# Each process's own peak (VmHWM: this process's memory; not ru_maxrss, which a spawned process
# inherits from the large process that started it).
with open("/proc/self/status") as status:
    peak_kb = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
os.write(1, f"{peak_kb}\\n".encode())  # one write per line: the two processes share the pipe
if pid == 0:
    os._exit(0)
os.waitpid(pid, 0)
"""


def test_the_sampler_adds_up_processes_that_run_together():
    child = subprocess.Popen([sys.executable, "-c", TWO_AT_ONCE], stdout=subprocess.PIPE, text=True)
    sampler = _MemorySampler(child.pid, every=0.05)
    sampler.start()
    out, _ = child.communicate()
    time.sleep(0.1)
    sampler.done.set()
    sampler.join()
    largest_alone = max(int(kb) for kb in out.split()) / 1024
    assert 80 <= largest_alone < 130  # each process on its own: its 80 MB and the interpreter
    assert sampler.peak_mb >= 160  # together: both 80 MB at once
