"""Another commit's tree beside this one, for benchmarks that compare the two.

``python -m quotecheck`` puts its working directory first on ``sys.path``,
before ``PYTHONPATH``: a run meant for an older tree, started from this
checkout, imports this checkout's package. Each run therefore starts in the
tree it measures (``run_in``), with that tree also on ``PYTHONPATH`` for the
processes it spawns.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def worktree(ref: str) -> Iterator[Path]:
    """The tree of commit ``ref``, checked out in a scratch git worktree."""
    with tempfile.TemporaryDirectory() as scratch:
        tree = Path(scratch) / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), ref],
                       check=True, capture_output=True)
        try:
            yield tree
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                           check=False, capture_output=True)


def run_in(tree: Path) -> dict[str, Any]:
    """``subprocess`` arguments that make ``python -m quotecheck`` import ``tree``."""
    return {"cwd": tree, "env": {**os.environ, "PYTHONPATH": str(tree)}}


def imported_from(tree: Path) -> Path:
    """Where ``python -m quotecheck`` started as ``run_in(tree)`` finds the package."""
    found = subprocess.run([sys.executable, "-c", "import quotecheck; print(quotecheck.__file__)"],
                           capture_output=True, text=True, check=True, **run_in(tree))
    return Path(found.stdout.strip()).resolve().parent.parent
