"""Run a command while a thread samples its processes: the loop the benchmark scripts
share (each keeps its own sample: tree memory, or per-process memory and CPU time)."""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Finished:
    seconds: float  # wall time
    code: int
    stderr: str


def sampled_run(command: list[str], sample: Callable[[int], bool], interval: float,
                **popen: Any) -> Finished:
    """Run ``command`` (``popen``: more arguments of ``subprocess.Popen``, such as
    ``cwd``); until it ends, call ``sample(pid)`` every ``interval`` seconds (a
    sample returning False stops the sampling)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, **popen)

    def loop() -> None:
        while process.poll() is None and sample(process.pid):
            time.sleep(interval)

    sampler = threading.Thread(target=loop, daemon=True)
    sampler.start()
    _out, err = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    return Finished(seconds, process.returncode, err)
