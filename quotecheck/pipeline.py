"""The pipeline: read → find quotes → attribute → (match → findings) → report.

``check`` is the library entry point; the CLI only parses options, calls it and
renders the ``Report``. Documents stream through one at a time: only their
quotes are kept.
"""

from __future__ import annotations

import collections
import gc
import hashlib
import itertools
import os
import signal
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from quotecheck import language, lexicon
from quotecheck.backends import Backend, get_backend
from quotecheck.errors import ModelMissing, QuotecheckError, describe_bug
from quotecheck.extract import Extracted, extract_all
from quotecheck.findings import Corpus, find
from quotecheck.matching import DEFAULT as DEFAULT_THRESHOLDS
from quotecheck.matching import Thresholds, match
from quotecheck.names import Aliases
from quotecheck.progress import Progress
from quotecheck.reading import MAX_DOCUMENT_BYTES, Item, read
from quotecheck.records import (
    Document,
    DocumentResult,
    Keyed,
    PersonName,
    Quote,
    Report,
    Skipped,
)

if TYPE_CHECKING:
    from quotecheck.store import Stored


@dataclass(frozen=True, slots=True)
class Options:
    lang: str | None = None  # force one language for every document
    backend: str = "auto"
    default_lang: str = "en"
    aliases: Aliases | None = None
    thresholds: Thresholds = DEFAULT_THRESHOLDS  # matching scores
    include: tuple[str, ...] = ()  # globs of files read from folders (empty: all supported)
    exclude: tuple[str, ...] = ()
    max_document_bytes: int = MAX_DOCUMENT_BYTES  # a larger file or JSONL line is skipped


def check(paths: Iterable[str | os.PathLike[str]], *, options: Options | None = None,
          jobs: int = 1, progress: Progress | None = None,
          against: str | os.PathLike[str] | None = None) -> Report:
    """Read ``paths`` (files, folders, JSON Lines) and return the report.

    ``jobs`` worker processes check documents in parallel (1: in this
    process); the report is the same whatever their number. ``against`` names
    a reference store: the documents are matched with its quotes too, and the
    stored documents that findings or clusters involve join the report.
    """
    options = options or Options()
    progress = progress or Progress()
    results: list[DocumentResult] = []
    quotes: list[Quote] = []
    keyed: list[Keyed] = []
    people: list[PersonName] = []
    try:
        items = read(paths, options.include, options.exclude,
                     max_bytes=options.max_document_bytes)
        for count, (result, found) in enumerate(checked(items, options, jobs), 1):
            results.append(result)
            quotes.extend(found.quotes)
            keyed.extend(found.keyed)
            people.extend(found.people)
            progress.documents(1, len(found.quotes))
            if count % FREEZE_EVERY == 0:
                # What is kept is acyclic and stays to the end: moving it out of
                # the collector's reach saves a fifth of the time at 30k articles.
                gc.freeze()
        if against is None:
            return assemble(results, quotes, keyed, people, options, progress)
        return _against(against, results, quotes, keyed, people, options, progress)
    finally:
        gc.unfreeze()


def _against(path: str | os.PathLike[str], results: list[DocumentResult], quotes: list[Quote],
             keyed: list[Keyed], people: list[PersonName], options: Options,
             progress: Progress) -> Report:
    """The report of new documents checked with the stored ones they touch."""
    from quotecheck.store import Store

    progress.phase("reading the store")
    with Store(path, read_only=True) as store:
        stored = store.candidates([k.key for k in keyed],
                                  exclude={r.key or r.id for r in results})
    stored = _distinct(stored, {r.id for r in results})
    documents = [replace(d, from_store=True) for d in stored.documents]
    report = assemble(results + documents, quotes + stored.quotes, keyed + stored.keyed,
                      people + stored.people, options, progress)
    old_quotes = {q.id for q in stored.quotes}
    involved = ({q for c in report.clusters for q in c.quotes}
                | {q for f in report.findings for q in f.quotes})
    kept = [q for q in report.quotes if q.id not in old_quotes or q.id in involved]
    named = {q.document for q in kept} | {d for f in report.findings for d in f.documents}
    return replace(report, quotes=tuple(kept), documents=tuple(
        d for d in report.documents if not d.from_store or d.id in named))


