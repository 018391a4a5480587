"""Many inputs at once: ``extract`` streams them in order, ``batch`` converts a folder.

    >>> settings = Settings(formatter=Formatter("json"))
    >>> for output, failure in extract_stream(["a.html", "crawl.warc.gz"], settings, jobs=2):
    ...     ...                                  # in input order, one per page
    >>> summary = run_batch("pages/", "out/", settings, jobs=2)

Both run on one core (``jobs=1``, in this process) or on a pool of ``jobs``
worker processes started with ``spawn``: a worker begins from a fresh
interpreter, so it inherits no lock, thread or open file of the parent (the
OUT_DIR lock, the progress bar's thread) and behaves the same on every
platform. The price is each worker's own start-up: about 0.15 s, plus the
HTML front end's imports (about 2 s) when it meets its first HTML page, a
cost ``jobs=1`` pays once. Workers ignore Ctrl-C (the parent stops them) and
exit as soon as the parent dies, even by SIGKILL.

``extract_stream`` sends each page file to a worker by name (the worker reads
it) and each page of an archive as bytes; results come back in input order,
with a bounded number of pages in flight, so memory stays flat over a crawl of
any size.

``run_batch`` mirrors a folder: each input becomes ``OUT_DIR/<relative
path>.json`` (``.jsonl`` for a WARC/WET file), which the worker writes itself,
atomically (a temp file beside it, then ``os.replace``), returning only a small
status. A manifest in OUT_DIR records each converted input's size and mtime, so
a re-run skips what is up to date and an interrupted batch resumes; failures
go to ``OUT_DIR/errors.jsonl``.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager, suppress
from typing import (
    IO,
    NamedTuple,
    Union,
)

from . import __version__
from .deadline import Deadline, PageTimeout
from .model import Article
from .output import Formatter, markdown_paragraphs
from .pipeline import extract_read as extract_article
from .read import DEFAULT_MAX_BYTES, InputError, display_name, read_input
from .warc import Page, is_warc, iter_pages, looks_like_warc

try:  # POSIX: one batch at a time per OUT_DIR
    import fcntl
except ImportError:  # pragma: no cover - Windows has no flock; batches there are not locked
    fcntl = None

#: Names (lower-cased) that ``batch`` takes as inputs unless ``--include`` is given.
DEFAULT_SUFFIXES = tuple(
    s + gz for s in (".html", ".htm", ".xhtml", ".shtml", ".txt", ".warc", ".wet") for gz in ("", ".gz")
)
#: The manifest: a header line with the settings, then one line per converted input.
MANIFEST = ".newsclean-batch.jsonl"
ERRORS = "errors.jsonl"
#: Temp files end with this; a batch removes leftovers (from a killed run) in its OUT_DIR.
TMP_SUFFIX = ".newsclean-tmp"

#: Pages sent to a worker at once, and chunks in flight per worker, for ``extract_stream``.
_CHUNK = 4
_CHUNKS_PER_WORKER = 4
#: Bytes of archive pages a chunk holds at most (a bigger page goes alone), and bytes of pages
#: in flight at most beyond one chunk per worker: archive pages of 60 MB, 16 in flight per
#: worker, held gigabytes in the parent.
_CHUNK_BYTES = 1 << 20
_FLIGHT_BYTES = 16 << 20


def is_url(path: str) -> bool:
    """An ``http://`` or ``https://`` input (see :mod:`newsclean.fetch`, imported only for one)."""
    return path[:8].lower().startswith(("http://", "https://"))


class Settings(NamedTuple):
    """How each input becomes output: extraction options and the output format.

    ``extract`` is the library call (replaceable for tests); ``url`` applies
    to a page file or stdin, not to archive pages, which carry their own.
    """

    input_type: str = "auto"
    max_bytes: int = DEFAULT_MAX_BYTES
    url: str | None = None
    formatter: Formatter = Formatter()
    extract: Callable[..., Article] = extract_article
    favor: str = "balanced"  # or "precision" / "recall"
    keep: tuple[str, ...] = ()  # removed kinds to keep in the text
    timeout: float = 30.0  # seconds to wait for a URL's server (newsclean.fetch)


class Failure(NamedTuple):
    """Why an input (or one record of an archive) gave no output."""

    file: str
    record: str | None  # the WARC-Record-ID, when one record of an archive failed
    message: str

    def line(self) -> str:
        """One line naming the input: ``FILE: message`` or ``FILE#record: message``."""
        name = display_name(self.file) + (f"#{self.record}" if self.record else "")
        return " ".join(f"{name}: {self.message}".split())

    def to_dict(self) -> dict:
        if self.record is None:
            return {"file": self.file, "error": self.message}
        return {"file": self.file, "record": self.record, "error": self.message}


