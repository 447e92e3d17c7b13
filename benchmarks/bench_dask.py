"""``--dask local:N`` against the local engine on synthetic corpora: time, peak
memory of the client and of each worker process, and the same clusters and findings.

    nice -n 19 python -m benchmarks.bench_dask --sizes 10000 100000 --workers 2
    python -m benchmarks.bench_dask --sizes 100000 1000000 --local-up-to 100000 --shards
    python -m benchmarks.bench_dask --sizes 30000 --shards --no-local --base HEAD~1

Each run is ``quotecheck check CORPUS`` in a subprocess: locally ``--jobs 2
--format json``, with Dask ``--dask local:N --dask-memory 2GB --format
jsonl-dir`` (the client holds one partition of the report at a time); with
``--shards`` Dask is given the corpus as a glob, which its workers read. A
thread samples the RSS of that process and of every process below it (the
LocalCluster's nannies and workers) every 0.2 s with psutil, and their CPU
time (user + system, last sample: a run's last 0.2 s are not counted). Clusters and
findings are compared between the two reports. The time-growth exponent
between two sizes is log(t2 / t1) / log(n2 / n1). With ``--base REF`` the Dask
run of each size is made first by commit REF's tree (a scratch git worktree,
``benchmarks/trees.py``), then by this one, and their ratios are printed.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import math
import sys
from pathlib import Path
from typing import Any

import psutil

from benchmarks import synth
from benchmarks.sampling import sampled_run
from benchmarks.trees import ROOT, run_in, worktree

OUT = Path(__file__).resolve().parent / "out"


def _role(process: psutil.Process, root: int) -> str:
    if process.pid == root:
        return "client"
    try:
        line = " ".join(process.cmdline())
    except psutil.Error:
        return "other"
    if "resource_tracker" in line:  # multiprocessing's helper, not a worker
        return "other"
    return "worker" if "spawn_main" in line else "other"


def run(command: list[str], tree: Path = ROOT) -> dict[str, Any]:
    """Wall time, exit status and the peak RSS (MB) of each process of ``command``."""
    peaks: dict[int, float] = {}
    cpu: dict[int, float] = {}  # user + system seconds: what a shared machine's load hides
    roles: dict[int, str] = {}

    def sample(pid: int) -> bool:
        try:
            root = psutil.Process(pid)
            tree = [root, *root.children(recursive=True)]
        except psutil.Error:
            return False
        for proc in tree:
            try:
                rss = proc.memory_info().rss / 2**20
                times = proc.cpu_times()
            except psutil.Error:
                continue
            peaks[proc.pid] = max(peaks.get(proc.pid, 0.0), rss)
            cpu[proc.pid] = times.user + times.system
            roles.setdefault(proc.pid, _role(proc, pid))
        return True

    finished = sampled_run(command, sample, 0.2, **run_in(tree))
    by_role: dict[str, list[tuple[float, float]]] = {}
    for pid, peak in peaks.items():
        by_role.setdefault(roles[pid], []).append((round(peak, 1), round(cpu[pid], 1)))
    return {"seconds": round(finished.seconds, 1), "code": finished.code,
            "peak_rss_mb": {role: sorted((p for p, _c in v), reverse=True)
                            for role, v in by_role.items()},
            "cpu_seconds": {role: sorted((c for _p, c in v), reverse=True)
                            for role, v in by_role.items()},
            "stderr": finished.stderr[-2000:]}


def shard_glob(corpus: Path) -> str:
    """``corpus`` as a glob matching only itself, so that the Dask workers read it."""
    return str(corpus.with_name(f"[{corpus.name[0]}]{corpus.name[1:]}"))


def check(corpus: Path | str, report: Path, dask: str | None, memory: str = "2GB",
          tree: Path = ROOT) -> dict[str, Any]:
    command = [sys.executable, "-m", "quotecheck", "check", str(corpus), "-o", str(report),
               "--fail-on", "never", "--progress", "never"]
    result = run(command + (["--dask", dask, "--dask-memory", memory, "--format", "jsonl-dir"]
                            if dask else ["--jobs", "2", "--format", "json"]), tree)
    if result["code"] != 0:
        raise SystemExit(f"quotecheck failed on {corpus}: {result['stderr']}")
    return result


def _lines(path: Path) -> list[Any]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def same(local: Path, remote: Path) -> dict[str, Any]:
    """The local JSON report against the Dask jsonl-dir (whose findings carry no evidence)."""
    a = json.loads(local.read_text("utf-8"))
    clusters, findings = _lines(remote / "clusters.jsonl"), _lines(remote / "findings.jsonl")
    plain = [{k: v for k, v in f.items() if k != "evidence"} for f in a["findings"]]
    return {"clusters": {tuple(c["quotes"]) for c in a["clusters"]}
            == {tuple(c["quotes"]) for c in clusters},
            "findings": sorted(json.dumps(f, sort_keys=True) for f in plain)
            == sorted(json.dumps(f, sort_keys=True) for f in findings),
            "same order": a["clusters"] == clusters and plain == findings,
            "clusters_n": len(a["clusters"]), "findings_n": len(a["findings"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory", default="2GB", help="--dask-memory of each worker")
    parser.add_argument("--no-local", action="store_true", help="only the Dask runs")
    parser.add_argument("--shards", action="store_true",
                        help="give Dask the corpus as a glob, read by the workers (the "
                             "client and its scheduler never hold the text)")
    parser.add_argument("--local-up-to", type=int, default=None, metavar="N",
                        help="run the local engine only on corpora of at most N articles "
                             "(beyond, its memory grows past what the machine should give it)")
    parser.add_argument("--base", metavar="REF",
                        help="also make each Dask run with commit REF's tree, first, and "
                             "print this tree's figures over REF's")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    with worktree(args.base) if args.base else contextlib.nullcontext() as base:
        figures = _measure(args, base)
    _exponents(figures)
    (OUT / "bench_dask.json").write_text(json.dumps(figures, indent=1), "utf-8")


def _measure(args: argparse.Namespace, base: Path | None) -> dict[int, dict[str, Any]]:
    figures: dict[int, dict[str, Any]] = {}
    for size in args.sizes:
        corpus = OUT / f"dask-synthetic-{size}.jsonl"
        if not corpus.exists():
            synth.write(corpus, size, seed=1)
        row: dict[str, Any] = {"mb": round(corpus.stat().st_size / 1e6, 1)}
        remote = OUT / f"dask-{size}"
        given = shard_glob(corpus) if args.shards else corpus
        if base is not None:
            row["base"] = check(given, OUT / f"dask-base-{size}", f"local:{args.workers}",
                                args.memory, base)
        row["dask"] = check(given, remote, f"local:{args.workers}", args.memory)
        row["shards"] = args.shards
        if base is not None:
            row["over base"] = over(row["dask"], row["base"])
            row["same as base"] = all(
                (remote / name).read_bytes() == (OUT / f"dask-base-{size}" / name).read_bytes()
                for name in ("clusters.jsonl", "findings.jsonl"))
        if not args.no_local and (args.local_up_to is None or size <= args.local_up_to):
            local = OUT / f"local-{size}.json"
            row["local"] = check(corpus, local, None)
            row["same"] = same(local, remote)
        figures[size] = row
        print(json.dumps({size: row}, indent=1), flush=True)
    return figures


def over(new: dict[str, Any], base: dict[str, Any]) -> dict[str, float]:
    """This tree's wall time, CPU time (all processes) and largest worker peak over the base's."""
    def cpu(result: dict[str, Any]) -> float:
        return sum(sum(v) for v in result["cpu_seconds"].values())

    def worker_peak(result: dict[str, Any]) -> float:
        return float(max(result["peak_rss_mb"].get("worker", [0.0])))

    return {"wall": round(new["seconds"] / base["seconds"], 2),
            "cpu": round(cpu(new) / cpu(base), 2),
            "worker peak": round(worker_peak(new) / max(worker_peak(base), 1.0), 2)}


def _exponents(figures: dict[int, dict[str, Any]]) -> None:
    sizes = sorted(figures)
    for engine in ("dask", "local"):
        for n1, n2 in itertools.pairwise(sizes):
            if engine in figures[n1] and engine in figures[n2]:
                t1, t2 = figures[n1][engine]["seconds"], figures[n2][engine]["seconds"]
                print(f"{engine}: time grows as n^{math.log(t2 / t1) / math.log(n2 / n1):.2f} "
                      f"from {n1:,} to {n2:,} articles")


if __name__ == "__main__":
    main()
