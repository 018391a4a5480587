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

import json
import os
import time
from collections import deque
from contextlib import closing, contextmanager, suppress
from fnmatch import fnmatchcase
from itertools import islice
from typing import (
    IO, Callable, Dict, Iterable, Iterator, List, NamedTuple, Optional, Sequence, Tuple, Union,
)

from . import __version__
from .deadline import Deadline, PageTimeout
from .model import Article
from .output import Formatter
from .pipeline import extract as extract_article
from .read import DEFAULT_MAX_BYTES, InputError, display_name, read_input
from .warc import Page, is_warc, iter_pages

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


class Settings(NamedTuple):
    """How each input becomes output: extraction options and the output format.

    ``extract`` is the library call (replaceable for tests); ``url`` applies
    to a page file or stdin, not to archive pages, which carry their own.
    """

    input_type: str = "auto"
    max_bytes: int = DEFAULT_MAX_BYTES
    url: Optional[str] = None
    formatter: Formatter = Formatter()
    extract: Callable[..., Article] = extract_article
    favor: str = "balanced"  # or "precision" / "recall"
    keep: Tuple[str, ...] = ()  # removed kinds to keep in the text


class Failure(NamedTuple):
    """Why an input (or one record of an archive) gave no output."""

    file: str
    record: Optional[str]  # the WARC-Record-ID, when one record of an archive failed
    message: str

    def line(self) -> str:
        """One line naming the input: ``FILE: message`` or ``FILE#record: message``."""
        name = display_name(self.file) + (f"#{self.record}" if self.record else "")
        return " ".join(f"{name}: {self.message}".split())

    def to_dict(self) -> dict:
        if self.record is None:
            return {"file": self.file, "error": self.message}
        return {"file": self.file, "record": self.record, "error": self.message}


Outcome = Tuple[Optional[bytes], Optional[Failure]]
"""A page's rendered output, or the failure that stands in its place."""


# --- one page ---------------------------------------------------------------------------------


def _record(settings: Settings, data: bytes, *, file: str, record: Optional[str] = None,
            **options: Optional[str]) -> Tuple[Optional[dict], Optional[Failure]]:
    try:
        if settings.favor != "balanced":
            options["favor"] = settings.favor
        if settings.keep:
            options["keep"] = settings.keep
        return settings.extract(data, **options).to_dict(), None
    except PageTimeout as e:  # --page-timeout: reported, and the batch goes on
        return None, Failure(file, record, str(e))
    except Exception as e:  # a bug on one page must not lose the others
        return None, Failure(file, record, f"internal error: {type(e).__name__}: {e}")


def file_record(path: str, settings: Settings,
                data: Optional[bytes] = None) -> Tuple[Optional[dict], Optional[Failure]]:
    """The record of the page file ``path`` (``-`` is stdin), or why there is none.

    ``data`` is the input's bytes when they have been read already.
    """
    if data is None:
        try:
            data = read_input(path, settings.max_bytes)
        except InputError as e:
            return None, Failure(path, None, e.message)
    return _record(settings, data, file=path, source=path, url=settings.url, input_type=settings.input_type)


def page_record(page: Page, settings: Settings) -> Tuple[Optional[dict], Optional[Failure]]:
    """The record of one archive page, its ``url`` the record's WARC-Target-URI (the caller's URL wins).

    The record type decides HTML or text unless ``settings.input_type`` forces one.
    """
    if page.error is not None:
        return None, Failure(page.file, page.record_id, page.error)
    input_type = page.input_type if settings.input_type == "auto" else settings.input_type
    return _record(settings, page.data, file=page.file, record=page.record_id,
                   source=page.source, url=page.url, input_type=input_type)


# --- extract: a stream in input order -----------------------------------------------------------


class _Stdin(NamedTuple):
    """Standard input, read here: a worker process has none."""

    data: bytes


_Unit = Union[str, _Stdin, Page, Failure]


