"""The article texts a report shows (HTML document pages, ``quotecheck show``).

A ``Report`` keeps quotes, not texts; these are read again from the inputs,
only for the documents wanted and within a character budget, so a large
corpus never sits in memory whole.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Set

from quotecheck.reading import read
from quotecheck.records import Document

DEFAULT_BUDGET = 20_000_000  # characters of article text kept at most


def texts(paths: Iterable[str | os.PathLike[str]], wanted: Set[str], *,
          include: tuple[str, ...] = (), exclude: tuple[str, ...] = (),
          budget: int = DEFAULT_BUDGET) -> dict[str, str]:
    """Text of each wanted document id, read in input order until ``budget`` is spent."""
    found: dict[str, str] = {}
    spent = 0
    for item in read(paths, include, exclude):
        if not isinstance(item, Document) or item.id not in wanted:
            continue
        if spent + len(item.text) > budget:
            break
        found[item.id] = item.text
        spent += len(item.text)
        if len(found) == len(wanted):
            break
    return found