def _distinct(stored: Stored, taken: set[str]) -> Stored:
    """Stored documents renamed where their id is one of this run's (``today/a.txt``
    and the stored ``archive/jan/a.txt`` are both "a"): ids stay unique in a report."""
    renamed: dict[str, str] = {}
    for document in stored.documents:
        new, n = document.id, 1
        while new in taken:
            n += 1
            new = f"{document.id}~{n}"
        taken.add(new)
        if new != document.id:
            renamed[document.id] = new
    if not renamed:
        return stored

    def moved(quote: Quote) -> Quote:
        doc = renamed.get(quote.document)
        return quote if doc is None else replace(
            quote, id=doc + quote.id[len(quote.document):], document=doc)

    from quotecheck.store import Stored

    return Stored([moved(q) for q in stored.quotes],
                  [Keyed(moved(k.quote), k.key, k.spans) for k in stored.keyed],
                  [replace(d, id=renamed.get(d.id, d.id)) for d in stored.documents],
                  [replace(p, document=renamed.get(p.document, p.document))
                   for p in stored.people])


def settings(options: Options) -> str:
    """What a stored result depends on besides its text: options and lexicons."""
    digest = hashlib.sha256()
    for code in lexicon.available():
        digest.update(lexicon.source_bytes(code))
    return f"lang={options.lang};backend={options.backend};lexicons={digest.hexdigest()[:16]}"


def index(paths: Iterable[str | os.PathLike[str]], store_path: str | os.PathLike[str], *,
          options: Options | None = None, jobs: int = 1,
          progress: Progress | None = None) -> tuple[int, int, list[DocumentResult]]:
    """Add documents to a reference store: (indexed, unchanged, skipped results).

    A document whose text, tool version and settings are unchanged since it
    was stored is not read again; a changed one replaces its stored quotes.
    """
    from quotecheck.store import Store, content_hash, stamp

    options = options or Options()
    progress = progress or Progress()
    config = settings(options)
    unchanged = 0
    skipped: list[DocumentResult] = []
    with Store(store_path) as store:
        hashes: dict[str, str] = {}  # document id -> hash of its text
        known = store.versions()  # identity -> (hash, stamp)
        current = stamp(config)

        def needed(items: Iterable[Item]) -> Iterator[Item]:
            nonlocal unchanged
            for item in items:
                if isinstance(item, Document):
                    hashes[item.id] = content_hash(item.text)
                    if known.get(item.key or item.id) == (hashes[item.id], current):
                        unchanged += 1
                        continue
                yield item

        indexed = 0
        pending: list[tuple[DocumentResult, str, list[Keyed], list[PersonName]]] = []
        items = needed(read(paths, options.include, options.exclude,
                             max_bytes=options.max_document_bytes))
        for result, found in checked(items, options, jobs, parent_checks=False):
            progress.documents(1, len(found.quotes))
            text_hash = hashes.pop(result.id, "")
            if result.status == "skipped":
                skipped.append(result)
                continue
            pending.append((result, text_hash, found.keyed, found.people))
            if len(pending) >= BATCH_DOCS * 4:
                indexed += store.put(pending, config)
                pending = []
        indexed += store.put(pending, config)
    return indexed, unchanged, skipped


FREEZE_EVERY = 256  # documents

# Documents go to worker processes in batches of about this much text, and at
# most this many batches per worker are in flight: memory holds a few batches
# of article text, never the corpus.
BATCH_CHARS = 200_000
BATCH_DOCS = 64
IN_FLIGHT = 3


def checked(items: Iterable[Item], options: Options, jobs: int = 1, *,
            parent_checks: bool = True) -> Iterator[tuple[DocumentResult, Extracted]]:
    """Each item checked (or its skip recorded), in input order.

    With ``jobs`` > 1 this process and ``jobs - 1`` workers share the batches
    (every ``jobs``-th batch is checked here, between reading and collecting),
    so ``jobs`` processes are busy, not ``jobs`` workers beside a busy parent.
    ``parent_checks=False`` leaves all batches to ``jobs`` workers, for a
    parent with work of its own (writing the store).
    """
    pending_batches = batches(items)
    first = next(pending_batches, [])
    rest = next(pending_batches, None)
    backend = get_backend(options.backend)  # an unusable one fails here, not in workers
    if jobs <= 1 or rest is None:  # one batch: starting workers would cost more
        for batch in itertools.chain([first], [rest] if rest else [], pending_batches):
            yield from _check_batch(batch, backend, options)
        return
    from quotecheck.workers import Pool

    workers = jobs - 1 if parent_checks else jobs
    pool: Pool[list[Item], list[tuple[DocumentResult, Extracted]]] = Pool(
        workers, _worker_batch, _init_worker, (options,))
    try:
        pending: collections.deque[Any] = collections.deque()
        for number, batch in enumerate(itertools.chain([first, rest], pending_batches)):
            if parent_checks and number % jobs == jobs - 1:
                pending.append(_check_batch(batch, backend, options))
            else:
                pending.append(pool.submit(batch))
            while pending and (isinstance(pending[0], list) or pending[0].done()
                               or len(pending) >= jobs * IN_FLIGHT):
                entry = pending.popleft()
                yield from entry if isinstance(entry, list) else pool.result(entry, _lost)
        while pending:
            entry = pending.popleft()
            yield from entry if isinstance(entry, list) else pool.result(entry, _lost)
    finally:
        pool.stop()


