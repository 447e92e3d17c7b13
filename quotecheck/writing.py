"""Writing a report to a file the user named, without harming anything else.

quotecheck often runs as root, where a rename replaces anything, so the target
decides how it is written:

- a missing file or a regular file: a temporary file beside it, then a rename
  (a reader never sees half a report; an interrupted run leaves the old one);
  a file with no write permission for anyone (0444) is refused, as it would
  be for a user who is not root;
- anything else (``/dev/null``, ``/dev/full``, a FIFO, a terminal, a socket):
  written in place, never replaced; a FIFO with no reader is an error, not a wait;
- a symbolic link is written through when it ends at something that is not a
  regular file (``/dev/stdout`` -> a pipe or a terminal), and refused when it
  ends at a regular file or nowhere: replacing the link, or writing into a file
  the link points to, would change a file the user did not name.

Every failure is an ``OutputError`` with one line naming the file and the cause.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from quotecheck.errors import OutputError


def write(path: str, pieces: Iterable[str]) -> None:
    """Write ``pieces`` (one report) to ``path``, the way its file type allows."""
    if path == "":
        raise OutputError("cannot write to '': the file name is empty")
    target = Path(path)
    try:
        info: os.stat_result | None = target.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _error(path, exc) from None
    if info is not None and stat.S_ISLNK(info.st_mode):
        info = _through_link(path)
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"cannot write {path}: it is a folder")
    if info is None or stat.S_ISREG(info.st_mode):
        _replace(target, info, pieces)
    else:
        _in_place(path, pieces)


def _through_link(path: str) -> os.stat_result:
    try:
        info = os.stat(path)
    except OSError:
        raise OutputError(f"refusing to write {path}: a symbolic link that leads "
                          "nowhere (write to the real path instead)") from None
    if stat.S_ISREG(info.st_mode):
        raise OutputError(f"refusing to write {path}: a symbolic link to a regular file "
                          f"({os.path.realpath(path)}); write to the real path instead")
    return info


def _replace(target: Path, info: os.stat_result | None, pieces: Iterable[str]) -> None:
    if info is not None and not info.st_mode & 0o222:
        raise OutputError(f"refusing to replace {target}: it is read-only (mode "
                          f"{stat.filemode(info.st_mode)})")
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    except OSError as exc:
        raise _error(str(target), exc) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as handle:
            handle.writelines(pieces)
        os.chmod(tmp, info.st_mode & 0o777 if info else _new_file_mode())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _error(str(target), exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _in_place(path: str, pieces: Iterable[str]) -> None:
    """A device, FIFO or socket: opened for writing as it is, never created or replaced."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OutputError(f"cannot write {path}: a FIFO that no process is reading"
                              ) from None
        raise _error(path, exc) from None
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for a file since we looked
            raise OutputError(f"cannot write {path}: it changed while being opened")
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as handle:
            fd = -1
            handle.writelines(pieces)
    except OSError as exc:
        raise _error(path, exc) from None
    finally:
        if fd >= 0:
            os.close(fd)


def _new_file_mode() -> int:
    """The usual permissions of a new file: 0666 less the umask (a report is not secret)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _error(path: str, exc: OSError) -> OutputError:
    return OutputError(f"cannot write {path}: {exc.strerror or exc}")
