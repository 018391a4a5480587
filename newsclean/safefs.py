"""File-system safety for ``batch`` and ``extract -o``: atomic writes, the OUT_DIR lock, the manifest.

An output is written through a temp file beside it (``.NAME.PID.newsclean-tmp``)
and moved into place with ``os.replace``, so a killed run leaves a temp file,
never a partial output. One batch at a time holds OUT_DIR (``flock``). The
manifest in OUT_DIR records each converted input, one whole line at a time.
Nothing is written through a symbolic link planted in OUT_DIR.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import IO

from . import remote
from .workers import signals_held

try:  # POSIX: one batch at a time per OUT_DIR
    import fcntl
except ImportError:  # pragma: no cover - Windows has no flock; batches there are not locked
    fcntl = None  # type: ignore[assignment]

#: The manifest: a header line with the settings, then one line per converted input.
MANIFEST = ".newsclean-batch.jsonl"
ERRORS = "errors.jsonl"
#: Temp files end with this; a batch removes leftovers (from a killed run) in its OUT_DIR.
TMP_SUFFIX = ".newsclean-tmp"


@contextmanager
def atomic_file(path: str) -> Iterator[IO[bytes]]:
    """Write ``path`` through a temp file beside it, moved onto ``path`` only on success.

    The temp file (``.NAME.PID.newsclean-tmp``) is removed if the block raises;
    a killed process leaves it behind, never a partial ``path``. At a URL of an object store
    (:mod:`newsclean.remote`) the bytes are uploaded in one piece when the block ends.
    """
    if remote.is_remote(path):
        with remote.upload_on_close(path) as f:
            yield f
        return
    directory, name = os.path.split(path)
    temp = os.path.join(directory, f".{name}.{os.getpid()}{TMP_SUFFIX}")
    # Created inside the try: a signal that lands as the open returns (Python raises it there,
    # before the next line) still removes the temp file, rather than leave it in OUT_DIR.
    try:
        fd = _create(temp)
        with os.fdopen(fd, "wb") as f:
            yield f
        os.replace(temp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise


def _create(temp: str) -> int:
    """A new file at ``temp``, never one found there: a link planted at the name is not written through."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        return os.open(temp, flags, 0o666)
    except FileExistsError:  # left by an earlier process that had our pid: it is ours to remove
        os.unlink(temp)
        return os.open(temp, flags, 0o666)


def remove_stale_temps(path: str) -> None:
    """Remove the temp files :func:`atomic_file` left beside ``path`` in runs that were killed
    (``.NAME.PID.newsclean-tmp`` whose process is gone); a live run's temp file stays."""
    directory, name = os.path.split(path)
    prefix = f".{name}."
    try:
        entries = list(os.scandir(directory or os.curdir))
    except OSError:
        return
    for entry in entries:
        pid = entry.name[len(prefix) : -len(TMP_SUFFIX)]
        if entry.name.startswith(prefix) and entry.name.endswith(TMP_SUFFIX) and pid.isdigit() and not _alive(int(pid)):
            with suppress(OSError):
                os.unlink(entry.path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # ours from an earlier process that had our number: not being written
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, ValueError, OverflowError):
        return True  # exists but not ours to signal, or cannot tell: leave it
    return True


class BatchError(Exception):
    """IN_DIR and OUT_DIR cannot be used together as given (one line; the CLI exits 2)."""


class OutDirError(OSError):
    """OUT_DIR cannot be written at all (full, read-only, over quota, or not a folder): one line
    naming it. It stops the batch, as every later input would fail the same way."""


