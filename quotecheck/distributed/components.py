"""Stage 3: connected components of the verified pairs, never collected.

Min-label propagation with shortcutting, as Dask dataframe joins: every node
starts labelled with itself; each round a node takes the smallest label among
itself and its neighbours, then the label of its label (pointer jumping, so a
chain of n versions settles in about log n rounds, not n). Labels only
decrease, so a round that leaves their sum unchanged changed none: that sum
(a reduction) is the only figure the client sees per round. At the end each
node's label is the smallest node of its component.
"""

from __future__ import annotations

import dask.dataframe as dd
import pandas as pd

from quotecheck.distributed.shared import settled

MAX_ROUNDS = 200  # a safeguard: log2 of any corpus's chain length is far below
LABELS_META = pd.DataFrame({"node": pd.Series(dtype="int64"),
                            "label": pd.Series(dtype="int64")})


def components(edges: dd.DataFrame, npartitions: int) -> dd.DataFrame:
    """(node, label) for every node of ``edges`` (columns a, b)."""
    both = dd.concat([edges[["a", "b"]],
                      edges[["b", "a"]].rename(columns={"b": "a", "a": "b"})])
    links = settled(both.rename(columns={"a": "node", "b": "other"}))
    labels = _min_by_node(links.rename(columns={"other": "label"}), npartitions)
    labels = _smaller(labels, links.node.to_frame().assign(label=links.node), npartitions)
    labels = settled(labels)
    total = int(labels.label.sum().compute())
    for _round in range(MAX_ROUNDS):
        proposed = links.merge(labels.rename(columns={"node": "other"}), on="other",
                               npartitions=npartitions)[["node", "label"]]
        merged = _smaller(labels, proposed, npartitions)
        jumped = merged.merge(merged.rename(columns={"node": "label", "label": "jump"}),
                              on="label", npartitions=npartitions)
        new = settled(jumped[["node", "jump"]].rename(columns={"jump": "label"}))
        new_total = int(new.label.sum().compute())
        labels = new
        if new_total == total:
            return labels
        total = new_total
    raise RuntimeError(f"components did not settle in {MAX_ROUNDS} rounds")


def _smaller(labels: dd.DataFrame, proposed: dd.DataFrame, npartitions: int) -> dd.DataFrame:
    return _min_by_node(dd.concat([labels, proposed]), npartitions)


def _min_by_node(frame: dd.DataFrame, npartitions: int) -> dd.DataFrame:
    return frame.groupby("node").label.min(split_out=npartitions).reset_index()
