"""The ``quotecheck`` command: parse options, call the library, render, exit.

Exit status of ``check`` (see ``--help``): 0 no finding at or above
``--fail-on``; 1 such findings; 2 bad usage or an input that could not be read.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quotecheck import __version__

if TYPE_CHECKING:
    from quotecheck.progress import Progress

EXIT_OK, EXIT_FINDINGS, EXIT_INCOMPLETE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_TERMINATED = 143  # 128 + SIGTERM
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
  NO_COLOR                 plain rich output on a terminal
  CI                       when set, no progress bar unless --progress always
  QUOTECHECK_DEBUG         show the traceback of an internal error instead of one line
  STANZA_RESOURCES_DIR     where stanza models are (default ~/stanza_resources)
  QUOTECHECK_TORCH_THREADS torch threads per process for --backend stanza (default 1)
"""


def _parser() -> argparse.ArgumentParser:
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
    check.add_argument("--format", choices=("rich", "text", "json", "github", "sarif", "junit"),
                       default=None,
                       help="report format: rich (for people), text (one line per finding), "
                       "json (the versioned report), github (Actions annotations), sarif "
                       "(SARIF 2.1.0 for code scanning), junit (JUnit XML, a test case per "
                       "document); default: rich on a terminal, text otherwise. With "
                       "GITHUB_STEP_SUMMARY set, a Markdown summary of every finding is "
                       "appended to that file")
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
                        help="write the report to FILE (atomically) instead of stdout")
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


def _progress(choice: str) -> Progress:
    from quotecheck.progress import Progress, RichProgress

    show = choice == "always" or (choice == "auto" and sys.stderr.isatty()
                                  and not os.environ.get("CI"))
    return RichProgress() if show else Progress()


def _write(text: str | Iterable[str], output: str | None) -> bool:
    """Write the report (a string, or pieces of one) to stdout or to a file (see
    ``quotecheck.writing``); False when stdout's reader went away (a broken pipe)."""
    pieces = [text] if isinstance(text, str) else text
    if output is not None:
        from quotecheck.writing import write

        write(output, pieces)
        return True
    try:
        for piece in pieces:
            sys.stdout.write(piece)
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_stdout()
        return False
    return True


def _discard_stdout() -> None:
    """After a broken pipe: what is left to flush goes nowhere, without a second error."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _say(message: str) -> None:
    """One line on stderr, escaped: no terminal control, no CI workflow command."""
    from quotecheck.escape import log_line

    try:
        print(f"quotecheck: {log_line(message)}", file=sys.stderr)
    except BrokenPipeError:
        pass


class Terminated(BaseException):
    """SIGTERM: unwind like Ctrl-C (temporary files removed, workers stopped)."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_INCOMPLETE
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _command(args)
    except KeyboardInterrupt:
        _say("interrupted")
        return EXIT_INTERRUPTED
    except Terminated:
        _say("terminated")
        return EXIT_TERMINATED
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_INCOMPLETE
    except MemoryError:
        _say("error: out of memory; lower --jobs or max-document-size, or check fewer "
             "documents at once")
        return EXIT_INCOMPLETE
    except Exception as exc:
        return _failed(exc)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _command(args: argparse.Namespace) -> int:
    if args.command == "models":
        return _models(args)
    if args.command == "config":
        print(_config(None).describe(), end="")
        return EXIT_OK
    _configure(args)
    if args.command == "store":
        return _store_info(args)
    if args.command == "index":
        return _index(args)
    return _run(args)


def _failed(exc: Exception) -> int:
    """One line for an exception: the user's problem, the machine's, or a bug."""
    from quotecheck.errors import QuotecheckError, describe_bug

    if isinstance(exc, QuotecheckError):
        _say(f"error: {exc}")
    elif isinstance(exc, OSError):  # the environment: a full disk, a read-only folder
        where = f": {exc.filename}" if exc.filename else ""
        _say(f"error: {exc.strerror or exc}{where}")
    elif os.environ.get("QUOTECHECK_DEBUG"):
        raise exc
    else:  # a bug: one line, not a traceback (QUOTECHECK_DEBUG=1 shows it)
        _say(describe_bug(exc))
    return EXIT_INCOMPLETE