#: What makes OUT_DIR unwritable as a whole rather than one output: the batch stops on these.
FATAL_ERRNOS = frozenset(getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EROFS") if hasattr(errno, name))


def out_dir_error(path: str, e: OSError) -> OutDirError:
    return OutDirError(f"cannot write {path}: {(e.strerror or str(e)).lower()}")


def appender(path: str) -> Appender | RemoteAppender:
    """Lines appended to the manifest at ``path``, a file or a URL."""
    return RemoteAppender(path) if remote.is_remote(path) else Appender(path)


class RemoteAppender:
    """The manifest at a URL: an object store cannot append, so the whole manifest is uploaded
    again every ``every`` seconds and at the end. A driver killed in between loses the entries
    since the last upload; the rerun converts those inputs again, to the same bytes."""

    def __init__(self, path: str, every: float = 10.0):
        import time

        self._path, self._every, self._clock = path, every, time.monotonic
        self._lines = [remote.read_all(path) or b""]
        self._sent = self._clock()

    def __enter__(self) -> RemoteAppender:
        return self

    def __exit__(self, *exc) -> None:
        self._upload()

    def append(self, line: bytes) -> None:
        self._lines.append(line)
        if self._clock() - self._sent >= self._every:
            self._upload()

    def _upload(self) -> None:
        try:
            with remote.upload_on_close(self._path) as f:
                f.writelines(self._lines)
        except OSError as e:
            raise out_dir_error(self._path, e) from None
        self._sent = self._clock()


class Appender:
    """Lines appended to a file, each whole or not at all: a line a write failed on (disk full) is
    cut off again, so the file never ends in a partial line. Raises :class:`OutDirError`."""

    def __init__(self, path: str):
        self._path = path
        try:
            self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0))
        except OSError as e:
            raise out_dir_error(path, e) from None

    def __enter__(self) -> Appender:
        return self

    def __exit__(self, *exc) -> None:
        os.close(self._fd)

    def append(self, line: bytes) -> None:
        size = os.fstat(self._fd).st_size
        try:
            with signals_held():
                view = memoryview(line)
                while view:
                    view = view[os.write(self._fd, view) :]
        except OSError as e:
            with suppress(OSError):
                os.ftruncate(self._fd, size)
            raise out_dir_error(self._path, e) from None


