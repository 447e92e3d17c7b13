"""Finding and opening input files without trusting them.

Corpora are written by anyone and quotecheck often runs as root, so:

- inside a folder, a symbolic link is followed only when it ends inside one of
  the folders the user gave (a link to ``~/.docker/config.json`` or
  ``/proc/kmsg`` is skipped with a reason);
- folders are walked without recursion, at most ``MAX_DEPTH`` levels deep;
- every read is bounded: files are opened without blocking, must still be the
  regular file that was looked at, and are read up to a byte limit;
- small files named by options or configuration (aliases, baseline,
  pyproject.toml) must be regular files under ``SMALL_FILE_LIMIT``.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from quotecheck.errors import InputError

MAX_DEPTH = 100  # folder levels below a root that are read
SMALL_FILE_LIMIT = 16 * 1024 * 1024  # bytes of an aliases, baseline or configuration file
MISSING = "no such file or directory"
VANISHED = "vanished before it could be read"


class TooLarge(Exception):
    """A file over the byte limit: the caller names the limit in its reason."""


def shown(path: Path | str) -> str:
    """``path`` as text that can always be printed (undecodable bytes become U+FFFD)."""
    return os.fsencode(path).decode("utf-8", "replace")


def status(path: Path) -> tuple[os.stat_result | None, str | None]:
    """The status of ``path`` (links followed), or why there is none."""
    try:
        return path.stat(), None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, "symbolic link loop"
        if exc.errno == errno.ENOENT:
            return None, "broken symbolic link" if path.is_symlink() else MISSING
        return None, f"cannot read: {exc.strerror}"


def walk(root: Path, roots: tuple[str, ...], suffixes: tuple[str, ...]
         ) -> Iterator[tuple[Path, str | None]]:
    """Files under ``root`` with a wanted suffix, each with a reason to skip it or None.

    Dot-files and dot-folders are left out; links to folders are not followed
    (a link loop cannot recur); a link to a file must end inside ``roots``
    (real paths of the folders given).
    """
    stack: list[tuple[Path, int]] = [(root, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            yield Path(exc.filename or folder), f"cannot read folder: {exc.strerror}"
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(folder) / entry.name
            if entry.is_dir(follow_symlinks=False):
                if depth + 1 > MAX_DEPTH:
                    yield path, f"folder nested deeper than {MAX_DEPTH} levels: not read"
                else:
                    stack.append((path, depth + 1))
            elif Path(entry.name).suffix.lower() in suffixes:
                yield path, _outside(path, roots) if entry.is_symlink() else None


def _outside(link: Path, roots: tuple[str, ...]) -> str | None:
    """Why a link found in a folder is not followed, or None when it stays inside."""
    try:
        real = os.path.realpath(link, strict=True)
    except OSError:
        return None  # broken or looping: reported as such when it is looked at
    if any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots):
        return None
    return "symbolic link to a file outside the folders given: not followed"


def read_bounded(path: Path, limit: int, expected: os.stat_result | None = None) -> bytes:
    """The bytes of a regular file, at most ``limit`` (else ``TooLarge``).

    Opened without blocking (a FIFO or ``/proc/kmsg`` cannot hang the run)
    and checked again once open: it must be a regular file and, when
    ``expected`` is given, the very file that was looked at before.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        if expected is not None and (info.st_dev, info.st_ino) != (
                expected.st_dev, expected.st_ino):
            raise OSError(errno.ESTALE, "replaced while being read")
        if info.st_size > limit:
            raise TooLarge(info.st_size)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(len(data))
    return data


def read_small(path: str | Path, what: str, limit: int = SMALL_FILE_LIMIT) -> str:
    """A small UTF-8 file named by an option or configuration (``what``: "aliases file")."""
    try:
        data = read_bounded(Path(path), limit)
    except TooLarge:
        raise InputError(f"cannot read {what} {shown(path)}: larger than "
                         f"{limit // (1024 * 1024)} MB") from None
    except OSError as exc:
        raise InputError(f"cannot read {what} {shown(path)}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read {what} {shown(path)}: not UTF-8 (byte offset "
                         f"{exc.start})") from None