def _models(args: argparse.Namespace) -> int:
    from quotecheck.backends import stanza_backend

    if args.action == "status":
        print(stanza_backend.status())
        return EXIT_OK
    stanza_backend.download(args.langs)
    return EXIT_OK


def _config(args: argparse.Namespace | None) -> Any:
    from quotecheck import config
    from quotecheck.findings import RULES

    found = config.load(known_rules=tuple(r.id for r in RULES))
    if args is not None:
        for key, name in (("fail-on", "fail_on"), ("min-severity", "min_severity"),
                          ("lang", "lang"), ("backend", "backend"), ("aliases", "aliases"),
                          ("store", "against"), ("baseline", "baseline"),
                          ("max-document-size", "max_document_size")):
            found.override(key, getattr(args, name, None))
    return found


def _configure(args: argparse.Namespace) -> None:
    """Fill the options left unset on the command line from the configuration file."""
    if args.command not in ("check", "extract", "index"):
        return
    settings = _config(args)
    args.config = settings
    args.lang = settings.get("lang")
    args.backend = settings.get("backend")
    if args.command == "check":
        args.fail_on = settings.get("fail-on")
        args.min_severity = settings.get("min-severity")
        args.aliases = settings.get("aliases")
        args.against = settings.get("store")
        args.baseline = settings.get("baseline")


def _store_info(args: argparse.Namespace) -> int:
    from quotecheck.errors import UsageError
    from quotecheck.store import Store

    if not Path(args.store).is_file():
        raise UsageError(f"no store at {args.store}")
    with Store(args.store, read_only=True) as store:
        info = store.info()
        integrity = store.integrity()
    print(f"store {info['path']}: schema {info['schema']}, {info['bytes'] / 1e6:.1f} MB, "
          f"{info['documents']:,} documents, {info['quotes']:,} quotes, "
          f"{info['sketch_values']:,} sketch values, {info['names']:,} names; "
          f"integrity {integrity}")
    return EXIT_OK


def _options(args: argparse.Namespace) -> Any:
    """Check options from the command line, validated before any work."""
    from quotecheck import lexicon
    from quotecheck.errors import UsageError
    from quotecheck.pipeline import Options

    if args.lang is not None and args.lang not in lexicon.available():
        lexicon.load(args.lang)  # raises with the list of languages and the fix
    if args.backend == "stanza":
        from quotecheck.backends import stanza_backend

        stanza_backend.require(args.lang)  # exits at once if it cannot run
    for option, target in (("--output", args.output),
                           ("--write-baseline", getattr(args, "write_baseline", None))):
        if target is not None and (target == "" or not Path(target).parent.is_dir()):
            raise UsageError(f"cannot write {option} '{target}': no such folder")
    aliases = None
    if getattr(args, "aliases", None):
        from quotecheck.names import Aliases

        aliases = Aliases.load(args.aliases)
    settings = args.config
    return Options(lang=args.lang, backend=args.backend, aliases=aliases,
                   thresholds=settings.thresholds(),
                   include=tuple(settings.get("include")),
                   exclude=tuple(settings.get("exclude")),
                   max_document_bytes=int(settings.get("max-document-size") * 1_000_000))


def _index(args: argparse.Namespace) -> int:
    from quotecheck.pipeline import index

    with _progress(args.progress) as progress:
        indexed, unchanged, skipped = index(args.paths, args.store, options=_options(args),
                                            jobs=args.jobs or os.cpu_count() or 1,
                                            progress=progress)
    for doc in skipped:
        _say(f"skipped {doc.path}: {doc.error}")
    if indexed + unchanged + len(skipped) == 0:
        _say(_nothing_found(args.paths))
        return EXIT_INCOMPLETE
    from quotecheck.escape import log_line

    print(log_line(f"indexed {indexed} documents into {args.store} ({unchanged} unchanged, "
                   f"{len(skipped)} skipped)"))
    return EXIT_INCOMPLETE if skipped else EXIT_OK


