"""Read stage: turn paths into documents, or into skipped inputs with a reason.

Files are found in a sorted, deterministic order. Nothing is dropped silently:
every input that is not checked comes out as a ``Skipped`` record.
"""

from __future__ import annotations

import errno
import fnmatch
import io
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from quotecheck import files
from quotecheck.files import shown
from quotecheck.records import Document, Skipped

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl",)
SUPPORTED = TEXT_SUFFIXES + JSONL_SUFFIXES
METADATA_KEYS = ("source", "url", "date", "lang", "title")
_FRONT_MATTER_RE = re.compile(r"\A---\n(.*?\n)---\n", re.DOTALL)
_FRONT_LINE_RE = re.compile(r"^([A-Za-z_]+)\s*:\s*(.*?)\s*$")

Item = Document | Skipped
REPLACEMENT = "\ufffd"
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_ESCAPED_BYTE_RE = re.compile("[\udc80-\udcff]")  # undecodable bytes, surrogate-escaped
MAX_DOCUMENT_BYTES = 10_000_000  # default per-document limit: 10 MB


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode file bytes as UTF-8 (BOM optional) or BOM-marked UTF-16.

    Returns the text and a warning, or raises ``ValueError`` with a one-line
    reason. A UTF-8 file with a few invalid bytes among valid multi-byte
    characters is read with U+FFFD in their place, and a warning. A file with
    no valid multi-byte character is most likely Latin-1 or Windows-125x: it
    is skipped rather than guessed, because those encodings cannot be told
    apart from the bytes and a wrong guess garbles exactly the accented names
    the checker compares. Newlines are normalised to ``\\n`` as
    ``open(newline=None)`` does.
    """
    warning = None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ValueError(f"invalid UTF-16 at byte {exc.start}") from None
    else:
        if b"\x00" in data:
            raise ValueError("not text (contains NUL bytes)")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            text, warning = _mostly_utf8(data, exc.start)
    return text.replace("\r\n", "\n").replace("\r", "\n"), warning


def _mostly_utf8(data: bytes, first_bad: int) -> tuple[str, str]:
    """Text with invalid bytes replaced, if the rest is clearly UTF-8."""
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count(REPLACEMENT) - data.count(REPLACEMENT.encode())
    valid = sum(1 for char in text if char > "\x7f" and char != REPLACEMENT)
    if valid == 0 or bad > valid:
        raise ValueError(
            f"not UTF-8 (byte 0x{data[first_bad]:02x} at offset {first_bad}): probably "
            "Latin-1 or Windows-125x, which quotecheck does not guess; re-encode the "
            "file as UTF-8")
    return text, (f"{bad} invalid UTF-8 byte{'s' if bad > 1 else ''} replaced by U+FFFD "
                  f"(first at byte offset {first_bad})")


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """Metadata from a leading ``---`` block, and where the article body starts."""
    match = _FRONT_MATTER_RE.match(text)
    if not match:
        return {}, 0
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        field = _FRONT_LINE_RE.match(line)
        if field and field.group(1) in METADATA_KEYS:
            meta[field.group(1)] = field.group(2).strip("'\"")
    return meta, match.end()


def wanted(path: Path, include: Sequence[str], exclude: Sequence[str]) -> bool:
    """Whether a file found in a folder is read: it matches an ``include`` glob
    and no ``exclude`` glob (by name, or by path: ``drafts/*``)."""
    name, whole = path.name, path.as_posix()

    def matches(patterns: Sequence[str]) -> bool:
        return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(whole, p)
                   or fnmatch.fnmatch(whole, f"*/{p}") for p in patterns)

    return (not include or matches(include)) and not matches(exclude)


def expand(paths: Iterable[str | os.PathLike[str]], include: Sequence[str] = (),
           exclude: Sequence[str] = ()) -> Iterator[tuple[Path, os.stat_result | None,
                                                        str | None, str]]:
    """Files to read, each with its status, a reason when it must be skipped, and its
    path relative to the folder given (its name, for a file given itself).

    Every file is listed in the order of its path, whatever the order of
    ``paths`` or of the file system, so the report is the same for the same
    corpus. A file reached twice (listed twice, or through a link) is read
    once. Inside folders, links to folders are not followed (a link loop
    cannot recur) and links to files outside the folders given are skipped.
    """
    given = [Path(raw) for raw in paths]
    roots = tuple(os.path.realpath(p) for p in given if p.is_dir())
    found: list[tuple[Path, str | None, str]] = []  # (file, why it cannot be read, relative)
    for path in given:
        info, reason = files.status(path)
        if info is not None and stat.S_ISDIR(info.st_mode):
            found.extend((item, why, item.relative_to(path).as_posix())
                         for item, why in files.walk(path, roots, SUPPORTED)
                         if why is not None or wanted(item, include, exclude))
        else:
            found.append((path, reason, path.name))
    seen: set[tuple[int, int] | str] = set()  # file identities, or paths that fail
    for path, known, relative in sorted(found, key=lambda item: str(item[0])):
        info, reason = (None, known) if known is not None else files.status(path)
        if known is None and reason == files.MISSING:  # it was there a moment ago
            reason = files.VANISHED
        key = (info.st_dev, info.st_ino) if info is not None else os.path.abspath(path)
        if key not in seen:
            seen.add(key)
            yield (path, info, reason if info is None else _file_reason(path, info),
                   shown(relative))


def document_stem(path: Path) -> str:
    return Path(shown(path)).stem


def _file_reason(path: Path, info: os.stat_result) -> str | None:
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    if path.suffix.lower() not in SUPPORTED:
        kinds = ", ".join(SUPPORTED)
        return f"unsupported file type '{path.suffix or '(none)'}' (quotecheck reads {kinds})"
    return None


class DocumentIds:
    """Hands out document ids, unique within a run ("stem", "stem~2", ...)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, wanted: str) -> str:
        candidate, n = wanted, 1
        while candidate in self.used:
            n += 1
            candidate = f"{wanted}~{n}"
        self.used.add(candidate)
        return candidate


def read(paths: Iterable[str | os.PathLike[str]], include: Sequence[str] = (),
         exclude: Sequence[str] = (), *, max_bytes: int = MAX_DOCUMENT_BYTES
         ) -> Iterator[Item]:
    """Documents and skipped inputs from ``paths``, streaming one at a time;
    ``include``/``exclude`` globs filter the files found in folders. A text
    file, or a JSON Lines record, over ``max_bytes`` is skipped with a reason;
    JSON Lines files are read a line at a time, whatever their size."""
    ids = DocumentIds()
    for path, info, reason, relative in expand(paths, include, exclude):
        if reason is not None:
            yield Skipped(ids.take(document_stem(path) or shown(path)), shown(path), reason)
        elif path.suffix.lower() in JSONL_SUFFIXES:
            for item in _read_jsonl(path, info, ids, max_bytes):
                yield replace(item, key=f"{relative}#{item.key}") if isinstance(
                    item, Document) else item
        else:
            item = _read_text(path, info, ids, max_bytes)
            yield replace(item, key=relative) if isinstance(item, Document) else item


def too_large(size: int, limit: int) -> str:
    return (f"larger than the document size limit ({size / 1e6:,.1f} MB > "
            f"{limit / 1e6:,.1f} MB; raise max-document-size to read it)")


def _read_error(exc: OSError) -> str:
    return files.VANISHED if exc.errno == errno.ENOENT else f"cannot read: {exc.strerror}"


def _read_text(path: Path, info: os.stat_result | None, ids: DocumentIds, limit: int) -> Item:
    doc_id = ids.take(document_stem(path))
    try:
        text, warning = decode(files.read_bounded(path, limit, info))
    except files.TooLarge as exc:
        return Skipped(doc_id, shown(path), too_large(exc.args[0], limit))
    except OSError as exc:
        return Skipped(doc_id, shown(path), _read_error(exc))
    except ValueError as exc:
        return Skipped(doc_id, shown(path), str(exc))
    except MemoryError:
        return Skipped(doc_id, shown(path), "out of memory while reading")
    meta, body = front_matter(text)
    if not text[body:].strip():
        return Skipped(doc_id, shown(path), "empty (no text)")
    return Document(
        id=doc_id, text=text, path=shown(path), source=meta.get("source") or doc_id,
        lang=meta.get("lang"), url=meta.get("url"), date=meta.get("date"),
        title=meta.get("title"), text_offset=body, warning=warning,
    )


def _read_jsonl(path: Path, info: os.stat_result | None, ids: DocumentIds, limit: int
                ) -> Iterator[Item]:
    first_line: dict[str, int] = {}
    empty = True
    try:
        for number, line in _lines(path, info, limit):
            if isinstance(line, str) and not line.strip():
                continue
            empty = False
            item = jsonl_item(path, number, line, first_line, limit)
            if isinstance(item, Skipped):
                yield Skipped(ids.take(item.id), item.path, item.reason, item.line)
            else:
                first_line[item.id] = number  # the record's own id: its identity in a store
                yield replace(item, id=ids.take(item.id), key=item.id)
    except OSError as exc:
        yield Skipped(ids.take(document_stem(path)), shown(path), _read_error(exc))
    except ValueError as exc:  # invalid UTF-16: what follows cannot be read
        yield Skipped(ids.take(document_stem(path)), shown(path), str(exc))
    if empty:
        yield Skipped(ids.take(document_stem(path)), shown(path), "empty (no JSON lines)")


def _lines(path: Path, info: os.stat_result | None, limit: int
           ) -> Iterator[tuple[int, str | int]]:
    """Numbered lines of a JSON Lines file, or the length of a line over ``limit``.

    UTF-8 lines keep undecodable bytes as surrogate escapes, for ``decode``
    to judge line by line; a UTF-16 file (with BOM) is decoded strictly.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    with os.fdopen(fd, "rb") as raw:
        found = os.fstat(raw.fileno())
        if not stat.S_ISREG(found.st_mode) or (info is not None and (
                found.st_dev, found.st_ino) != (info.st_dev, info.st_ino)):
            raise OSError(errno.ESTALE, "replaced while being read")
        utf16 = raw.peek(2)[:2] in (b"\xff\xfe", b"\xfe\xff")
        text = io.TextIOWrapper(raw, encoding="utf-16" if utf16 else "utf-8-sig",
                                errors="strict" if utf16 else "surrogateescape", newline="")
        number = 0
        try:
            while line := text.readline(limit + 1):
                number += 1
                if len(line) > limit and not line.endswith(("\n", "\r")):
                    yield number, len(line) + _rest_of_line(text, limit)
                else:
                    yield number, line.rstrip("\r\n")
        except UnicodeDecodeError as exc:
            raise ValueError(f"line {number + 1}: invalid UTF-16 ({exc.reason}); "
                             "the rest of the file is not read") from None


def _rest_of_line(text: io.TextIOWrapper, limit: int) -> int:
    """Skip to the end of an overlong line, in bounded pieces; how much was skipped."""
    skipped = 0
    while piece := text.readline(limit + 1):
        skipped += len(piece)
        if piece.endswith(("\n", "\r")):
            break
    return skipped


def jsonl_item(path: Path, number: int, line: str | int, first: dict[str, int],
                limit: int) -> Item:
    """The record of one line, or why it is skipped (too long, not UTF-8, not JSON)."""
    where = f"{document_stem(path)}:{number}"
    if isinstance(line, int):
        reason = f"line {number}: {too_large(line, limit)}"
        return Skipped(where, shown(path), reason, number)
    warning = None
    if _ESCAPED_BYTE_RE.search(line):  # bytes that are not UTF-8
        try:
            line, warning = decode(line.encode("utf-8", "surrogateescape"))
        except ValueError as exc:
            return Skipped(where, shown(path), f"line {number}: {exc}", number)
    item = _jsonl_record(path, number, line, first)
    if warning and isinstance(item, Document):
        item = replace(item, warning="invalid UTF-8 bytes on this line replaced by U+FFFD")
    return item


def _jsonl_record(path: Path, number: int, line: str, first: dict[str, int]) -> Item:
    where = f"{document_stem(path)}:{number}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return Skipped(where, shown(path), f"line {number}: invalid JSON ({exc.msg})", number)
    except ValueError as exc:  # an integer of more digits than Python converts
        return Skipped(where, shown(path), f"line {number}: invalid JSON ({exc})", number)
    except RecursionError:
        return Skipped(where, shown(path), f"line {number}: invalid JSON (nested too "
                       "deeply)", number)
    if not isinstance(record, dict):
        return Skipped(where, shown(path), f"line {number}: not a JSON object", number)
    bad = [k for k in ("id", "text", *METADATA_KEYS)
           if isinstance(record.get(k), str) and _SURROGATE_RE.search(record[k])]
    if bad:  # a lone "\\ud800" escape: valid JSON, not valid Unicode
        reason = f"line {number}: '{bad[0]}' has an unpaired surrogate (not valid Unicode)"
        return Skipped(where, shown(path), reason, number)
    doc_id, text = record.get("id"), record.get("text")
    if not isinstance(doc_id, str | int) or isinstance(doc_id, bool) or str(doc_id) == "":
        return Skipped(where, shown(path), f"line {number}: missing 'id'", number)
    doc_id = str(doc_id)
    if doc_id in first:
        reason = f"line {number}: duplicate id '{doc_id}' (first on line {first[doc_id]})"
        return Skipped(where, shown(path), reason, number)
    if not isinstance(text, str):
        what = "missing 'text'" if text is None else "'text' is not a string"
        return Skipped(doc_id, shown(path), f"line {number}: {what}", number)
    if not text.strip():
        return Skipped(doc_id, shown(path), f"line {number}: empty text", number)
    meta = {k: str(record[k]) for k in METADATA_KEYS if isinstance(record.get(k), str | int)}
    return Document(
        id=doc_id, text=text, path=shown(path), source=meta.get("source") or doc_id,
        lang=meta.get("lang"), url=meta.get("url"), date=meta.get("date"),
        title=meta.get("title"), line=number,
    )
