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

from quotecheck import cli_parser
from quotecheck.cli_parser import SEVERITIES

if TYPE_CHECKING:
    from quotecheck.progress import Progress

EXIT_OK, EXIT_FINDINGS, EXIT_INCOMPLETE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_TERMINATED = 143  # 128 + SIGTERM

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


def console_main() -> None:
    """The ``quotecheck`` command: ``main``, then an exit that never waits on workers.

    After Ctrl-C or SIGTERM the worker pool is already stopped; the interpreter's own
    exit would still join the pool's feeder threads, which can block on a pipe to a
    terminated worker under load. Output is flushed, then the process ends at once.
    """
    status = main()
    if status in (EXIT_INTERRUPTED, EXIT_TERMINATED):
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass  # a closed or broken pipe: nothing more to say
        os._exit(status)
    sys.exit(status)


def main(argv: Sequence[str] | None = None) -> int:
    parser = cli_parser.parser()
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
    if args.command == "show":
        return _show(args)
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
    import sqlite3

    from quotecheck.errors import UsageError
    from quotecheck.store import Store

    if not Path(args.store).is_file():
        raise UsageError(f"no store at {args.store}")
    with Store(args.store, read_only=True) as store:
        try:
            info = store.info()
        except sqlite3.DatabaseError as exc:
            raise UsageError(f"store {args.store} is damaged ({exc}); integrity: "
                             f"{store.integrity()}") from None
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


def _nothing_found(paths: Sequence[str]) -> str:
    from quotecheck.reading import SUPPORTED

    return (f"error: no documents found in {', '.join(paths)} (quotecheck reads "
            f"{', '.join(SUPPORTED)} files, and folders of them)")


def _dask_refusals(args: argparse.Namespace) -> None:
    from quotecheck.errors import UsageError

    if getattr(args, "against", None) is not None:
        raise UsageError("--against does not work with --dask (the store's quotes are not "
                         "matched on the cluster); run it without --dask")
    for option in ("--baseline", "--write-baseline"):
        if getattr(args, option[2:].replace("-", "_"), None) and args.format == "jsonl-dir":
            raise UsageError(f"{option} needs the whole report: not with --format jsonl-dir")


def _dask_check(args: argparse.Namespace, options: Any, progress: Progress) -> Any:
    from quotecheck import distributed

    with distributed.connect(args.dask, dashboard=args.dask_dashboard,
                             memory_limit=args.dask_memory) as client:
        if args.dask_dashboard:
            print(f"quotecheck: Dask dashboard at {client.dashboard_link}", file=sys.stderr)
        if args.format == "jsonl-dir":
            return distributed.check_to_dir(args.paths, Path(args.output), client=client,
                                            options=options, progress=progress,
                                            finish=args.config.apply_rules)
        return distributed.check(args.paths, client=client, options=options,
                                 progress=progress)


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
    if getattr(args, "format", None) == "jsonl-dir" and not (
            getattr(args, "dask", None) and args.output):
        raise UsageError("--format jsonl-dir needs --dask and -o DIR")
    if getattr(args, "dask_memory", None) and not getattr(args, "dask", None):
        raise UsageError("--dask-memory needs --dask local[:N]")
    jobs = args.jobs or os.cpu_count() or 1
    timings = Timings(_progress(args.progress))
    with timings:
        if getattr(args, "dask", None):
            _dask_refusals(args)
            report = _dask_check(args, options, timings)
        else:
            report = check(args.paths, options=options, jobs=jobs, progress=timings,
                           against=against)
    written = getattr(args, "format", None) == "jsonl-dir" and any(
        Path(args.output).glob("part-*.jsonl"))  # documents written partition by partition
    if not report.documents and not written:
        _say(_nothing_found(args.paths))
        return EXIT_INCOMPLETE
    report = _outputs(args, args.config.apply_rules(report))
    if args.timings:
        timings.phase("report")
        _say(timings.summary())
    status = _status(args, report)
    if getattr(args, "update", False) and against is not None:
        _update(args, against, options, jobs, status)
    return status


def _update(args: argparse.Namespace, against: str, options: Any, jobs: int,
            status: int) -> None:
    """``--update``: store the checked documents if the check passed; say either way."""
    if status != EXIT_OK:
        why = "findings at or above --fail-on" if status == EXIT_FINDINGS else (
            "some input could not be read or checked")
        _say(f"not added to the store {against}: {why} (exit status {status})")
        return
    from quotecheck.pipeline import index

    indexed, unchanged, _skipped = index(args.paths, against, options=options, jobs=jobs)
    _say(f"added {indexed} documents to {against} ({unchanged} already stored, unchanged)")


def _outputs(args: argparse.Namespace, report: Any) -> Any:
    """Baseline applied, then every output written: report, baseline, step summary."""
    whole = report
    if getattr(args, "against", None):
        report = _about_new_documents(report)
    if getattr(args, "baseline", None):
        from quotecheck import baseline

        checked = ({baseline.quote_key(q)[:80] for q in report.quotes
                    if q.document not in _stored(report)}
                   if getattr(args, "against", None) else None)
        report = baseline.apply(report, baseline.load(args.baseline), seen_in=whole,
                                checked_quotes=checked)
    if getattr(args, "write_baseline", None):
        from quotecheck import baseline

        _write(baseline.dumps(baseline.entries(report)), args.write_baseline)
    if args.command == "check" and args.format == "jsonl-dir":
        pass  # written by the Dask engine, partition by partition
    elif args.command == "extract":
        from quotecheck.report import quote_lines

        _write(quote_lines(report), args.output)
    else:
        _write(_rendered(report, args, _options(args)), args.output)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if args.command == "check" and summary_file:
        _append_summary(summary_file, report, _options(args).aliases)
    return report


def _stored(report: Any) -> set[str]:
    return {d.id for d in report.documents if d.from_store}


def _about_new_documents(report: Any) -> Any:
    """With a store: only findings that involve a document checked now count and are
    shown; an old error that lies entirely in the store is not this run's."""
    from dataclasses import replace

    stored = _stored(report)
    return replace(report, findings=tuple(f for f in report.findings
                                          if not set(f.documents) <= stored))


def _append_summary(path: str, report: Any, aliases: Any) -> None:
    from quotecheck.errors import OutputError
    from quotecheck.output.github import step_summary

    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(step_summary(report, aliases=aliases))
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