Outcome = tuple[bytes | None, Failure | None]
"""A page's rendered output, or the failure that stands in its place."""


# --- one page ---------------------------------------------------------------------------------


def _record(
    settings: Settings, data: bytes, *, file: str, record: str | None = None, **options: str | None
) -> tuple[dict | None, Failure | None]:
    try:
        if settings.favor != "balanced":
            options["favor"] = settings.favor
        if settings.keep:
            options["keep"] = settings.keep
        article = settings.extract(data, **options)
        record = article.to_dict()
        if settings.formatter.format == "markdown":  # the story's structure, which only the blocks know
            record["paragraphs"] = markdown_paragraphs(article)
        return record, None
    except PageTimeout as e:  # --page-timeout: reported, and the batch goes on
        return None, Failure(file, record, str(e))
    except Exception as e:  # a bug on one page must not lose the others
        return None, Failure(file, record, f"internal error: {type(e).__name__}: {e}")


def file_record(
    path: str, settings: Settings, data: bytes | None = None
) -> tuple[dict | None, Failure | None]:
    """The record of the page file ``path`` (``-`` is stdin), or why there is none.

    ``data`` is the input's bytes when they have been read already. A path
    that is an ``http(s)://`` URL is fetched (:mod:`newsclean.fetch`): the
    record's ``url`` is the address it ended at after redirects (unless
    ``settings.url`` says otherwise) and the charset of its Content-Type
    header is used.
    """
    if data is None and is_url(path):
        from .fetch import fetch

        try:
            page = fetch(path, settings.max_bytes, settings.timeout)
        except InputError as e:
            return None, Failure(path, None, e.message)
        if not page.data:
            return None, Failure(path, None, "empty input (0 bytes)")
        options = {"charset": page.charset} if page.charset else {}
        return _record(
            settings,
            page.data,
            file=path,
            source=path,
            url=settings.url or page.url,
            input_type=settings.input_type,
            **options,
        )
    if data is None:
        try:
            data = read_input(path, settings.max_bytes)
        except InputError as e:
            return None, Failure(path, None, e.message)
    return _record(settings, data, file=path, source=path, url=settings.url, input_type=settings.input_type)


def page_record(page: Page, settings: Settings) -> tuple[dict | None, Failure | None]:
    """The record of one archive page, its ``url`` the record's WARC-Target-URI (the caller's URL wins).

    The record type decides HTML or text unless ``settings.input_type`` forces one.
    """
    if page.error is not None:
        return None, Failure(page.file, page.record_id, page.error)
    input_type = page.input_type if settings.input_type == "auto" else settings.input_type
    options = {"charset": page.charset} if page.charset else {}
    return _record(
        settings,
        page.data,
        file=page.file,
        record=page.record_id,
        source=page.source,
        url=page.url,
        input_type=input_type,
        **options,
    )


# --- extract: a stream in input order -----------------------------------------------------------


class _Stdin(NamedTuple):
    """Standard input, read here: a worker process has none."""

    data: bytes


_Unit = Union[str, _Stdin, Page, Failure]


def _units(paths: Iterable[str], settings: Settings) -> Iterator[_Unit]:
    """The work of ``extract`` in order: page files by name, stdin and archive pages with their bytes."""
    for path in paths:
        stream = None
        if path == "-":
            stream = _stdin_archive()
            if stream is None:
                try:
                    yield _Stdin(read_input(path, settings.max_bytes))
                except InputError as e:
                    yield Failure(path, None, e.message)
                continue
        elif is_url(path) or not is_warc(path):
            yield path
            continue
        try:
            yield from iter_pages(path, settings.max_bytes, stream)
        except InputError as e:
            yield Failure(path, None, e.message)
        except Exception as e:  # a bug in reading one archive must not lose the others
            yield Failure(path, None, f"internal error: {type(e).__name__}: {e}")


