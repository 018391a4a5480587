"""Reading inputs safely: a file or stdin, gzip or not, never more than a limit.

    >>> data = read_input("page.html.gz", DEFAULT_MAX_BYTES)   # inflated bytes

Gzip data is recognised by its magic bytes (not the file name) and inflated as
a stream, so the size limit holds for the inflated size too: a gzip bomb stops
at ``max_bytes`` instead of filling memory.
"""

from __future__ import annotations

import io
import os
import sys
from typing import BinaryIO

#: The default limit on an input's size, compressed and inflated: 64 MiB.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

#: The first bytes of gzip data.
GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20


class InputError(Exception):
    """An input that cannot be read; ``str()`` is one line naming the input."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{display_name(path)}: {message}")
        self.path = path
        self.message = message


def display_name(path: str) -> str:
    """How messages name an input: ``"<stdin>"`` for ``"-"``, else the path as given."""
    return "<stdin>" if path == "-" else path


def read_input(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of ``path`` (``"-"`` is stdin), gunzipped if they are gzip data.

    Raises :class:`InputError` when the input is missing, unreadable, empty
    (0 bytes, or nothing once inflated), not valid gzip data, or larger than
    ``max_bytes`` before or after inflating. Reading stdin from a terminal
    first prints a hint on stderr (the user may not know it is waiting).
    """
    if path == "-":
        stdin = getattr(sys.stdin, "buffer", None)
        if stdin is None:
            raise InputError(path, "no standard input")
        if _isatty(sys.stdin):
            sys.stderr.write(STDIN_HINT + "\n")
            sys.stderr.flush()
        raw = _read_limited(stdin, max_bytes, path)
    else:
        with open_input(path) as f:
            try:
                raw = _read_limited(f, max_bytes, path)
            except OSError as e:
                raise _input_error(path, e) from None
    data = inflate(raw, max_bytes, path)
    if not data:
        raise InputError(path, "empty input (0 bytes)" if not raw else "empty input (nothing once inflated)")
    return data


#: What ``extract`` says when it waits for a page typed on a terminal.
STDIN_HINT = (
    "newsclean: reading a page from standard input (end it with Ctrl-D);"
    " give a FILE or a URL instead, or see: newsclean extract --help"
)


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no stream, or a closed one
        return False


def inflate(raw: bytes, max_bytes: int, path: str) -> bytes:
    """``raw`` itself, or gunzipped if it is gzip data; never more than ``max_bytes`` inflated.

    Raises :class:`InputError` naming ``path`` when the gzip data is invalid or
    inflates past the limit.
    """
    if not raw.startswith(GZIP_MAGIC):
        return raw
    import gzip  # here, not at the top: most inputs are not gzipped, and it costs start-up ~2 ms
    import zlib

    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as inflated:
            return _read_limited(inflated, max_bytes, path, " when inflated")
    except (OSError, EOFError, zlib.error):  # gzip.BadGzipFile is an OSError
        raise InputError(path, "not valid gzip data") from None


def open_input(path: str) -> BinaryIO:
    """The regular file ``path`` opened for reading bytes; :class:`InputError` if it cannot be.

    Only regular files are read: a FIFO (``mkfifo page.html``) would block the open, or the
    first read, until some other process wrote to it, and a device (``/dev/zero``) never ends.
    The file is opened without blocking and checked on the open descriptor, so what is read
    is what was checked. Pipe such a stream to standard input instead (``-``).
    """
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as e:
        raise _input_error(path, e) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(path, "is a directory (for a folder, use: newsclean batch DIR OUT_DIR)")
        if not stat.S_ISREG(mode):
            raise InputError(path, f"not a regular file ({_file_kind(mode)}); pipe it to standard input instead")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _file_kind(mode: int) -> str:
    import stat

    for test, kind in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return kind
    return "not a file"


def _input_error(path: str, e: OSError) -> InputError:
    """The one-line :class:`InputError` for an ``OSError`` met opening or reading ``path``."""
    if isinstance(e, FileNotFoundError):
        return InputError(path, "no such file")
    if isinstance(e, IsADirectoryError):
        return InputError(path, "is a directory (for a folder, use: newsclean batch DIR OUT_DIR)")
    if isinstance(e, PermissionError):
        return InputError(path, "permission denied")
    return InputError(path, (e.strerror or str(e)).lower())


def _read_limited(stream: BinaryIO | io.BufferedIOBase, max_bytes: int, path: str, qualifier: str = "") -> bytes:
    """Read ``stream`` to its end in chunks, failing as soon as it passes ``max_bytes``.

    The chunks go into one growing buffer whose bytes are returned without a copy (a list of
    chunks joined at the end held the page twice: 128 MB at the 64 MiB default)."""
    buf, size = io.BytesIO(), 0
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            return buf.getvalue()
        size += len(chunk)
        if size > max_bytes:
            raise InputError(path, f"larger than {max_bytes} bytes{qualifier} (--max-bytes)")
        buf.write(chunk)