def _units(paths: Iterable[str], settings: Settings) -> Iterator[_Unit]:
    """The work of ``extract`` in order: page files by name, stdin and archive pages with their bytes."""
    for path in paths:
        if path == "-":
            try:
                yield _Stdin(read_input(path, settings.max_bytes))
            except InputError as e:
                yield Failure(path, None, e.message)
            continue
        if not is_warc(path):
            yield path
            continue
        try:
            yield from iter_pages(path, settings.max_bytes)
        except InputError as e:
            yield Failure(path, None, e.message)
        except Exception as e:  # a bug in reading one archive must not lose the others
            yield Failure(path, None, f"internal error: {type(e).__name__}: {e}")


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


def _unit_outcomes(units: List[_Unit]) -> List[Outcome]:
    """Worker side of ``extract_stream``: one chunk of units."""
    return [_unit_outcome(unit, _WORKER_STATE) for unit in units]


def extract_stream(paths: Iterable[str], settings: Settings, jobs: int = 1) -> Iterator[Outcome]:
    """The outcome of every page of ``paths``, in input order (archives give one per page)."""
    units = _units(paths, settings)
    if jobs == 1:
        for unit in units:
            yield _unit_outcome(unit, settings)
        return
    with _pool(jobs, settings) as pool:
        pending: deque = deque()

        def submit() -> None:
            chunk = list(islice(units, _CHUNK))
            if chunk:
                pending.append(pool.apply_async(_unit_outcomes, (chunk,)))

        for _ in range(jobs * _CHUNKS_PER_WORKER):
            submit()
        while pending:
            done = pending.popleft().get()
            submit()
            yield from done


# --- worker processes ---------------------------------------------------------------------------

#: What a worker process works with: ``Settings`` for extract, a ``_Job`` for batch.
_WORKER_STATE = None


def _init_worker(state: object) -> None:
    import signal  # here, not at the top: only workers need it, and it costs start-up ~3 ms
    import threading  # likewise (~1.5 ms)

    global _WORKER_STATE
    _WORKER_STATE = state
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops us
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


# --- writing files ------------------------------------------------------------------------------


