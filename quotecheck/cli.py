"""The ``quotecheck`` command: parse options, call the library, render, exit.

Exit status of ``check`` (see ``--help``): 0 no finding at or above
``--fail-on``; 1 such findings; 2 bad usage or an input that could not be read.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quotecheck import __version__

if TYPE_CHECKING:
    from quotecheck.progress import Progress

EXIT_OK, EXIT_FINDINGS, EXIT_INCOMPLETE, EXIT_INTERRUPTED = 0, 1, 2, 130
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

environment:
  NO_COLOR                 no colour with --color auto
  FORCE_COLOR              colour with --color auto, even when not on a terminal
  COLUMNS                  width of the rich report and 'show' (default: the terminal's)
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
    from quotecheck.output import FORMATS

    check.add_argument("--format", choices=tuple(FORMATS), default=None,
                       help="report format: " + ", ".join(
                           f"{name} ({about})" for name, (_module, about) in FORMATS.items())
                       + "; default: rich on a terminal, text otherwise. With "
                       "GITHUB_STEP_SUMMARY set, a Markdown summary of every finding is "
                       "appended to that file")
    _color(check)
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
    show = commands.add_parser(
        "show", help="one document's text with its quotes, speakers, mentions and cues",
        description="Show the text of each document in PATH... (or of --doc ID) with every "
        "quote marked and, beside it, the speaker, the mention and the cue it was read from.")
    _common(show)
    show.add_argument("--doc", action="append", default=None, metavar="ID",
                      help="the document to show (repeatable; default: every document, up "
                      "to 10)")
    _color(show)
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
    parser.add_argument("--timings", action="store_true",
                        help="print the seconds each phase took to stderr (checking, "
                        "matching, findings)")


def _color(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="colour in the rich report and 'show' (default: auto, on a "
                        "terminal unless NO_COLOR is set; FORCE_COLOR turns it on)")


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return jobs


def _progress(choice: str) -> Progress:
    from quotecheck.progress import Progress, RichProgress

    show = choice == "always" or (choice == "auto" and sys.stderr.isatty()
                                  and not os.environ.get("CI"))
    return RichProgress() if show else Progress()


def _mode_for(target: Path) -> int:
    """The permissions of the file being replaced, or the usual ones for a new file."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write(text: str | Iterable[str], output: str | None) -> None:
    """Write the report (a string, or pieces of one) to stdout or, atomically, to a file."""
    pieces = [text] if isinstance(text, str) else text
    if output is None:
        for piece in pieces:
            sys.stdout.write(piece)
        sys.stdout.flush()
        return
    target = Path(output)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or Path("."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.writelines(pieces)
        os.chmod(tmp, _mode_for(target))  # mkstemp makes 0600; a report is not secret
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_INCOMPLETE
    try:
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
        if args.command == "show":
            return _show(args)
        return _run(args)
    except KeyboardInterrupt:
        print("quotecheck: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:
        from quotecheck.errors import QuotecheckError, describe_bug

        if isinstance(exc, QuotecheckError):
            print(f"quotecheck: error: {exc}", file=sys.stderr)
        elif os.environ.get("QUOTECHECK_DEBUG"):
            raise
        else:  # a bug: one line, not a traceback (QUOTECHECK_DEBUG=1 shows it)
            print(f"quotecheck: {describe_bug(exc)}", file=sys.stderr)
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
                          ("store", "against"), ("baseline", "baseline")):
            found.override(key, getattr(args, name, None))
    return found


def _configure(args: argparse.Namespace) -> None:
    """Fill the options left unset on the command line from the configuration file."""
    if args.command not in ("check", "extract", "index", "show"):
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
    with Store(args.store) as store:
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
    if args.output is not None and not Path(args.output).parent.is_dir():
        raise UsageError(f"cannot write --output {args.output}: no such directory")
    aliases = None
    if getattr(args, "aliases", None):
        from quotecheck.names import Aliases

        aliases = Aliases.load(args.aliases)
    settings = args.config
    return Options(lang=args.lang, backend=args.backend, aliases=aliases,
                   thresholds=settings.thresholds(),
                   include=tuple(settings.get("include")),
                   exclude=tuple(settings.get("exclude")))


def _index(args: argparse.Namespace) -> int:
    from quotecheck.pipeline import index

    with _progress(args.progress) as progress:
        indexed, unchanged, skipped = index(args.paths, args.store, options=_options(args),
                                            jobs=args.jobs or os.cpu_count() or 1,
                                            progress=progress)
    for doc in skipped:
        print(f"quotecheck: skipped {doc.path}: {doc.error}", file=sys.stderr)
    print(f"indexed {indexed} documents into {args.store} ({unchanged} unchanged, "
          f"{len(skipped)} skipped)")
    return EXIT_INCOMPLETE if skipped else EXIT_OK


def _rendered(report: Any, args: argparse.Namespace, options: Any) -> Iterable[str]:
    """The report in the format asked for (``--format``, else rich on a terminal)."""
    from quotecheck.output import Settings, render_chunks
    from quotecheck.output.rich_report import color_wanted

    tty = args.output is None and sys.stdout.isatty()
    fmt = args.format or ("rich" if tty else "text")
    settings = Settings(min_severity=args.min_severity, fail_on=args.fail_on,
                        color=color_wanted(args.color, tty), aliases=options.aliases,
                        paths=tuple(args.paths), include=options.include,
                        exclude=options.exclude)
    return render_chunks(report, fmt, settings)


def _show(args: argparse.Namespace) -> int:
    """``quotecheck show``: the documents' texts with their quotes and evidence."""
    from quotecheck.output.rich_report import color_wanted
    from quotecheck.output.show import DOCUMENTS, show
    from quotecheck.output.sources import texts
    from quotecheck.pipeline import check

    options = _options(args)
    report = check(args.paths, options=options, jobs=args.jobs or 1)
    wanted = args.doc or [d.id for d in report.documents if d.status == "checked"]
    found = texts(args.paths, set(wanted[:DOCUMENTS] if not args.doc else wanted),
                  include=options.include, exclude=options.exclude)
    missing = [d for d in args.doc or () if d not in found]
    if missing:
        from quotecheck.errors import UsageError

        known = ", ".join(d.id for d in report.documents[:10])
        raise UsageError(f"no checked document with id {missing[0]!r} (ids: {known})")
    tty = args.output is None and sys.stdout.isatty()
    _write(show(report, found, doc_ids=args.doc or (), color=color_wanted(args.color, tty)),
           args.output)
    return EXIT_OK


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
    report = args.config.apply_rules(report)
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
        _write(_rendered(report, args, options), args.output)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if args.command == "check" and summary_file:
        from quotecheck.ci_formats import step_summary

        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(step_summary(report))
    if args.timings:
        timings.phase("report")
        print(f"quotecheck: {timings.summary()}", file=sys.stderr)
    incomplete = any(d.status == "skipped" for d in report.documents)
    for doc in report.documents:
        if doc.status == "skipped":  # the reason names the JSONL line itself
            print(f"quotecheck: skipped {doc.path}: {doc.error}", file=sys.stderr)
        elif doc.warning:
            where = f"{doc.path}{f' line {doc.line}' if doc.line else ''}"
            print(f"quotecheck: warning: {where}: {doc.warning}", file=sys.stderr)
    if incomplete:
        return EXIT_INCOMPLETE
    if args.command == "check" and args.fail_on != "never":
        threshold = SEVERITIES.index(args.fail_on)
        if any(SEVERITIES.index(f.severity) >= threshold for f in report.findings):
            return EXIT_FINDINGS
    if getattr(args, "update", False) and against is not None:
        from quotecheck.pipeline import index

        indexed, _unchanged, _skipped = index(args.paths, against, options=options,
                                              jobs=jobs)
        print(f"quotecheck: added {indexed} documents to {against}", file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
