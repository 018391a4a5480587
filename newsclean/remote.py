"""Batch inputs and outputs at fsspec URLs (``s3://bucket/crawl``, ``gs://...``, ``memory://...``).

    >>> is_remote("s3://bucket/crawl/a.warc.gz"), is_remote("pages/a.html")
    (True, False)

A batch's IN_DIR, OUT_DIR and the entries of an ``--inputs`` list may be URLs
of any filesystem fsspec knows. fsspec (and s3fs for ``s3://``) come with
``pip install 'newsclean[dask]'`` and are imported only when a URL needs them;
without them such a URL is a one-line error naming what to install.

Object stores have no rename: an output is written to a local temp file and
uploaded in one piece when it closes (:func:`upload_on_close`), so a reader
never sees a partial object, and a failed or killed write uploads nothing.
``http://`` and ``https://`` are not remote folders here: ``extract`` fetches
such a page itself (:mod:`newsclean.fetch`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from .read import InputError, inflate

#: What to install when fsspec or a filesystem's package (s3fs...) is missing.
INSTALL_HINT = "pip install 'newsclean[dask]'"


class RemoteError(Exception):
    """A URL that cannot be used: its filesystem's package is missing, or it is not known (one line)."""


def is_remote(path: str) -> bool:
    """A URL of a filesystem other than this machine's (``s3://``, ``gs://``, ``memory://``...)."""
    scheme, sep, _rest = path.partition("://")
    return bool(sep) and scheme.isidentifier() and scheme.lower() not in ("file", "http", "https")


def filesystem(url: str) -> tuple[Any, str]:
    """(fsspec filesystem, path within it) of ``url``; :class:`RemoteError` when it cannot be had."""
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        raise RemoteError(
            f"{url}: reading or writing a URL needs fsspec, which is not installed: {INSTALL_HINT}"
        ) from None
    try:
        return url_to_fs(url)
    except ImportError as e:  # e.g. s3fs for s3://
        raise RemoteError(f"{url}: needs a package that is not installed ({e}): {INSTALL_HINT}") from None
    except ValueError as e:  # an unknown protocol
        raise RemoteError(f"{url}: {e}") from None


def join(base: str, rel: str) -> str:
    """``base/rel`` for a URL (always ``/``, whatever the platform)."""
    return base.rstrip("/") + "/" + rel.replace(os.sep, "/")


def walk(url: str) -> list[str]:
    """Every file under the folder ``url``, as sorted paths relative to it (``/``-separated)."""
    fs, root = filesystem(url)
    root = root.rstrip("/")
    found = []
    for path in fs.find(root):
        rel = path[len(root) :].lstrip("/")
        if rel:
            found.append(rel)
    return sorted(found)


def is_dir(url: str) -> bool:
    fs, path = filesystem(url)
    return bool(fs.isdir(path))


def exists(url: str) -> bool:
    fs, path = filesystem(url)
    return bool(fs.exists(path))


def is_empty_dir(url: str) -> bool:
    """Nothing under ``url`` (a prefix of an object store with no object is empty too)."""
    fs, path = filesystem(url)
    return not fs.exists(path) or not fs.find(path.rstrip("/"), maxdepth=1)


def stat(url: str) -> tuple[int, int]:
    """(size, mtime in ns) of the object ``url``: what the manifest compares; OSError when missing."""
    fs, path = filesystem(url)
    try:
        info = fs.info(path)
    except FileNotFoundError:
        raise
    except Exception as e:  # a store's own error types
        raise OSError(f"cannot read: {e}") from None
    if info.get("type") == "directory":
        raise IsADirectoryError(f"{url}: is a directory")
    try:
        modified = fs.modified(path).timestamp()
    except (NotImplementedError, AttributeError, OSError, ValueError):
        modified = info.get("mtime") or 0.0
    return int(info.get("size") or 0), int(float(modified) * 1e9)


@contextmanager
def open_read(url: str) -> Iterator[Any]:  # a buffered binary file (peek, read)
    """The object ``url`` opened for reading; :class:`InputError` naming it if it cannot be."""
    import io

    try:
        fs, path = filesystem(url)
        f = fs.open(path, "rb")
    except RemoteError as e:
        raise InputError(url, str(e).split(": ", 1)[-1]) from None
    except FileNotFoundError:
        raise InputError(url, "no such file or directory") from None
    except Exception as e:
        raise InputError(url, f"cannot read: {type(e).__name__}: {e}") from None
    with f:
        yield f if hasattr(f, "peek") else io.BufferedReader(f)


def read(url: str, max_bytes: int) -> bytes:
    """The bytes of the object ``url``, gunzipped, as :func:`newsclean.read.read_input` gives a file's."""
    with open_read(url) as f:
        try:
            raw = f.read(max_bytes + 1)
        except Exception as e:
            raise InputError(url, f"cannot read: {type(e).__name__}: {e}") from None
    if len(raw) > max_bytes:
        raise InputError(url, f"larger than {max_bytes} bytes (--max-bytes)")
    data = inflate(raw, max_bytes, url)
    if not data:
        raise InputError(url, "empty input (0 bytes)" if not raw else "empty input (nothing once inflated)")
    return data


def read_all(url: str) -> bytes | None:
    """The whole object ``url``, or None when there is none (the manifest)."""
    fs, path = filesystem(url)
    try:
        return bytes(fs.cat_file(path))
    except FileNotFoundError:
        return None


@contextmanager
def upload_on_close(url: str) -> Iterator[IO[bytes]]:
    """Write the object ``url`` as one upload when the block ends without error; nothing otherwise.

    The bytes go to a local temp file first (an archive's output may be large),
    then to the store in one ``put``: a reader never sees a partial object.
    """
    fs, path = filesystem(url)
    with tempfile.NamedTemporaryFile(prefix=".newsclean-upload.", suffix=".tmp") as temp:
        yield temp
        temp.flush()
        try:
            fs.put_file(temp.name, path)
        except OSError:
            raise
        except Exception as e:  # a store's own error types: one line, as a write error
            raise OSError(f"cannot upload: {type(e).__name__}: {e}") from None
