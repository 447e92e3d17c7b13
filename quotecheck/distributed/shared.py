"""One value sent to every worker once, for tasks that all read it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from distributed import Client, Future


def broadcast(client: Client, value: Any) -> Future:
    """``value`` on every worker, as a future that tasks take as an argument.

    A value passed to ``map_partitions`` directly is written into every task
    of the graph (a set of 100,000 names, once per partition). The list around
    it keeps ``scatter`` from sending a set's items one by one; ``hash=False``
    gives each call its own key (with keys from the content, the second scatter
    of an equal set, while the first one's future was being released, once
    waited forever in the test suite).
    """
    return client.scatter([value], broadcast=True, hash=False)[0]


def settled(collection: Any) -> Any:
    """``collection`` persisted, returned once all its partitions are computed.

    Nothing else is built on the client while the scheduler turns the
    collection into tasks. On Python 3.11 ``functools.cached_property`` holds
    one lock per property for all instances, and dask's expressions cache
    their metadata with it: the client thread building the next expression
    and a LocalCluster's scheduler thread (same process) expanding the last
    one can each wait for a lock the other holds, forever (seen in CI).
    """
    from distributed import futures_of, wait

    persisted = collection.persist()
    wait(futures_of(persisted))
    return persisted
