"""Reading and writing a person's files safely: ordinary files only, bounded, whole or not at all.

* :func:`read_bytes` opens without waiting (a FIFO cannot hang it), checks on the open file
  that it is an ordinary file (not a folder, a device such as ``/dev/zero``, a pipe or a
  socket), and reads at most the size limit plus one byte, so a huge or endless file is
  refused without being read.
* :func:`write_bytes` writes to a temporary file in the same folder and renames it into
  place, so a write that fails half-way leaves any old file as it was; an existing file
  (or a link of that name) is refused unless ``replace`` is true, and a link is replaced,
  never followed.
* :func:`entry_problem` says why an entry of a folder cannot be read (a broken link, a
  pipe), for listings that show such entries instead of failing.

Example
-------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = write_bytes(folder / "a.txt", b"hello")
>>> read_bytes(path, limit=10)
b'hello'
>>> read_bytes(path, limit=3)
Traceback (most recent call last):
...
guidance.core.safe_files.FileRefused: a.txt: the file is larger than 3 bytes.
>>> write_bytes(path, b"again")
Traceback (most recent call last):
...
guidance.core.safe_files.FileRefused: a.txt: a file of that name exists already.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

__all__ = ["FileRefused", "read_bytes", "write_bytes", "entry_problem"]

_CHUNK = 1 << 20


class FileRefused(ValueError):
    """A file that is not read or written; the message starts with its name.

    ``reason`` is the message without the name; ``too_large`` is true when the only
    problem is the file's size.
    """

    def __init__(self, name: str, reason: str, too_large: bool = False):
        super().__init__(f"{name}: {reason}")
        self.reason = reason
        self.too_large = too_large


def _kind(mode: int) -> str:
    """An entry that is not an ordinary file, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not an ordinary file"


def _path(path: str | os.PathLike) -> Path:
    if isinstance(path, bool) or not isinstance(path, (str, os.PathLike)) or not str(path):
        raise TypeError(f"path must be a file path; got {path!r}")
    return Path(path)


def entry_problem(path: str | os.PathLike) -> str:
    """Why the entry at ``path`` cannot be read as a file ("" if it can be tried).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / "gone.json").symlink_to(folder / "nowhere")
    >>> entry_problem(folder / "gone.json")
    'a link to a file that does not exist'
    >>> entry_problem(folder)
    'it is a folder, not an ordinary file'
    """
    path = _path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        return "a link to a file that does not exist" if path.is_symlink() else "no such file"
    except OSError as error:
        return f"it cannot be read ({error.strerror or error})"
    if not stat.S_ISREG(info.st_mode):
        kind = _kind(info.st_mode)
        return f"it is {kind}, not an ordinary file" if kind.startswith("a ") else kind
    return ""


def read_bytes(path: str | os.PathLike, limit: int) -> bytes:
    """The bytes of the ordinary file at ``path``, at most ``limit`` of them.

    The file is opened without blocking and checked on the open file descriptor (so a
    file swapped for a pipe or device between a check and the open is still refused);
    at most ``limit + 1`` bytes are read, whatever the file claims its size is.

    Raises
    ------
    FileRefused
        Missing, not an ordinary file, unreadable, or larger than ``limit`` bytes.
    """
    path = _path(path)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise ValueError(f"limit must be a whole number of bytes, 0 or more; got {limit!r}")
    name = path.name or str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags)
    except FileNotFoundError:
        why = "it links to a file that does not exist" if path.is_symlink() else "no file found"
        raise FileRefused(name, f"cannot read the file ({why}).") from None
    except OSError as error:
        raise FileRefused(name, f"cannot read the file ({error.strerror or error}).") from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            kind = _kind(info.st_mode)
            raise FileRefused(
                name,
                f"{kind if kind.startswith('a ') else 'this'} is not an "
                "ordinary file; choose a saved file.",
            )
        if info.st_size > limit:
            raise FileRefused(name, f"the file is larger than {limit:,} bytes.", too_large=True)
        chunks, size = [], 0
        while size <= limit:
            try:
                chunk = os.read(handle, min(_CHUNK, limit + 1 - size))
            except OSError as error:
                raise FileRefused(
                    name, f"cannot read the file ({error.strerror or error})."
                ) from None
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise FileRefused(name, f"the file is larger than {limit:,} bytes.", too_large=True)
        return b"".join(chunks)
    finally:
        os.close(handle)


def write_bytes(path: str | os.PathLike, data: bytes, replace: bool = False) -> Path:
    """Write ``data`` to ``path`` whole or not at all; returns the path.

    The bytes go to a temporary file in the same folder (created with the usual
    permissions), are flushed to disk, and the file is then renamed into place.

    Parameters
    ----------
    replace : bool
        Replace a file (or a link) already at ``path``. Without it an existing name is
        refused. A link is replaced by the new file; the file it pointed to is untouched.

    Raises
    ------
    FileRefused
        The name exists (and ``replace`` is false), or it is a folder or device.
    OSError
        The folder cannot be written.
    """
    path = _path(path)
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"data must be bytes; got {type(data).__name__}")
    name = path.name or str(path)
    if os.path.lexists(path):
        if not replace:
            raise FileRefused(name, "a file of that name exists already.")
        mode = path.lstat().st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
            raise FileRefused(name, f"{_kind(mode)} has that name; it is never replaced.")
    folder = path.parent
    temporary = folder / f".{name}.{secrets.token_hex(6)}.tmp"
    handle = os.open(
        temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if replace:
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)  # never overwrites, even a name taken meanwhile
            except FileExistsError:
                raise FileRefused(name, "a file of that name exists already.") from None
            except OSError:  # a file system without hard links
                if os.path.lexists(path):
                    raise FileRefused(name, "a file of that name exists already.") from None
                os.rename(temporary, path)
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)
    return path
