"""The same check on a Dask cluster (``quotecheck check PATH... --dask ADDRESS``).

``pip install 'quotecheck[dask]'`` adds it; nothing here is imported without
``--dask``. ``ADDRESS`` is a scheduler (``tcp://host:8786``) or ``local[:N]``
for a LocalCluster of N worker processes on this machine, each limited to
``WORKER_MEMORY`` (``--dask-memory``): past 60 % of it Dask spills the
worker's results to disk, past 80 % it pauses the worker, at 95 % it restarts
it. Partitions are sized from the workers' limit (``extract.partition_chars``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from quotecheck.errors import UsageError
from quotecheck.pipeline import Options
from quotecheck.progress import Progress
from quotecheck.records import Report

if TYPE_CHECKING:
    from distributed import Client


WORKER_MEMORY = "2GB"  # per worker process of a LocalCluster
# A LocalCluster's scheduler runs in our process, and its p2p shuffle plugin logs
# each shuffle's start and end at WARNING: routine events, not warnings to a user.
QUIET_LOGGERS = ("distributed.shuffle._scheduler_plugin",)


def parse_address(spec: str) -> tuple[str | None, int | None]:
    """``local[:N]`` → (None, N or None); anything else is a scheduler address."""
    if spec == "local" or spec.startswith("local:"):
        count = spec.partition(":")[2]
        if count and (not count.isdigit() or int(count) < 1):
            raise UsageError(f"--dask {spec}: expected local or local:N with N ≥ 1")
        return None, int(count) if count else None
    return spec, None


@contextmanager
def connect(spec: str, *, dashboard: bool = False, memory_limit: str | int | None = None
            ) -> Iterator[Client]:
    """A client of the scheduler at ``spec``, or of a LocalCluster it starts whose
    workers each have ``memory_limit`` (bytes, or ``"2GB"``; default
    ``WORKER_MEMORY``). The workers of a scheduler keep the limits they were
    started with: a limit given with a scheduler's address is a usage error."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("--dask needs the dask extra: pip install 'quotecheck[dask]'"
                         ) from None
    address, workers = parse_address(spec)
    if address is not None and memory_limit is not None:
        raise UsageError(f"--dask-memory applies to --dask local[:N]; the workers of "
                         f"{spec} keep the limit they were started with (dask worker "
                         "--memory-limit, or the cluster's own setting)")
    if address is None:
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                               processes=True, host="127.0.0.1",
                               memory_limit=_bytes(memory_limit or WORKER_MEMORY),
                               dashboard_address=":0")
        with cluster, Client(cluster) as client, _quiet(QUIET_LOGGERS):
            yield client
        return
    with Client(address) as client:
        yield client


@contextmanager
def _quiet(names: Iterable[str]) -> Iterator[None]:
    """Only errors from the loggers ``names`` while the block runs."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _bytes(size: str | int) -> int:
    from dask.utils import parse_bytes

    try:
        limit = parse_bytes(size)
    except ValueError:
        limit = 0
    if limit < 2**27:
        raise UsageError(f"--dask-memory {size}: expected a size of at least 128MB, "
                         "such as 2GB or 512MB")
    return limit


def check(paths: Iterable[str | os.PathLike[str]], *, client: Client,
          options: Options | None = None, progress: Progress | None = None) -> Report:
    """The report of ``pipeline.check`` (set-equal clusters and findings, the
    same order), computed on the cluster of ``client``.

    The report is built on the client: use ``write_dir`` for corpora whose
    quotes do not fit one process.
    """
    from quotecheck.distributed import engine

    options = options or Options()
    outcome = _guarded(client, lambda: engine.run(client, paths, options,
                                                  progress or Progress()))
    documents, quotes, people = [], [], []
    for part in engine.stream_parts(outcome.parts):
        documents.extend(part.results)
        quotes.extend(part.quotes)
        people.extend(part.people)
    client.cancel(outcome.parts)
    return Report(documents=tuple(documents), quotes=tuple(quotes),
                  clusters=tuple(outcome.clusters), findings=tuple(outcome.findings),
                  people=tuple(people))


def check_to_dir(paths: Iterable[str | os.PathLike[str]], directory: Path, *,
                 client: Client, options: Options | None = None,
                 progress: Progress | None = None,
                 finish: Callable[[Report], Report] = lambda r: r) -> Report:
    """Check ``paths`` and write the report into ``directory``, one file per
    partition (see ``output.write_dir``); returns the findings and the skipped
    documents."""
    from quotecheck.distributed import engine, output

    options = options or Options()
    outcome = _guarded(client, lambda: engine.run(client, paths, options,
                                                  progress or Progress()))
    return output.write_dir(client, outcome, directory, finish)


def _guarded(client: Client, work):  # type: ignore[no-untyped-def]
    """Run ``work``; on Ctrl-C cancel everything submitted, then re-raise."""
    try:
        return work()
    except KeyboardInterrupt:
        from distributed import Future

        client.cancel([Future(key, client) for key in list(client.futures)], force=True)
        raise