def _stdin_archive():
    """Standard input as a stream when it holds a WARC or WET file (its pages are then read one
    by one, as from a path), else ``None`` (nothing consumed: it is read as one page)."""
    import sys

    stdin = getattr(sys.stdin, "buffer", None)
    try:
        if stdin is None or stdin.isatty():  # a person typing: no archive, and a peek would eat their Ctrl-D
            return None
        if hasattr(stdin, "peek"):
            # What one read gives (a pipe: what was written so far; a writer's first write is
            # nearly always more than the ~20 bytes a gzipped "WARC/" needs), left in the buffer.
            head = stdin.peek(_STDIN_SNIFF)
        elif stdin is not None and stdin.seekable():  # a file object in memory
            head = stdin.read(_STDIN_SNIFF)
            stdin.seek(-len(head), 1)
        else:
            return None
    except (OSError, ValueError):
        return None
    return stdin if looks_like_warc(head) else None


_STDIN_SNIFF = 4096


def _unit_outcome(unit: _Unit, settings: Settings) -> Outcome:
    if isinstance(unit, Failure):
        return None, unit
    if isinstance(unit, Page):
        record, failure = page_record(unit, settings)
    elif isinstance(unit, _Stdin):
        record, failure = file_record("-", settings, unit.data)
    else:
        record, failure = file_record(unit, settings)
    return (None if record is None else settings.formatter.render(record)), failure


def _unit_outcomes(units: list[_Unit]) -> list[Outcome]:
    """Worker side of ``extract_stream``: one chunk of units."""
    return [_unit_outcome(unit, _WORKER_STATE) for unit in units]


def extract_stream(paths: Iterable[str], settings: Settings, jobs: int = 1) -> Iterator[Outcome]:
    """The outcome of every page of ``paths``, in input order (archives give one per page)."""
    units = _units(paths, settings)
    if jobs == 1:
        for unit in units:
            yield _unit_outcome(unit, settings)
        return
    chunks = _chunks(units)
    with _pool(jobs, settings) as pool:
        pending: deque = deque()  # (result, bytes of the chunk's pages), in input order
        flight = 0  # bytes of the pages in pending

        def fill() -> None:
            """Keep every worker busy, and more in flight only while it is small."""
            nonlocal flight
            while len(pending) < jobs or (len(pending) < jobs * _CHUNKS_PER_WORKER and flight < _FLIGHT_BYTES):
                chunk = next(chunks, None)
                if chunk is None:
                    return
                size = sum(_unit_bytes(unit) for unit in chunk)
                pending.append((pool.apply_async(_unit_outcomes, (chunk,)), size))
                flight += size

        fill()
        while pending:
            result, size = pending.popleft()
            done = result.get()
            flight -= size
            fill()
            yield from done


def _unit_bytes(unit: _Unit) -> int:
    """The bytes a unit carries to a worker (a page file is read by the worker itself)."""
    data = unit.data if isinstance(unit, (Page, _Stdin)) else None
    return len(data) if data else 0


def _chunks(units: Iterator[_Unit]) -> Iterator[list[_Unit]]:
    """Up to _CHUNK units at a time, fewer when their pages pass _CHUNK_BYTES."""
    chunk: list[_Unit] = []
    size = 0
    for unit in units:
        chunk.append(unit)
        size += _unit_bytes(unit)
        if len(chunk) >= _CHUNK or size >= _CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


# --- worker processes ---------------------------------------------------------------------------

#: What a worker process works with: ``Settings`` for extract, a ``_Job`` for batch.
_WORKER_STATE = None


def _init_worker(state: object) -> None:
    import signal  # here, not at the top: only workers need it, and it costs start-up ~3 ms
    import threading  # likewise (~1.5 ms)

    global _WORKER_STATE
    _WORKER_STATE = state
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops us
    if hasattr(signal, "SIGHUP"):  # so does a closed terminal (SIGTERM stays: the pool ends us with it)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, daemon=True).start()


def _exit_with_parent() -> None:
    """Exit at once when the parent dies (even by SIGKILL), rather than linger as an orphan."""
    import multiprocessing

    multiprocessing.parent_process().join()
    os._exit(1)


@contextmanager
def _pool(jobs: int, state: object):
    """A pool of ``jobs`` spawned workers holding ``state``, terminated on the way out."""
    import multiprocessing

    pool = multiprocessing.get_context("spawn").Pool(jobs, _init_worker, (state,))
    try:
        yield pool
    finally:
        pool.terminate()
        pool.join()


# --- signals ------------------------------------------------------------------------------------

#: SIGINT's number (Ctrl-C), the same on every platform.
_SIGINT = 2


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where Ctrl-C raises KeyboardInterrupt, so that every signal that
    ends a run ends it the same way (outputs kept, errors listed, a summary, exit 128 + N)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextmanager
def signals_interrupt():
    """While in the block, SIGTERM and SIGHUP raise :class:`Interrupted` (Ctrl-C raises
    KeyboardInterrupt as always). Workers are spawned: they do not inherit the handlers."""
    import signal  # here, not at the top: it costs start-up ~3 ms

    def interrupt(signum, frame):
        raise Interrupted(signum)

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is None:  # pragma: no cover - Windows has no SIGHUP
            continue
        try:
            previous[signum] = signal.signal(signum, interrupt)
        except ValueError:  # not the main thread: leave the signals alone
            pass
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def signals_held():
    """Ctrl-C, SIGTERM and SIGHUP wait until the block is done (a record or a manifest line is
    written whole, never cut by the interrupt); where signals cannot be held, nothing changes."""
    import signal

    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None:  # pragma: no cover - Windows
        yield
        return
    held = {getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)}
    previous = mask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, previous)  # a signal that came meanwhile is handled here


def interrupted_status(error: BaseException) -> int:
    """The exit status for a run stopped by ``error``: 128 + the signal's number, as shells report it."""
    return 128 + getattr(error, "signum", _SIGINT)


# --- writing files ------------------------------------------------------------------------------


@contextmanager
def atomic_file(path: str) -> Iterator[IO[bytes]]:
    """Write ``path`` through a temp file beside it, moved onto ``path`` only on success.

    The temp file (``.NAME.PID.newsclean-tmp``) is removed if the block raises;
    a killed process leaves it behind, never a partial ``path``.
    """
    directory, name = os.path.split(path)
    temp = os.path.join(directory, f".{name}.{os.getpid()}{TMP_SUFFIX}")
    # A new file, never one found there: a link planted at the temp name is not written through.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(temp, flags, 0o666)
    except FileExistsError:  # left by an earlier process that had our pid: it is ours to remove
        os.unlink(temp)
        fd = os.open(temp, flags, 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
        os.replace(temp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise


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


# --- batch: a folder in, a mirrored folder out --------------------------------------------------


class BatchError(Exception):
    """IN_DIR and OUT_DIR cannot be used together as given (one line; the CLI exits 2)."""


class OutDirError(OSError):
    """OUT_DIR cannot be written at all (full, read-only, over quota, or not a folder): one line
    naming it. It stops the batch, as every later input would fail the same way."""


#: What makes OUT_DIR unwritable as a whole rather than one output: the batch stops on these.
_FATAL_ERRNOS = frozenset(getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EROFS") if hasattr(errno, name))


def _out_dir_error(path: str, e: OSError) -> OutDirError:
    return OutDirError(f"cannot write {path}: {(e.strerror or str(e)).lower()}")


class _Job(NamedTuple):
    in_dir: str
    out_dir: str
    settings: Settings
    pages: object | None = None  # a shared page counter for the progress bar (see _PageCount)


class _PageCount:
    """A page counter for a batch in this process (``jobs=1``); a pool shares a
    ``multiprocessing.Value`` instead, which has the same ``value`` and ``get_lock()``."""

    def __init__(self) -> None:
        self.value = 0

    def get_lock(self):
        from contextlib import nullcontext

        return nullcontext()


def _count_page(job: _Job) -> None:
    """One more page done (converted or failed), for the progress bar, which reads it as it redraws."""
    if job.pages is not None:
        with job.pages.get_lock():
            job.pages.value += 1


class _Status(NamedTuple):
    """What a worker reports about one input: small, so results cross processes cheaply."""

    input: str  # relative to IN_DIR
    size: int | None
    mtime_ns: int | None
    output: str | None  # relative to OUT_DIR; None when the input failed as a whole
    pages: int
    errors: list[dict]  # Failure.to_dict() of the input or of its failed records


class Summary:
    """The outcome of a batch, as the closing line reports it."""

    __slots__ = (
        "inputs",
        "converted",
        "up_to_date",
        "failed",
        "pages",
        "seconds",
        "errors_file",
        "interrupted",
        "stopped",
    )

    def __init__(self, errors_file: str = ""):
        self.inputs = self.converted = self.up_to_date = 0
        self.failed = 0  # inputs with an error (a whole file, or records of an archive)
        self.pages = 0
        self.seconds = 0.0
        self.errors_file = errors_file
        self.interrupted = 0  # the signal that stopped the batch (SIGINT for Ctrl-C), or 0
        self.stopped: list[str] = []  # why the batch stopped early, or could not write errors.jsonl

    def line(self) -> str:
        rate = self.pages / self.seconds if self.seconds else 0.0
        failed = f"{self.failed} failed (see {self.errors_file})" if self.failed else "0 failed"
        state = "interrupted" if self.interrupted else "stopped" if self.stopped else "done"
        return (
            f"newsclean: batch {state}: {self.inputs} inputs, {self.converted} converted,"
            f" {self.up_to_date} up to date, {failed}; {self.pages} pages in"
            f" {self.seconds:.1f} s ({rate:.1f} pages/s)"
        )


def run_batch(
    in_dir: str,
    out_dir: str,
    settings: Settings,
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    jobs: int = 1,
    force: bool = False,
    progress: bool = False,
    follow_symlinks: bool = False,
    cluster: str | None = None,
    page_timeout: float | None = None,
) -> Summary:
    """Convert every input under ``in_dir`` into ``out_dir``, mirroring the tree.

    ``include``/``exclude`` are gitignore-style patterns (:func:`glob_matcher`);
    by default the names in :data:`DEFAULT_SUFFIXES` are inputs. Inputs already converted with
    the same settings and unchanged since (size and mtime) are skipped unless
    ``force``. Raises :class:`BatchError` when the directories cannot be used;
    a KeyboardInterrupt (Ctrl-C, or SIGTERM/SIGHUP under :func:`signals_interrupt`) stops the
    workers and returns with ``interrupted`` set to the signal's number.
    """
    for patterns, option in ((include, "--include"), (exclude, "--exclude")):
        if patterns:
            glob_matcher(patterns, option)  # a bad pattern is refused before OUT_DIR is made
    if page_timeout is not None:
        settings = settings._replace(extract=Deadline(settings.extract, page_timeout))
    _prepare_dirs(in_dir, out_dir)
    start = time.monotonic()
    summary = Summary(errors_file=os.path.join(out_dir, ERRORS))
    with _locked(out_dir):
        _remove_temp_files(out_dir)
        key = {
            "newsclean": __version__,
            "sources": os.path.join(in_dir, ""),
            "input_type": settings.input_type,
            "max_bytes": settings.max_bytes,
            "format": settings.formatter.format,
            "fields": settings.formatter.fields,
            "favor": settings.favor,
            "keep": list(settings.keep),
        }
        done = {} if force else _load_manifest(out_dir, key)
        walk_errors: list[dict] = []
        inputs = find_inputs(in_dir, out_dir, include, exclude, walk_errors.append, follow_symlinks)
        errors: dict[str, list[dict]] = {}  # per input, the errors errors.jsonl lists
        for rel, message in _output_clashes(in_dir, inputs, settings.formatter).items():
            errors[rel] = [Failure(os.path.join(in_dir, rel), None, message).to_dict()]
            done.pop(rel, None)
        todo = []
        for rel in inputs:
            if rel in errors:
                continue
            entry = done.get(rel)
            if entry is not None and _up_to_date(entry, in_dir, out_dir, rel):
                errors[rel] = entry.get("errors", [])
            else:
                todo.append(rel)
                done.pop(rel, None)
        summary.inputs, summary.up_to_date = len(inputs), len(inputs) - len(todo)
        counter = _new_page_count(jobs, len(todo)) if progress else None
        bar = _ProgressBar(len(todo), counter, start) if progress else None
        statuses = _convert_all(_Job(in_dir, out_dir, settings, counter), todo, jobs, cluster)
        manifest_path = os.path.join(out_dir, MANIFEST)
        try:
            try:
                with atomic_file(manifest_path) as f:  # compacted: latest entry per input
                    f.write(_json_line({"newsclean_batch": 1, "settings": key}))
                    f.writelines(_json_line(entry) for entry in done.values())
            except OSError as e:
                raise _out_dir_error(manifest_path, e) from None
            with _Appender(manifest_path) as manifest, closing(statuses):
                for status in statuses:
                    manifest.append(_json_line(status._asdict()))
                    errors[status.input] = status.errors
                    summary.converted += status.output is not None
                    summary.pages += status.pages
                    if bar is not None:
                        bar.advance(status)
        except KeyboardInterrupt as e:
            summary.interrupted = getattr(e, "signum", _SIGINT)
        except OutDirError as e:  # disk full, read-only: every later input would fail the same way
            summary.stopped.append(str(e))
        finally:
            if bar is not None:
                bar.stop()
            try:
                with atomic_file(summary.errors_file) as f:
                    f.writelines(_json_line(error) for error in walk_errors)
                    f.writelines(_json_line(error) for rel in sorted(errors) for error in errors[rel])
            except OSError as e:
                summary.stopped.append(str(_out_dir_error(summary.errors_file, e)))
    summary.failed = len(walk_errors) + sum(1 for errs in errors.values() if errs)
    summary.seconds = time.monotonic() - start
    return summary


class _Appender:
    """Lines appended to a file, each whole or not at all: a line a write failed on (disk full) is
    cut off again, so the file never ends in a partial line. Raises :class:`OutDirError`."""

    def __init__(self, path: str):
        self._path = path
        try:
            self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0))
        except OSError as e:
            raise _out_dir_error(path, e) from None

    def __enter__(self) -> _Appender:
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
            raise _out_dir_error(self._path, e) from None


def find_inputs(
    in_dir: str,
    out_dir: str,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    on_error: Callable[[dict], None] = lambda error: None,
    follow_symlinks: bool = False,
) -> list[str]:
    """The inputs under ``in_dir`` as sorted paths relative to it, never entering ``out_dir``.

    ``include`` and ``exclude`` are gitignore-style patterns (see
    :func:`glob_matcher`); a folder that ``exclude`` matches is not entered.
    Symbolic links: a link to a file inside ``in_dir`` is an input like the file; a link
    to a file outside it is not followed (``passwd.html -> /etc/passwd``) and is passed to
    ``on_error``, and links to folders are not followed, unless ``follow_symlinks`` (each
    folder is then walked once, so a link loop ends). A directory that cannot be listed is
    passed to ``on_error`` as an error dict. Raises :class:`BatchError` for a pattern that
    is not valid.
    """
    skip = _dir_id(out_dir)
    real_in = os.path.join(os.path.realpath(in_dir), "")
    seen = set()
    found = []
    included = glob_matcher(include, "--include") if include else None
    excluded = glob_matcher(exclude, "--exclude") if exclude else None

    def report(e: OSError) -> None:
        on_error({"file": e.filename, "error": f"cannot list directory: {(e.strerror or str(e)).lower()}"})

    for root, dirs, files in os.walk(in_dir, onerror=report, followlinks=follow_symlinks):
        if follow_symlinks:
            ident = _dir_id(root)
            if ident in seen:  # reached again through a link: walked already
                dirs[:] = []
                continue
            seen.add(ident)
        base = os.path.relpath(root, in_dir)
        base = "" if base == os.curdir else base
        dirs[:] = sorted(
            d
            for d in dirs
            if not (excluded and excluded(os.path.join(base, d), True)) and _dir_id(os.path.join(root, d)) != skip
        )
        for name in sorted(files):
            rel = os.path.join(base, name)
            wanted = included(rel, False) if included else name.lower().endswith(DEFAULT_SUFFIXES)
            if not wanted or (excluded and excluded(rel, False)):
                continue
            path = os.path.join(root, name)
            if not follow_symlinks and os.path.islink(path) and not os.path.realpath(path).startswith(real_in):
                on_error(
                    {
                        "file": path,
                        "error": "symbolic link to a file outside IN_DIR: not followed (--follow-symlinks follows it)",
                    }
                )
                continue
            found.append(rel)
    return sorted(found)


def glob_matcher(patterns: Sequence[str], option: str = "pattern") -> Callable[[str, bool], bool]:
    """``match(rel_path, is_dir)`` for gitignore-style ``patterns``, case-insensitively.

    The semantics are git's (``.gitignore``), through the ``pathspec``
    library: a pattern without a ``/`` (but at its end) matches a name at any
    depth (``*.html``); one with a ``/`` is anchored at IN_DIR (``old/*``,
    ``news/2024/*.html``), where ``*`` stays within one folder and ``**``
    crosses any number, none included (``**/*.html`` takes the top level too);
    a trailing ``/`` matches folders only (``sub/``), and a folder matched
    takes everything under it; ``!`` re-includes what an earlier pattern of
    the same option matched. A leading ``./`` is dropped. Letters match
    whatever their case, as the default names do (``*.HTML`` = ``*.html``).
    """
    from pathspec import GitIgnoreSpec  # here: ~70 ms to import, and only batch with patterns needs it

    lines = []
    for pattern in patterns:
        line = pattern.replace(os.sep, "/").strip()
        while line.startswith("./"):
            line = line[2:]
        lines.append(line.lower())
    try:
        spec = GitIgnoreSpec.from_lines(lines)
    except (ValueError, TypeError) as e:
        raise BatchError(f"{option}: not a valid pattern: {e}") from None

    def match(rel: str, is_dir: bool) -> bool:
        path = rel.replace(os.sep, "/").lower()
        return spec.match_file(path + "/" if is_dir else path)

    return match


def _output_clashes(in_dir: str, inputs: Sequence[str], formatter: Formatter) -> dict[str, str]:
    """The inputs whose output would have the name of a folder of other outputs, with why.

    ``x.html`` beside a folder ``x.html.json/`` of inputs: ``x.html.json`` cannot be both
    the file and the folder. The file is refused, whatever the order the inputs are converted
    in (it was the first converted that won, so the outcome depended on ``-j``).
    """
    folders = set()
    for rel in inputs:
        parent = os.path.dirname(rel)
        while parent and parent not in folders:
            folders.add(parent)
            parent = os.path.dirname(parent)
    clashes = {}
    for rel in inputs:
        names = {rel + formatter.suffix(False), rel + formatter.suffix(True)}
        if names & folders:  # rare: only then is the file looked at (page or archive)
            output = rel + formatter.suffix(is_warc(os.path.join(in_dir, rel)))
            if output in folders:
                clashes[rel] = f"its output {output} would be the folder that holds other inputs' outputs"
    return clashes


def _dir_id(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _prepare_dirs(in_dir: str, out_dir: str) -> None:
    """Create OUT_DIR, refusing OUT_DIR = IN_DIR, IN_DIR inside OUT_DIR and an OUT_DIR holding other files."""
    if not os.path.isdir(in_dir):
        raise BatchError(f"{in_dir}: not a directory")
    real_in, real_out = os.path.realpath(in_dir), os.path.realpath(out_dir)
    if real_in == real_out or real_in.startswith(os.path.join(real_out, "")):
        raise BatchError(f"{in_dir} is {out_dir} or inside it; give an OUT_DIR outside IN_DIR's tree")
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


@contextmanager
def _locked(out_dir: str):
    """Hold an exclusive lock on OUT_DIR: a second batch into it is refused, not interleaved."""
    if fcntl is None:  # pragma: no cover
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


def _remove_temp_files(out_dir: str) -> None:
    """Delete the temp files a killed run left in OUT_DIR (the lock says none is being written)."""
    for root, _dirs, files in os.walk(out_dir):
        for name in files:
            if name.endswith(TMP_SUFFIX):
                with suppress(OSError):
                    os.unlink(os.path.join(root, name))


def _load_manifest(out_dir: str, key: dict) -> dict[str, dict]:
    """The latest manifest entry per input, or nothing if the settings changed since.

    A line cut short by a killed run is ignored (the run is compacted away at start).
    """
    entries: dict[str, dict] = {}
    try:
        with open(os.path.join(out_dir, MANIFEST), "rb") as f:
            lines = iter(f)
            header = _parse(next(lines, b""))
            if header is None or header.get("settings") != json.loads(json.dumps(key)):
                return {}
            for line in lines:
                entry = _parse(line)
                if entry is not None and "input" in entry:
                    entries[entry["input"]] = entry
    except FileNotFoundError:
        pass
    return entries


def _parse(line: bytes) -> dict | None:
    try:
        value = json.loads(line)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _json_line(value: object) -> bytes:
    return (json.dumps(value) + "\n").encode("ascii")  # ASCII: any file name round-trips


def _up_to_date(entry: dict, in_dir: str, out_dir: str, rel: str) -> bool:
    """Converted with these settings, not failed as a whole, output still there, input unchanged."""
    if entry.get("output") is None or not os.path.isfile(os.path.join(out_dir, entry["output"])):
        return False
    try:
        st = os.stat(os.path.join(in_dir, rel))
    except OSError:
        return False
    return entry.get("size") == st.st_size and entry.get("mtime_ns") == st.st_mtime_ns


def _new_page_count(jobs: int, todo: int):
    """The page counter the progress bar reads: shared memory when a pool of workers will write it."""
    if jobs == 1 or todo < 2:
        return _PageCount()
    import multiprocessing

    return multiprocessing.get_context("spawn").Value("q", 0)


def _convert_all(job: _Job, todo: list[str], jobs: int, cluster: str | None = None) -> Iterator[_Status]:
    """Convert each input, in this process, on a pool or on a Dask cluster, yielding statuses as they finish.

    A pool takes the largest inputs first, one at a time, so that no worker is
    left converting a big file alone at the end.
    """
    if cluster is not None:
        from .cluster import convert_on_cluster  # imports distributed: only when asked for

        yield from convert_on_cluster(job, todo, cluster)
        return
    if jobs == 1 or len(todo) < 2:
        for rel in todo:
            yield _convert(job, rel)
        return
    largest_first = sorted(todo, key=lambda rel: _size(os.path.join(job.in_dir, rel)), reverse=True)
    with _pool(min(jobs, len(todo)), job) as pool:
        yield from pool.imap_unordered(_convert_in_worker, largest_first)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _convert_in_worker(rel: str) -> _Status:
    return _convert(_WORKER_STATE, rel)


def _convert(job: _Job, rel: str) -> _Status:
    """Read, extract and write one input of a batch; never raises."""
    path = os.path.join(job.in_dir, rel)
    try:
        st = os.stat(path)
    except OSError as e:
        return _Status(rel, None, None, None, 0, [Failure(path, None, (e.strerror or str(e)).lower()).to_dict()])
    archive = is_warc(path)
    output = rel + job.settings.formatter.suffix(archive)
    target = os.path.join(job.out_dir, output)
    failures: list[Failure] = []
    try:
        if output in (MANIFEST, ERRORS):
            raise InputError(path, f"its output would overwrite {output}")
        _make_out_dirs(job.out_dir, os.path.dirname(output))
        if archive:
            pages, failures = _write_archive(path, target, job.settings, lambda: _count_page(job))
        else:
            record, failure = file_record(path, job.settings)
            if failure is not None:
                return _Status(rel, st.st_size, st.st_mtime_ns, None, 0, [failure.to_dict()])
            with atomic_file(target) as f:
                f.write(job.settings.formatter.render(record))
            pages = 1
            _count_page(job)
    except InputError as e:
        return _Status(rel, st.st_size, st.st_mtime_ns, None, 0, [Failure(path, None, e.message).to_dict()])
    except _NotThrough as e:
        return _Status(rel, st.st_size, st.st_mtime_ns, None, 0, [Failure(path, None, str(e)).to_dict()])
    except OSError as e:
        if e.errno in _FATAL_ERRNOS:
            raise _out_dir_error(target, e) from None
        message = f"cannot write {target}: {(e.strerror or str(e)).lower()}"
        return _Status(rel, st.st_size, st.st_mtime_ns, None, 0, [Failure(path, None, message).to_dict()])
    except Exception as e:  # a bug on one input must not stop the batch
        message = f"internal error: {type(e).__name__}: {e}"
        return _Status(rel, st.st_size, st.st_mtime_ns, None, 0, [Failure(path, None, message).to_dict()])
    return _Status(rel, st.st_size, st.st_mtime_ns, output, pages, [f.to_dict() for f in failures])


def _make_out_dirs(out_dir: str, rel_dir: str) -> None:
    """Create the folders of ``rel_dir`` under OUT_DIR, refusing to go through anything that is not
    a real folder: a symbolic link planted in OUT_DIR (``out/news -> /etc``) would send the
    outputs under it outside OUT_DIR. Raises :class:`_NotThrough` naming it."""
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
            raise _NotThrough(
                f"cannot write {os.path.join(out_dir, rel_dir)}: {path} is {kind}; nothing is written through it"
            )


class _NotThrough(Exception):
    """An output's folder in OUT_DIR is a symbolic link or a file (one line)."""


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
            f.write((settings.formatter.separator if pages else b"") + settings.formatter.render(record))
            pages += 1
    return pages, failures


class _ProgressBar:
    """A rich progress bar on stderr: files, pages (inside archives too) and pages/s, ETA and failures.

    The file count moves as inputs finish; the page count and rate are read
    from the shared counter each time the bar redraws (ten times a second),
    so a big archive shows its pages going by rather than ``0/1 files``.
    """

    def __init__(self, total: int, pages, start: float):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        class PagesColumn(ProgressColumn):
            def render(self, task) -> Text:
                done = pages.value
                elapsed = time.monotonic() - start
                return Text(f"{done} pages {done / elapsed if elapsed > 0 else 0.0:.1f} pages/s")

        self._progress = Progress(
            TextColumn("newsclean batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            PagesColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[failed]} failed"),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._progress.add_task("", total=total, failed=0)
        self._failed = 0
        self._progress.start()

    def advance(self, status: _Status) -> None:
        self._failed += bool(status.errors)
        self._progress.update(self._task, advance=1, failed=self._failed)

    def line(self) -> str:
        """The bar as it would be drawn now, as plain text (for tests)."""
        import io

        from rich.console import Console

        console = Console(width=200, file=io.StringIO(), color_system=None)
        console.print(self._progress.make_tasks_table(self._progress.tasks))
        return console.file.getvalue().strip()

    def stop(self) -> None:
        self._progress.stop()