def _nothing_found(paths: Sequence[str]) -> str:
    from quotecheck.reading import SUPPORTED

    return (f"error: no documents found in {', '.join(paths)} (quotecheck reads "
            f"{', '.join(SUPPORTED)} files, and folders of them)")


def _run(args: argparse.Namespace) -> int:
    from quotecheck.errors import UsageError
    from quotecheck.pipeline import check
    from quotecheck.progress import Timings

    options = _options(args)
    against = getattr(args, "against", None)
    if getattr(args, "update", False) and against is None:
        raise UsageError("--update needs --against STORE")
    if against is not None and not Path(against).is_file():
        raise UsageError(f"no store at {against} (make one with 'quotecheck index')")
    jobs = args.jobs or os.cpu_count() or 1
    timings = Timings(_progress(args.progress))
    with timings:
        report = check(args.paths, options=options, jobs=jobs, progress=timings,
                       against=against)
    if not report.documents:
        _say(_nothing_found(args.paths))
        return EXIT_INCOMPLETE
    report = _outputs(args, args.config.apply_rules(report))
    if args.timings:
        timings.phase("report")
        _say(timings.summary())
    status = _status(args, report)
    if status == EXIT_OK and getattr(args, "update", False) and against is not None:
        from quotecheck.pipeline import index

        indexed, _unchanged, _skipped = index(args.paths, against, options=options,
                                              jobs=jobs)
        _say(f"added {indexed} documents to {against}")
    return status


def _outputs(args: argparse.Namespace, report: Any) -> Any:
    """Baseline applied, then every output written: report, baseline, step summary."""
    from quotecheck.render import render_chunks

    if getattr(args, "baseline", None):
        from quotecheck import baseline

        report = baseline.apply(report, baseline.load(args.baseline))
    if getattr(args, "write_baseline", None):
        from quotecheck import baseline

        _write(baseline.dumps(baseline.entries(report)), args.write_baseline)
    if args.command == "extract":
        from quotecheck.report import quote_lines

        _write(quote_lines(report), args.output)
    else:
        tty = args.output is None and sys.stdout.isatty()
        fmt = args.format or ("rich" if tty else "text")
        color = tty and "NO_COLOR" not in os.environ
        _write(render_chunks(report, fmt=fmt, min_severity=args.min_severity, color=color),
               args.output)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if args.command == "check" and summary_file:
        _append_summary(summary_file, report)
    return report


def _append_summary(path: str, report: Any) -> None:
    from quotecheck.ci_formats import step_summary
    from quotecheck.errors import OutputError

    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(step_summary(report))
    except OSError as exc:
        raise OutputError(f"cannot write GITHUB_STEP_SUMMARY {path}: {exc.strerror}"
                          ) from None


def _status(args: argparse.Namespace, report: Any) -> int:
    """Skips and warnings told on stderr; the exit status they and the findings decide."""
    incomplete = any(d.status == "skipped" for d in report.documents)
    for doc in report.documents:
        if doc.status == "skipped":  # the reason names the JSONL line itself
            _say(f"skipped {doc.path}: {doc.error}")
        elif doc.warning:
            where = f"{doc.path}{f' line {doc.line}' if doc.line else ''}"
            _say(f"warning: {where}: {doc.warning}")
    if incomplete:
        return EXIT_INCOMPLETE
    if args.command == "check" and args.fail_on != "never":
        threshold = SEVERITIES.index(args.fail_on)
        if any(SEVERITIES.index(f.severity) >= threshold for f in report.findings):
            return EXIT_FINDINGS
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
