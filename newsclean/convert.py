"""One input of a batch converted: read, extracted, and its output written atomically.

    >>> status = convert(Job("pages/", "out/", settings), "news/a.html")

:func:`convert` runs wherever the batch runs it (in the driver, on a pool
worker, or as a Dask task, :mod:`newsclean.cluster`): it writes
``OUT_DIR/<input>.json`` (``.jsonl`` for a WARC/WET file) itself, through
:func:`newsclean.safefs.atomic_file`, and returns only a small :class:`Status`.
It never raises for one input's trouble; a full or read-only OUT_DIR raises
:class:`newsclean.safefs.OutDirError`, as every later input would fail too.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from . import remote
from .read import InputError
from .safefs import ERRORS, FATAL_ERRNOS, MANIFEST, NotThrough, atomic_file, make_out_dirs, out_dir_error
from .stream import Failure, Settings, file_record, page_record
from .warc import Page, is_warc, iter_pages, looks_like_warc


class Job(NamedTuple):
    in_dir: str
    out_dir: str
    settings: Settings
    pages: Any = None  # a shared page counter for the progress bar (see _PageCount)


def _count_page(job: Job) -> None:
    """One more page done (converted or failed), for the progress bar, which reads it as it redraws."""
    if job.pages is not None:
        with job.pages.get_lock():
            job.pages.value += 1


class Status(NamedTuple):
    """What a worker reports about one input: small, so results cross processes cheaply."""

    input: str  # relative to IN_DIR
    size: int | None
    mtime_ns: int | None
    output: str | None  # relative to OUT_DIR; None when the input failed as a whole
    pages: int
    errors: list[dict]  # Failure.to_dict() of the input or of its failed records


def input_size(path: str) -> int:
    """The size of an input (a file or a URL), 0 when it cannot be had: for the largest-first order."""
    try:
        return input_stat(path)[0]
    except OSError:
        return 0


def convert(job: Job, rel: str) -> Status:
    """Read, extract and write one input of a batch; never raises."""
    path = join_path(job.in_dir, rel)
    try:
        size, mtime_ns = input_stat(path)
    except OSError as e:
        return Status(rel, None, None, None, 0, [Failure(path, None, (e.strerror or str(e)).lower()).to_dict()])
    archive = input_is_warc(path)
    output = rel + job.settings.formatter.suffix(archive)
    target = join_path(job.out_dir, output)

    def failed(message: str) -> Status:
        return Status(rel, size, mtime_ns, None, 0, [Failure(path, None, message).to_dict()])

    failures: list[Failure] = []
    try:
        if output in (MANIFEST, ERRORS):
            raise InputError(path, f"its output would overwrite {output}")
        make_out_dirs(job.out_dir, os.path.dirname(output))
        if archive:
            pages, failures = _write_archive(path, target, job.settings, lambda: _count_page(job))
        else:
            data = remote.read(path, job.settings.max_bytes) if remote.is_remote(path) else None
            record, failure = file_record(path, job.settings, data)
            if failure is not None:
                return Status(rel, size, mtime_ns, None, 0, [failure.to_dict()])
            assert record is not None  # a record or a failure, always
            with atomic_file(target) as f:
                f.write(job.settings.formatter.render(record))
            pages = 1
            _count_page(job)
    except InputError as e:
        return failed(e.message)
    except NotThrough as e:
        return failed(str(e))
    except OSError as e:
        if e.errno in FATAL_ERRNOS:
            raise out_dir_error(target, e) from None
        return failed(f"cannot write {target}: {(e.strerror or str(e)).lower()}")
    except Exception as e:  # a bug on one input must not stop the batch
        return failed(f"internal error: {type(e).__name__}: {e}")
    return Status(rel, size, mtime_ns, output, pages, [f.to_dict() for f in failures])


def join_path(base: str, rel: str) -> str:
    """``base/rel``, for a folder or a URL (:mod:`newsclean.remote`)."""
    return remote.join(base, rel) if remote.is_remote(base) else os.path.join(base, rel)


def input_stat(path: str) -> tuple[int, int]:
    """(size, mtime in ns) of an input, a file or a URL; OSError when it cannot be had."""
    if remote.is_remote(path):
        try:
            return remote.stat(path)
        except remote.RemoteError as e:
            raise OSError(str(e).split(": ", 1)[-1]) from None
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns


def input_is_warc(path: str) -> bool:
    """Whether the input ``path`` (a file or a URL) is a WARC or WET file, gzipped or not."""
    if not remote.is_remote(path):
        return is_warc(path)
    try:
        with remote.open_read(path) as f:
            return looks_like_warc(f.peek(_SNIFF)[:_SNIFF])
    except (InputError, OSError):
        return False


_SNIFF = 4096


def _write_archive(
    path: str, target: str, settings: Settings, on_page: Callable[[], None] = lambda: None
) -> tuple[int, list[Failure]]:
    """Stream the pages of one archive into ``target``: the pages written and the records that failed.

    ``on_page`` is called after each page, written or failed (the progress bar counts them).
    """
    pages, failures = 0, []
    with atomic_file(target) as f:
        for page in _pages(path, settings.max_bytes):
            record, failure = page_record(page, settings)
            on_page()
            if failure is not None:
                failures.append(failure)
                continue
            assert record is not None  # a record or a failure, always
            f.write((settings.formatter.separator if pages else b"") + settings.formatter.render(record))
            pages += 1
    return pages, failures


def _pages(path: str, max_bytes: int) -> Iterator[Page]:
    """The pages of the archive ``path``, a file or a URL (read as a stream)."""
    if not remote.is_remote(path):
        yield from iter_pages(path, max_bytes)
        return
    with remote.open_read(path) as f:
        yield from iter_pages(path, max_bytes, f)