def dir_id(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def prepare_dirs(in_dir: str, out_dir: str) -> None:
    """Create OUT_DIR, refusing OUT_DIR = IN_DIR, IN_DIR inside OUT_DIR and an OUT_DIR holding other files."""
    if remote.is_remote(in_dir) or remote.is_remote(out_dir):
        try:
            _prepare_urls(in_dir, out_dir)
        except remote.RemoteError as e:
            raise BatchError(str(e)) from None
        return
    if not os.path.isdir(in_dir):
        raise BatchError(f"{in_dir}: not a directory")
    real_in, real_out = os.path.realpath(in_dir), os.path.realpath(out_dir)
    if real_in == real_out or real_in.startswith(os.path.join(real_out, "")):
        raise BatchError(f"{in_dir} is {out_dir} or inside it; give an OUT_DIR outside IN_DIR's tree")
    _prepare_out(out_dir)


def _prepare_out(out_dir: str) -> None:
    """Create the local OUT_DIR, refusing one that holds other files or cannot be written."""
    if os.path.lexists(out_dir) and not os.path.isdir(out_dir):
        raise BatchError(f"{out_dir}: exists and is not a directory")
    if os.path.isdir(out_dir) and os.listdir(out_dir) and not os.path.exists(os.path.join(out_dir, MANIFEST)):
        raise BatchError(f"{out_dir}: not empty and not written by newsclean batch; give a new or empty directory")
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as e:
        raise OutDirError(f"cannot create {out_dir}: {(e.strerror or str(e)).lower()}") from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise OutDirError(f"cannot write to {out_dir}: read-only or permission denied")


def _prepare_urls(in_dir: str, out_dir: str) -> None:
    """:func:`prepare_dirs` where IN_DIR or OUT_DIR is a URL (an object store has no folders to create)."""
    if remote.is_remote(in_dir) and not remote.is_dir(in_dir):
        raise BatchError(f"{in_dir}: not a directory")
    if not remote.is_remote(in_dir) and not os.path.isdir(in_dir):
        raise BatchError(f"{in_dir}: not a directory")
    same_kind = remote.is_remote(in_dir) == remote.is_remote(out_dir)
    if same_kind and (in_dir.rstrip("/") + "/").startswith(out_dir.rstrip("/") + "/"):
        raise BatchError(f"{in_dir} is {out_dir} or inside it; give an OUT_DIR outside IN_DIR's tree")
    if not remote.is_remote(out_dir):
        _prepare_out(out_dir)
        return
    if not remote.is_empty_dir(out_dir) and not remote.exists(remote.join(out_dir, MANIFEST)):
        raise BatchError(f"{out_dir}: not empty and not written by newsclean batch; give a new or empty directory")


@contextmanager
def locked(out_dir: str) -> Iterator[None]:
    """Hold an exclusive lock on OUT_DIR: a second batch into it is refused, not interleaved.

    An OUT_DIR at a URL is not locked (object stores have no lock): run one batch at a time into it.
    """
    if fcntl is None or remote.is_remote(out_dir):  # pragma: no cover
        yield
        return
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BatchError(f"{out_dir}: another newsclean batch is writing to it") from None
        yield
    finally:
        os.close(fd)


def remove_temp_files(out_dir: str) -> None:
    """Delete the temp files a killed run left in OUT_DIR (the lock says none is being written)."""
    if remote.is_remote(out_dir):  # uploads leave no temp object
        return
    for root, _dirs, files in os.walk(out_dir):
        for name in files:
            if name.endswith(TMP_SUFFIX):
                with suppress(OSError):
                    os.unlink(os.path.join(root, name))


def load_manifest(out_dir: str, key: dict) -> dict[str, dict]:
    """The latest manifest entry per input, or nothing if the settings changed since.

    A line cut short by a killed run is ignored (the run is compacted away at start).
    """
    if remote.is_remote(out_dir):
        data = remote.read_all(remote.join(out_dir, MANIFEST))
        return {} if data is None else _entries(iter(data.splitlines(keepends=True)), key)
    try:
        with open(os.path.join(out_dir, MANIFEST), "rb") as f:
            return _entries(iter(f), key)
    except FileNotFoundError:
        return {}


def _entries(lines: Iterator[bytes], key: dict) -> dict[str, dict]:
    entries: dict[str, dict] = {}
    header = _parse(next(lines, b""))
    if header is None or header.get("settings") != json.loads(json.dumps(key)):
        return {}
    for line in lines:
        entry = _parse(line)
        if entry is not None and "input" in entry:
            entries[entry["input"]] = entry
    return entries


def _parse(line: bytes) -> dict | None:
    try:
        value = json.loads(line)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def json_line(value: object) -> bytes:
    return (json.dumps(value) + "\n").encode("ascii")  # ASCII: any file name round-trips


def make_out_dirs(out_dir: str, rel_dir: str) -> None:
    """Create the folders of ``rel_dir`` under OUT_DIR, refusing to go through anything that is not
    a real folder: a symbolic link planted in OUT_DIR (``out/news -> /etc``) would send the
    outputs under it outside OUT_DIR. Raises :class:`NotThrough` naming it. An object store has no
    folders: nothing to do there."""
    if remote.is_remote(out_dir):
        return
    path = out_dir
    for part in rel_dir.split(os.sep) if rel_dir else ():
        path = os.path.join(path, part)
        try:
            os.mkdir(path)
            continue
        except FileExistsError:
            pass
        if not stat.S_ISDIR(os.lstat(path).st_mode):
            kind = "a symbolic link" if os.path.islink(path) else "not a folder"
            raise NotThrough(
                f"cannot write {os.path.join(out_dir, rel_dir)}: {path} is {kind}; nothing is written through it"
            )


class NotThrough(Exception):
    """An output's folder in OUT_DIR is a symbolic link or a file (one line)."""
