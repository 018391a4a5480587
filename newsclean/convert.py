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
from collections.abc import Callable
from typing import Any, NamedTuple

from .read import InputError
from .safefs import ERRORS, FATAL_ERRNOS, MANIFEST, NotThrough, atomic_file, make_out_dirs, out_dir_error
from .stream import Failure, Settings, file_record, page_record
from .warc import is_warc, iter_pages


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
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def convert(job: Job, rel: str) -> Status:
    """Read, extract and write one input of a batch; never raises."""
    path = os.path.join(job.in_dir, rel)
    try:
        st = os.stat(path)
    except OSError as e:
        return Status(rel, None, None, None, 0, [Failure(path, None, (e.strerror or str(e)).lower()).to_dict()])
    archive = is_warc(path)
    output = rel + job.settings.formatter.suffix(archive)
    target = os.path.join(job.out_dir, output)
    failures: list[Failure] = []
    try:
        if output in (MANIFEST, ERRORS):
            raise InputError(path, f"its output would overwrite {output}")
        make_out_dirs(job.out_dir, os.path.dirname(output))
        if archive:
            pages, failures = _write_archive(path, target, job.settings, lambda: _count_page(job))
        else:
            record, failure = file_record(path, job.settings)
            if failure is not None:
                return Status(rel, st.st_size, st.st_mtime_ns, None, 0, [failure.to_dict()])
            assert record is not None  # a record or a failure, always
            with atomic_file(target) as f:
                f.write(job.settings.formatter.render(record))
            pages = 1
            _count_page(job)
    except InputError as e:
        return Status(rel, st.st_size, st.st_mtime_ns, None, 0, [Failure(path, None, e.message).to_dict()])
    except NotThrough as e:
        return Status(rel, st.st_size, st.st_mtime_ns, None, 0, [Failure(path, None, str(e)).to_dict()])
    except OSError as e:
        if e.errno in FATAL_ERRNOS:
            raise out_dir_error(target, e) from None
        message = f"cannot write {target}: {(e.strerror or str(e)).lower()}"
        return Status(rel, st.st_size, st.st_mtime_ns, None, 0, [Failure(path, None, message).to_dict()])
    except Exception as e:  # a bug on one input must not stop the batch
        message = f"internal error: {type(e).__name__}: {e}"
        return Status(rel, st.st_size, st.st_mtime_ns, None, 0, [Failure(path, None, message).to_dict()])
    return Status(rel, st.st_size, st.st_mtime_ns, output, pages, [f.to_dict() for f in failures])


def _write_archive(
    path: str, target: str, settings: Settings, on_page: Callable[[], None] = lambda: None
) -> tuple[int, list[Failure]]:
    """Stream the pages of one archive into ``target``: the pages written and the records that failed.

    ``on_page`` is called after each page, written or failed (the progress bar counts them).
    """
    pages, failures = 0, []
    with atomic_file(target) as f:
        for page in iter_pages(path, settings.max_bytes):
            record, failure = page_record(page, settings)
            on_page()
            if failure is not None:
                failures.append(failure)
                continue
            assert record is not None  # a record or a failure, always
            f.write((settings.formatter.separator if pages else b"") + settings.formatter.render(record))
            pages += 1
    return pages, failures
