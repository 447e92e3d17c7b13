"""Worker processes that never leave a run hanging.

``concurrent.futures.ProcessPoolExecutor`` notices a worker that died (SIGKILL,
the kernel's OOM killer) and fails its futures with ``BrokenProcessPool``
instead of waiting forever, as ``multiprocessing.Pool`` does. A batch whose
worker died is checked again once, in a new pool; if that worker dies too,
``lost(batch)`` stands in for its result (the caller skips its documents with
the reason).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

Batch = TypeVar("Batch")
Result = TypeVar("Result")


@dataclass(frozen=True, slots=True)
class Job(Generic[Batch, Result]):
    """A batch sent to a worker: kept until its result is back, to send it again."""

    future: Future[Result]
    batch: Batch
    retry: bool
    executor: ProcessPoolExecutor

    def done(self) -> bool:
        return self.future.done()


class Pool(Generic[Batch, Result]):
    def __init__(self, workers: int, task: Callable[[Batch], Result],
                 initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
        self.workers, self.task = workers, task
        self.initializer, self.initargs = initializer, initargs
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, initializer=self.initializer,
                                   initargs=self.initargs)

    def _restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._start()

    def submit(self, batch: Batch, retry: bool = False) -> Job[Batch, Result]:
        try:
            future = self.executor.submit(self.task, batch)
        except BrokenProcessPool:  # a worker died since the last batch went out
            self._restart()
            future = self.executor.submit(self.task, batch)
        return Job(future, batch, retry, self.executor)

    def result(self, job: Job[Batch, Result], lost: Callable[[Batch], Result]) -> Result:
        """The job's result, waited for; sent again once if its worker died."""
        while True:
            try:
                return job.future.result()
            except BrokenProcessPool:
                if job.retry:
                    return lost(job.batch)
                if job.executor is self.executor:  # the first to notice: a new pool
                    self._restart()
                job = self.submit(job.batch, retry=True)

    def stop(self) -> None:
        """At once on Ctrl-C, SIGTERM or error: workers are terminated, not awaited."""
        processes = list((getattr(self.executor, "_processes", None) or {}).values())
        self.executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=5)