WORKER_DIED = ("a worker process died while checking this batch, twice (killed, or out "
               "of memory); not checked")


def _lost(batch: list[Item]) -> list[tuple[DocumentResult, Extracted]]:
    """A batch no worker could check: every document skipped with the reason."""
    lost: list[Item] = [Skipped(i.id, i.path, WORKER_DIED, i.line)
                        if isinstance(i, Document) else i for i in batch]
    return _check_batch(lost, get_backend("builtin"), Options())


def batches(items: Iterable[Item], chars: int | None = None, docs: int | None = None
            ) -> Iterator[list[Item]]:
    """Items in batches of at most ``docs`` documents or about ``chars`` of text
    (default: ``BATCH_DOCS`` and ``BATCH_CHARS``, read at each call)."""
    chars = BATCH_CHARS if chars is None else chars
    docs = BATCH_DOCS if docs is None else docs
    batch: list[Item] = []
    size = 0
    for item in items:
        batch.append(item)
        size += len(item.text) if isinstance(item, Document) else 0
        if size >= chars or len(batch) >= docs:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _check_batch(batch: list[Item], backend: Backend, options: Options
                 ) -> list[tuple[DocumentResult, Extracted]]:
    done: list[tuple[DocumentResult, Extracted]] = []
    for item in batch:
        if isinstance(item, Skipped):
            done.append((DocumentResult(item.id, item.path, item.id, None, "skipped",
                                        item.reason, item.line), Extracted([], [], [])))
        else:
            done.append(check_document(item, backend=backend, options=options))
    return done


_WORKER: tuple[Backend, Options] | None = None


def _init_worker(options: Options) -> None:
    """A worker process: Ctrl-C is the parent's to handle, SIGTERM ends it quietly
    (the parent's handler is not inherited); one backend, reused."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER = (get_backend(options.backend), options)


def _worker_batch(batch: list[Item]) -> list[tuple[DocumentResult, Extracted]]:
    assert _WORKER is not None, "worker not initialised"
    return _check_batch(batch, *_WORKER)


def assemble(results: list[DocumentResult], quotes: list[Quote], keyed: list[Keyed],
             people: list[PersonName], options: Options,
             progress: Progress | None = None) -> Report:
    """Match quotes across documents and run the rules over the whole corpus."""
    progress = progress or Progress()
    progress.phase("matching")
    clusters = match(keyed, options.thresholds)
    progress.phase("findings")
    corpus = Corpus(
        quotes={q.id: q for q in quotes}, keyed={k.quote.id: k for k in keyed},
        clusters=clusters, people=people,
        sources={d.id: d.source for d in results},
        negations={code: frozenset(" ".join(p) for p in lexicon.load(code).negations)
                   for code in {q.lang for q in quotes} if code in lexicon.available()},
        aliases=options.aliases or Aliases(),
    )
    return Report(documents=tuple(results), quotes=tuple(quotes), clusters=tuple(clusters),
                  findings=tuple(find(corpus)), people=tuple(people))


def check_document(document: Document, *, backend: Backend, options: Options
                   ) -> tuple[DocumentResult, Extracted]:
    """Quotes of one document; a failure skips it with the reason, never the run."""
    base = DocumentResult(document.id, document.path, document.source, options.lang,
                          "checked", None, document.line, backend.name, document.warning,
                          document.text_offset, key=document.key)
    try:
        lang = options.lang or document.lang or language.detect(
            document.text[document.text_offset :], default=options.default_lang)
        base = replace(base, lang=lang)
        lex = lexicon.load(lang)
        found = extract_all(document, lex, backend)
        return replace(base, backend=found.backend or base.backend), found
    except ModelMissing:
        raise  # the user asked for a backend that cannot run: stop, do not skip all
    except QuotecheckError as exc:
        return _skipped(base, str(exc)), Extracted([], [], [])
    except MemoryError:
        reason = (f"out of memory while checking ({len(document.text):,} characters); "
                  "lower max-document-size or --jobs")
        return _skipped(base, reason), Extracted([], [], [])
    except RecursionError:
        return _skipped(base, "structure nested too deeply to check"), Extracted([], [], [])
    except Exception as exc:  # a bug in quotecheck: keep checking the rest
        return _skipped(base, describe_bug(exc)), Extracted([], [], [])


def _skipped(base: DocumentResult, reason: str) -> DocumentResult:
    return DocumentResult(base.id, base.path, base.source, base.lang, "skipped", reason,
                          base.line, base.backend, base.warning, base.text_offset,
                          key=base.key)
