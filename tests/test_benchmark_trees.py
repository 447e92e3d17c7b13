"""The benchmarks that compare two trees really run each tree's package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.trees import ROOT, imported_from, run_in


def _tree(folder: Path, says: str) -> Path:
    package = folder / "quotecheck"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", "utf-8")
    (package / "__main__.py").write_text(f"print({says!r})\n", "utf-8")
    return folder


def test_python_m_quotecheck_runs_the_tree_it_is_started_in(tmp_path: Path) -> None:
    other = _tree(tmp_path / "other", "the other tree")
    ran = subprocess.run([sys.executable, "-m", "quotecheck"], capture_output=True, text=True,
                         check=True, **run_in(other))
    assert ran.stdout.strip() == "the other tree"
    assert imported_from(other) == other.resolve()


def test_this_checkout_imports_itself() -> None:
    assert imported_from(ROOT) == ROOT.resolve()


def test_pythonpath_alone_would_not_do_it(tmp_path: Path) -> None:
    """Why the runs start in their tree: from this checkout, the working directory
    comes before PYTHONPATH on sys.path (the mistake bench_compare once made)."""
    other = _tree(tmp_path / "other", "the other tree")
    ran = subprocess.run([sys.executable, "-c", "import quotecheck; print(quotecheck.__file__)"],
                         capture_output=True, text=True, check=True, cwd=ROOT,
                         env=run_in(other)["env"])
    assert Path(ran.stdout.strip()).resolve().parent.parent == ROOT.resolve()