@contextmanager
def atomic_file(path: str) -> Iterator[IO[bytes]]:
    """Write ``path`` through a temp file beside it, moved onto ``path`` only on success.

    The temp file (``.NAME.PID.newsclean-tmp``) is removed if the block raises;
    a killed process leaves it behind, never a partial ``path``.
    """
    directory, name = os.path.split(path)
    temp = os.path.join(directory, f".{name}.{os.getpid()}{TMP_SUFFIX}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
        os.replace(temp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise


# --- batch: a folder in, a mirrored folder out --------------------------------------------------


class BatchError(Exception):
    """IN_DIR and OUT_DIR cannot be used together as given (one line; the CLI exits 2)."""


class _Job(NamedTuple):
    in_dir: str
    out_dir: str
    settings: Settings


class _Status(NamedTuple):
    """What a worker reports about one input: small, so results cross processes cheaply."""

    input: str  # relative to IN_DIR
    size: Optional[int]
    mtime_ns: Optional[int]
    output: Optional[str]  # relative to OUT_DIR; None when the input failed as a whole
    pages: int
    errors: List[dict]  # Failure.to_dict() of the input or of its failed records


class Summary:
    """The outcome of a batch, as the closing line reports it."""

    __slots__ = ("inputs", "converted", "up_to_date", "failed", "pages", "seconds", "errors_file", "interrupted")

    def __init__(self, errors_file: str = ""):
        self.inputs = self.converted = self.up_to_date = 0
        self.failed = 0  # inputs with an error (a whole file, or records of an archive)
        self.pages = 0
        self.seconds = 0.0
        self.errors_file = errors_file
        self.interrupted = False

    def line(self) -> str:
        rate = self.pages / self.seconds if self.seconds else 0.0
        failed = f"{self.failed} failed (see {self.errors_file})" if self.failed else "0 failed"
        state = "interrupted" if self.interrupted else "done"
        return (f"newsclean: batch {state}: {self.inputs} inputs, {self.converted} converted,"
                f" {self.up_to_date} up to date, {failed}; {self.pages} pages in"
                f" {self.seconds:.1f} s ({rate:.1f} pages/s)")


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
    cluster: Optional[str] = None,
    page_timeout: Optional[float] = None,
) -> Summary:
    """Convert every input under ``in_dir`` into ``out_dir``, mirroring the tree.

    ``include``/``exclude`` are glob patterns (a pattern with a ``/`` matches
    the path relative to ``in_dir``, otherwise the file name); by default the
    names in :data:`DEFAULT_SUFFIXES` are inputs. Inputs already converted with
    the same settings and unchanged since (size and mtime) are skipped unless
    ``force``. Raises :class:`BatchError` when the directories cannot be used;
    a KeyboardInterrupt stops the workers and returns with ``interrupted`` set.

    ``cluster`` (``local:N`` or a Dask scheduler address) converts on a Dask
    cluster instead of the process pool (:mod:`newsclean.cluster`); it may
    raise ``newsclean.cluster.ClusterError``. ``page_timeout`` (seconds)
    reports a page that runs longer as an error and skips it.
    """
    if page_timeout is not None:
        settings = settings._replace(extract=Deadline(settings.extract, page_timeout))
    _prepare_dirs(in_dir, out_dir)
    start = time.monotonic()
    summary = Summary(errors_file=os.path.join(out_dir, ERRORS))
    with _locked(out_dir):
        _remove_temp_files(out_dir)
        key = {"newsclean": __version__, "sources": os.path.join(in_dir, ""), "input_type": settings.input_type,
               "max_bytes": settings.max_bytes, "format": settings.formatter.format,
               "fields": settings.formatter.fields, "favor": settings.favor, "keep": list(settings.keep)}
        done = {} if force else _load_manifest(out_dir, key)
        walk_errors: List[dict] = []
        inputs = find_inputs(in_dir, out_dir, include, exclude, walk_errors.append)
        errors: Dict[str, List[dict]] = {}  # per input, the errors errors.jsonl lists
        todo = []
        for rel in inputs:
            entry = done.get(rel)
            if entry is not None and _up_to_date(entry, in_dir, out_dir, rel):
                errors[rel] = entry.get("errors", [])
            else:
                todo.append(rel)
                done.pop(rel, None)
        summary.inputs, summary.up_to_date = len(inputs), len(inputs) - len(todo)
        bar = _ProgressBar(len(todo)) if progress else None
        statuses = _convert_all(_Job(in_dir, out_dir, settings), todo, jobs, cluster)
        try:
            with atomic_file(os.path.join(out_dir, MANIFEST)) as f:  # compacted: latest entry per input
                f.write(_json_line({"newsclean_batch": 1, "settings": key}))
                f.writelines(_json_line(entry) for entry in done.values())
            with open(os.path.join(out_dir, MANIFEST), "ab") as manifest, closing(statuses):
                for status in statuses:
                    manifest.write(_json_line(status._asdict()))
                    manifest.flush()
                    errors[status.input] = status.errors
                    summary.converted += status.output is not None
                    summary.pages += status.pages
                    if bar is not None:
                        bar.advance(status, summary.pages, start)
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            if bar is not None:
                bar.stop()
            with atomic_file(summary.errors_file) as f:
                f.writelines(_json_line(error) for error in walk_errors)
                f.writelines(_json_line(error) for rel in sorted(errors) for error in errors[rel])
    summary.failed = len(walk_errors) + sum(1 for errs in errors.values() if errs)
    summary.seconds = time.monotonic() - start
    return summary


def find_inputs(
    in_dir: str,
    out_dir: str,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    on_error: Callable[[dict], None] = lambda error: None,
) -> List[str]:
    """The inputs under ``in_dir`` as sorted paths relative to it, never entering ``out_dir``.

    Symbolic links to directories are not followed (no walking loops); a
    directory that cannot be listed is passed to ``on_error`` as an error dict.
    """
    skip = _dir_id(out_dir)
    found = []

    def report(e: OSError) -> None:
        on_error({"file": e.filename, "error": f"cannot list directory: {(e.strerror or str(e)).lower()}"})

    for root, dirs, files in os.walk(in_dir, onerror=report):
        base = os.path.relpath(root, in_dir)
        base = "" if base == os.curdir else base
        dirs[:] = sorted(
            d for d in dirs
            if not _matches(exclude, os.path.join(base, d)) and _dir_id(os.path.join(root, d)) != skip
        )
        for name in sorted(files):
            rel = os.path.join(base, name)
            wanted = _matches(include, rel) if include else name.lower().endswith(DEFAULT_SUFFIXES)
            if wanted and not _matches(exclude, rel):
                found.append(rel)
    return sorted(found)


def _matches(patterns: Sequence[str], rel: str) -> bool:
    posix = rel.replace(os.sep, "/")
    name = posix.rsplit("/", 1)[-1]
    return any(fnmatchcase(posix if "/" in p else name, p) for p in patterns)


def _dir_id(path: str) -> Optional[Tuple[int, int]]:
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
        raise BatchError(f"{out_dir}: not empty and not written by newsclean batch;"
                         " give a new or empty directory")
    os.makedirs(out_dir, exist_ok=True)


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


def _load_manifest(out_dir: str, key: dict) -> Dict[str, dict]:
    """The latest manifest entry per input, or nothing if the settings changed since.

    A line cut short by a killed run is ignored (the run is compacted away at start).
    """
    entries: Dict[str, dict] = {}
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


def _parse(line: bytes) -> Optional[dict]:
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


def _convert_all(job: _Job, todo: List[str], jobs: int, cluster: Optional[str] = None) -> Iterator[_Status]:
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
    failures: List[Failure] = []
    try:
        if output in (MANIFEST, ERRORS):
            raise InputError(path, f"its output would overwrite {output}")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if archive:
            pages, failures = _write_archive(path, target, job.settings)
        else:
            record, failure = file_record(path, job.settings)
            if failure is not None:
                return _Status(rel, st.st_size, st.st_mtime_ns, None, 0, [failure.to_dict()])
            with atomic_file(target) as f:
                f.write(job.settings.formatter.render(record))
            pages = 1
    except InputError as e:
        return _Status(rel, st.st_size, st.st_mtime_ns, None, 0, [Failure(path, None, e.message).to_dict()])
    except OSError as e:
        message = f"cannot write {target}: {(e.strerror or str(e)).lower()}"
        return _Status(rel, st.st_size, st.st_mtime_ns, None, 0, [Failure(path, None, message).to_dict()])
    except Exception as e:  # a bug on one input must not stop the batch
        message = f"internal error: {type(e).__name__}: {e}"
        return _Status(rel, st.st_size, st.st_mtime_ns, None, 0, [Failure(path, None, message).to_dict()])
    return _Status(rel, st.st_size, st.st_mtime_ns, output, pages, [f.to_dict() for f in failures])


def _write_archive(path: str, target: str, settings: Settings) -> Tuple[int, List[Failure]]:
    """Stream the pages of one archive into ``target``: the pages written and the records that failed."""
    pages, failures = 0, []
    with atomic_file(target) as f:
        for page in iter_pages(path, settings.max_bytes):
            record, failure = page_record(page, settings)
            if failure is not None:
                failures.append(failure)
                continue
            f.write((settings.formatter.separator if pages else b"") + settings.formatter.render(record))
            pages += 1
    return pages, failures


class _ProgressBar:
    """A rich progress bar on stderr: files, pages/s, ETA and failures."""

    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn("newsclean batch"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
            TextColumn("{task.fields[rate]:.1f} pages/s"), TimeRemainingColumn(),
            TextColumn("{task.fields[failed]} failed"),
            console=Console(stderr=True), transient=True,
        )
        self._task = self._progress.add_task("", total=total, rate=0.0, failed=0)
        self._failed = 0
        self._progress.start()

    def advance(self, status: _Status, pages: int, start: float) -> None:
        self._failed += bool(status.errors)
        elapsed = time.monotonic() - start
        self._progress.update(self._task, advance=1, rate=pages / elapsed if elapsed else 0.0,
                              failed=self._failed)

    def stop(self) -> None:
        self._progress.stop()

