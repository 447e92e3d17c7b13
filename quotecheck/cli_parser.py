"""The command line's options: the argparse parser of ``quotecheck`` and its checks."""

from __future__ import annotations

import argparse

from quotecheck import __version__

SEVERITIES = ("info", "warning", "error")

_EPILOG = """\
inputs:
  .txt and .md files (one article each, optional front matter with source, url,
  date, lang, title), .jsonl files (one article per line: "id" and "text"
  required), and folders searched recursively for those. UTF-8 (BOM optional)
  or UTF-16 with BOM. Every input is reported as checked or skipped with a reason.

exit status:
  0  no finding at or above --fail-on
  1  at least one finding at or above --fail-on
  2  bad usage, or some input could not be read or checked
     (the report still covers everything else)
  130 interrupted (Ctrl-C)
  143 terminated (SIGTERM)

environment:
  NO_COLOR                 no colour with --color auto
  FORCE_COLOR              colour with --color auto, even when not on a terminal
  COLUMNS                  width of the rich report and 'show' (default: the terminal's)
  CI                       when set, no progress bar unless --progress always
  QUOTECHECK_DEBUG         show the traceback of an internal error instead of one line
  STANZA_RESOURCES_DIR     where stanza models are (default ~/stanza_resources)
  QUOTECHECK_TORCH_THREADS torch threads per process for --backend stanza (default 1)
"""


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quotecheck",
        description="Find quotes in news articles, attribute them to their speakers, "
        "match them across sources and flag attribution errors.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"quotecheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser(
        "check", help="check a corpus and report findings",
        description="Check the articles in PATH... and report quotes, speakers and findings.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    _common(check)
    from quotecheck.output import FORMATS

    check.add_argument("--format", choices=(*FORMATS, "jsonl-dir"), default=None,
                       help="report format: " + ", ".join(
                           f"{name} ({about})" for name, (_module, about) in FORMATS.items())
                       + ", jsonl-dir (with --dask and -o DIR: a file per partition)"
                       "; default: rich on a terminal, text otherwise. With "
                       "GITHUB_STEP_SUMMARY set, a Markdown summary of every finding is "
                       "appended to that file")
    _color(check)
    check.add_argument("--dask", metavar="ADDRESS", default=None,
                       help="run on the Dask scheduler at ADDRESS (tcp://host:8786), or on a "
                       "LocalCluster of N worker processes with local[:N] (needs the dask "
                       "extra; the report is the same as without)")
    check.add_argument("--dask-memory", metavar="SIZE", default=None,
                       help="with --dask local[:N]: the memory limit of each worker process "
                       "(default: 2GB); Dask spills to disk past 60%% of it. The workers "
                       "of a scheduler keep the limit they were started with")
    check.add_argument("--dask-dashboard", action="store_true",
                       help="with --dask: print the address of Dask's dashboard to stderr")
    check.add_argument("--fail-on", choices=(*SEVERITIES, "never"), default=None,
                       help="lowest severity that makes the exit status 1 (default: error)")
    check.add_argument("--min-severity", choices=SEVERITIES, default=None,
                       help="lowest severity shown in the report (default: info); the JSON "
                       "report always lists every finding")
    check.add_argument("--aliases", metavar="FILE", default=None,
                       help="TOML file declaring names that are one person: "
                       '[aliases] "Antony Blinken" = ["Tony Blinken"]')
    check.add_argument("--against", metavar="STORE", default=None,
                       help="also match the quotes with those of a reference store made by "
                       "'quotecheck index'; findings name the stored documents involved")
    check.add_argument("--update", action="store_true",
                       help="with --against: add the checked documents to the store when "
                       "the check passes (exit status 0)")
    check.add_argument("--baseline", metavar="FILE", default=None,
                       help="report only findings not in this baseline; entries that no "
                       "longer occur are listed as info (rule stale-baseline)")
    check.add_argument("--write-baseline", metavar="FILE", default=None,
                       help="record the current findings as a baseline (JSON, sorted)")
    extract = commands.add_parser(
        "extract", help="print every quote as one JSON line",
        description="Print one JSON object per quote found in PATH... (no cross-source "
        "matching).")
    _common(extract)
    index = commands.add_parser(
        "index", help="add documents to a reference store",
        description="Read PATH... and store their quotes, speakers and matching keys in a "
        "SQLite store, for 'quotecheck check NEW --against STORE'. Unchanged documents "
        "(same text, tool version and settings) are not read again.")
    _common(index)
    index.add_argument("--store", required=True, metavar="FILE",
                       help="the store (created if missing)")
    store = commands.add_parser("store", help="look into a reference store")
    store_actions = store.add_subparsers(dest="action", metavar="ACTION", required=True)
    info = store_actions.add_parser("info", help="counts, schema version and size")
    info.add_argument("store", metavar="FILE")
    commands.add_parser(
        "config", help="print the effective configuration and where each value comes from",
        description="quotecheck reads [tool.quotecheck] in pyproject.toml or a "
        "quotecheck.toml, the nearest from the current directory upward; command-line "
        "options override it.")
    show = commands.add_parser(
        "show", help="one document's text with its quotes, speakers, mentions and cues",
        description="Show the text of each document in PATH... (or of --doc ID) with every "
        "quote marked and, beside it, the speaker, the mention and the cue it was read from.")
    _common(show)
    show.add_argument("--doc", action="append", default=None, metavar="ID",
                      help="the document to show (repeatable; default: every document, up "
                      "to 10)")
    _color(show)
    models = commands.add_parser(
        "models", help="list or download stanza models (for --backend stanza)",
        description="stanza models live in STANZA_RESOURCES_DIR (default ~/stanza_resources). "
        "quotecheck never downloads a model unless asked here.")
    actions = models.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("status", help="which languages have a model, where, and what is "
                       "installed")
    download = actions.add_parser("download", help="fetch the NER models of LANG... with "
                                  "stanza's downloader (needs network access)")
    download.add_argument("langs", nargs="+", metavar="LANG", help="language codes (en, vi)")
    return parser


def _color(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="colour in the rich report and 'show' (default: auto, on a "
                        "terminal unless NO_COLOR is set; FORCE_COLOR turns it on)")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to read")
    parser.add_argument("--lang", default=None,
                        help="language of every document (default: front matter or "
                        "detected; available: en, vi)")
    parser.add_argument("--backend", choices=("auto", "builtin", "stanza"), default=None,
                        help="NLP backend: builtin (no model), stanza (stanza's NER; needs "
                        "the stanza extra and 'quotecheck models download LANG'), or auto "
                        "(default: stanza for a language with a model, else builtin); the "
                        "report names the backend of each document")
    parser.add_argument("-o", "--output", default=None, metavar="FILE",
                        help="write the report to FILE instead of stdout: a regular file "
                        "atomically, a device or FIFO in place; a symbolic link to a "
                        "regular file is refused")
    parser.add_argument("-j", "--jobs", type=_jobs, default=None, metavar="N",
                        help="worker processes checking documents in parallel (default: "
                        "the number of CPUs; the report is the same for any N)")
    parser.add_argument("--progress", choices=("auto", "always", "never"), default="auto",
                        help="progress bar on stderr for runs over a second (default: auto, "
                        "when stderr is a terminal and CI is not set)")
    parser.add_argument("--max-document-size", type=_megabytes, default=None, metavar="MB",
                        help="skip a file or JSON line larger than this, with a reason "
                        "(default: 10)")
    parser.add_argument("--timings", action="store_true",
                        help="print the seconds each phase took to stderr (checking, "
                        "matching, findings)")


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return jobs


def _megabytes(value: str) -> float:
    try:
        size = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not size > 0 or size == float("inf"):
        raise argparse.ArgumentTypeError("must be a number of MB above 0")
    return size
