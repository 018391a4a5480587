"""``batch``: a folder in, a mirrored folder out.

    >>> summary = run_batch("pages/", "out/", Settings(formatter=Formatter("json")), jobs=2)

Each input becomes ``OUT_DIR/<relative path>.json`` (``.jsonl`` for a WARC/WET
file), which the worker writes itself (:mod:`newsclean.convert`), atomically
(:mod:`newsclean.safefs`: a temp file beside it, then ``os.replace``),
returning only a small :class:`Status`. A manifest in OUT_DIR records each converted input's size and
mtime, so a re-run skips what is up to date and an interrupted batch resumes;
failures go to ``OUT_DIR/errors.jsonl``. Inputs are converted in this process
(``jobs=1``), on a pool of spawned workers (:mod:`newsclean.workers`) or on a
Dask cluster (:mod:`newsclean.cluster`).

The names of :mod:`newsclean.stream`, :mod:`newsclean.workers` and
:mod:`newsclean.safefs` that callers used from here are still importable from
here.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Generator, Sequence
from contextlib import closing

from . import __version__, remote
from .convert import Job, Status, convert, input_is_warc, input_size, input_stat, join_path
from .deadline import Deadline
from .output import Formatter
from .progress import ProgressBar
from .safefs import (
    ERRORS,
    MANIFEST,
    TMP_SUFFIX,
    BatchError,
    OutDirError,
    appender,
    atomic_file,
    dir_id,
    json_line,
    load_manifest,
    locked,
    out_dir_error,
    prepare_dirs,
    remove_stale_temps,
    remove_temp_files,
)
from .stream import Failure, Outcome, Settings, extract_stream, file_record, is_url, page_record
from .workers import SIGINT, Interrupted, interrupted_status, signals_held, signals_interrupt, worker_pool, worker_state

__all__ = [
    "DEFAULT_SUFFIXES",
    "ERRORS",
    "MANIFEST",
    "TMP_SUFFIX",
    "BatchError",
    "Failure",
    "Interrupted",
    "Job",
    "OutDirError",
    "Outcome",
    "Settings",
    "Status",
    "Summary",
    "atomic_file",
    "convert",
    "extract_stream",
    "file_record",
    "find_inputs",
    "glob_matcher",
    "input_size",
    "interrupted_status",
    "is_url",
    "page_record",
    "remove_stale_temps",
    "run_batch",
    "signals_held",
    "signals_interrupt",
]

#: Names (lower-cased) that ``batch`` takes as inputs unless ``--include`` is given.
DEFAULT_SUFFIXES = tuple(
    s + gz for s in (".html", ".htm", ".xhtml", ".shtml", ".txt", ".warc", ".wet") for gz in ("", ".gz")
)


class _PageCount:
    """A page counter for a batch in this process (``jobs=1``); a pool shares a
    ``multiprocessing.Value`` instead, which has the same ``value`` and ``get_lock()``."""

    def __init__(self) -> None:
        self.value = 0

    def get_lock(self):
        from contextlib import nullcontext

        return nullcontext()


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
    listed: Sequence[str] | None = None,
) -> Summary:
    """Convert every input under ``in_dir`` into ``out_dir``, mirroring the tree.

    ``include``/``exclude`` are gitignore-style patterns (:func:`glob_matcher`);
    by default the names in :data:`DEFAULT_SUFFIXES` are inputs. Inputs already converted with
    the same settings and unchanged since (size and mtime) are skipped unless
    ``force``. Raises :class:`BatchError` when the directories cannot be used;
    a KeyboardInterrupt (Ctrl-C, or SIGTERM/SIGHUP under :func:`signals_interrupt`) stops the
    workers and returns with ``interrupted`` set to the signal's number.

    ``listed`` (``--inputs``) names the inputs instead of every file under ``in_dir``: each a
    path relative to ``in_dir``, or a path or URL under it (:func:`listed_inputs`). ``in_dir``
    and ``out_dir`` may be fsspec URLs (:mod:`newsclean.remote`).
    """
    for patterns, option in ((include, "--include"), (exclude, "--exclude")):
        if patterns:
            glob_matcher(patterns, option)  # a bad pattern is refused before OUT_DIR is made
    if page_timeout is not None:
        settings = settings._replace(extract=Deadline(settings.extract, page_timeout))
    prepare_dirs(in_dir, out_dir)
    start = time.monotonic()
    summary = Summary(errors_file=join_path(out_dir, ERRORS))
    with locked(out_dir):
        remove_temp_files(out_dir)
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
        done = {} if force else load_manifest(out_dir, key)
        walk_errors: list[dict] = []
        if listed is None:
            inputs = find_inputs(in_dir, out_dir, include, exclude, walk_errors.append, follow_symlinks)
        else:
            inputs = listed_inputs(in_dir, listed, walk_errors.append)
        errors: dict[str, list[dict]] = {}  # per input, the errors errors.jsonl lists
        todo = _to_convert(in_dir, out_dir, inputs, settings.formatter, done, errors)
        summary.inputs, summary.up_to_date = len(inputs), len(inputs) - len(todo)
        counter = _new_page_count(1 if cluster else jobs, len(todo)) if progress else None
        # Dask workers cannot reach a counter here: the driver counts their pages as inputs finish
        shared = None if cluster else counter
        bar = ProgressBar(len(todo), counter, start) if progress else None
        statuses = _convert_all(Job(in_dir, out_dir, settings, shared), todo, jobs, cluster)
        manifest_path = join_path(out_dir, MANIFEST)
        try:
            try:
                with atomic_file(manifest_path) as f:  # compacted: latest entry per input
                    f.write(json_line({"newsclean_batch": 1, "settings": key}))
                    f.writelines(json_line(entry) for entry in done.values())
            except OSError as e:
                raise out_dir_error(manifest_path, e) from None
            with appender(manifest_path) as manifest, closing(statuses):
                for status in statuses:
                    manifest.append(json_line(status._asdict()))
                    errors[status.input] = status.errors
                    summary.converted += status.output is not None
                    summary.pages += status.pages
                    if bar is not None:
                        if shared is None and counter is not None:
                            counter.value += _pages_seen(status)
                        bar.advance(bool(status.errors))
        except KeyboardInterrupt as e:
            summary.interrupted = getattr(e, "signum", SIGINT)
        except OutDirError as e:  # disk full, read-only: every later input would fail the same way
            summary.stopped.append(str(e))
        finally:
            if bar is not None:
                bar.stop()
            if summary.interrupted or summary.stopped:
                # The workers are stopped and OUT_DIR is still ours: a temp file an output was
                # being written through when the signal came is not left for the next run.
                remove_temp_files(out_dir)
            try:
                with atomic_file(summary.errors_file) as f:
                    f.writelines(json_line(error) for error in walk_errors)
                    f.writelines(json_line(error) for rel in sorted(errors) for error in errors[rel])
            except OSError as e:
                summary.stopped.append(str(out_dir_error(summary.errors_file, e)))
    summary.failed = len(walk_errors) + sum(1 for errs in errors.values() if errs)
    summary.seconds = time.monotonic() - start
    return summary


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
    if remote.is_remote(in_dir):
        return _find_at_url(in_dir, out_dir, include, exclude)
    skip = dir_id(out_dir)
    real_in = os.path.join(os.path.realpath(in_dir), "")
    seen = set()
    found = []
    included = glob_matcher(include, "--include") if include else None
    excluded = glob_matcher(exclude, "--exclude") if exclude else None

    def report(e: OSError) -> None:
        on_error({"file": e.filename, "error": f"cannot list directory: {(e.strerror or str(e)).lower()}"})

    for root, dirs, files in os.walk(in_dir, onerror=report, followlinks=follow_symlinks):
        if follow_symlinks:
            ident = dir_id(root)
            if ident in seen:  # reached again through a link: walked already
                dirs[:] = []
                continue
            seen.add(ident)
        base = os.path.relpath(root, in_dir)
        base = "" if base == os.curdir else base
        dirs[:] = sorted(
            d
            for d in dirs
            if not (excluded and excluded(os.path.join(base, d), True)) and dir_id(os.path.join(root, d)) != skip
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


def _find_at_url(in_dir: str, out_dir: str, include: Sequence[str], exclude: Sequence[str]) -> list[str]:
    """:func:`find_inputs` for a URL: every object under it (stores have no links), OUT_DIR left out."""
    included = glob_matcher(include, "--include") if include else None
    excluded = glob_matcher(exclude, "--exclude") if exclude else None
    inside = out_dir.rstrip("/") + "/"
    base = in_dir.rstrip("/") + "/"
    skip = inside[len(base) :] if inside.startswith(base) else None  # OUT_DIR under IN_DIR
    found = []
    for rel in remote.walk(in_dir):
        if skip is not None and rel.startswith(skip):
            continue
        parents = [rel[:i] for i, c in enumerate(rel) if c == "/"]
        if excluded and (excluded(rel, False) or any(excluded(p, True) for p in parents)):
            continue
        if included(rel, False) if included else rel.lower().endswith(DEFAULT_SUFFIXES):
            found.append(rel)
    return found


def listed_inputs(in_dir: str, listed: Sequence[str], on_error: Callable[[dict], None]) -> list[str]:
    """The inputs an ``--inputs`` list names, as sorted paths relative to ``in_dir``, once each.

    An entry is a path relative to ``in_dir`` or a path or URL under it; one outside it, or
    one that climbs out with ``..``, is passed to ``on_error`` (its output would have no place
    in OUT_DIR's mirror of IN_DIR).
    """
    base = in_dir.rstrip("/") + "/" if remote.is_remote(in_dir) else os.path.join(os.path.abspath(in_dir), "")
    found = set()
    for entry in listed:
        if remote.is_remote(entry) or remote.is_remote(in_dir):
            rel = entry[len(base) :] if entry.startswith(base) else None if "://" in entry else entry
        else:
            path = os.path.abspath(os.path.join(in_dir, entry))
            rel = path[len(base) :] if path.startswith(base) else None
        parts = rel.replace(os.sep, "/").split("/") if rel else []
        if not rel or ".." in parts or rel.startswith("/"):
            on_error({"file": entry, "error": f"not under IN_DIR ({in_dir}): --inputs lists inputs under IN_DIR"})
            continue
        found.add(rel)
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
            output = rel + formatter.suffix(input_is_warc(join_path(in_dir, rel)))
            if output in folders:
                clashes[rel] = f"its output {output} would be the folder that holds other inputs' outputs"
    return clashes


def _up_to_date(entry: dict, in_dir: str, out_dir: str, rel: str) -> bool:
    """Converted with these settings, not failed as a whole, output still there, input unchanged."""
    if entry.get("output") is None:
        return False
    output = join_path(out_dir, entry["output"])
    try:
        if not (remote.exists(output) if remote.is_remote(output) else os.path.isfile(output)):
            return False
        size, mtime_ns = input_stat(join_path(in_dir, rel))
    except (OSError, remote.RemoteError):
        return False
    return entry.get("size") == size and entry.get("mtime_ns") == mtime_ns


def _to_convert(
    in_dir: str, out_dir: str, inputs: list[str], formatter: Formatter, done: dict[str, dict], errors: dict
) -> list[str]:
    """The inputs to convert; those up to date (their past errors) and those refused go to ``errors``,
    and what is converted again leaves ``done`` (the manifest entries kept)."""
    for rel, message in _output_clashes(in_dir, inputs, formatter).items():
        errors[rel] = [Failure(join_path(in_dir, rel), None, message).to_dict()]
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
    return todo


def _pages_seen(status: Status) -> int:
    """The pages an input's conversion went through, as a worker counts them: written or failed."""
    return status.pages + sum(1 for error in status.errors if "record" in error)


def _new_page_count(jobs: int, todo: int):
    """The page counter the progress bar reads: shared memory when a pool of workers will write it."""
    if jobs == 1 or todo < 2:
        return _PageCount()
    import multiprocessing

    return multiprocessing.get_context("spawn").Value("q", 0)


def _convert_all(job: Job, todo: list[str], jobs: int, cluster: str | None = None) -> Generator[Status, None, None]:
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
            yield convert(job, rel)
        return
    largest_first = sorted(todo, key=lambda rel: input_size(join_path(job.in_dir, rel)), reverse=True)
    with worker_pool(min(jobs, len(todo)), job) as pool:
        yield from pool.imap_unordered(_convert_in_worker, largest_first)


def _convert_in_worker(rel: str) -> Status:
    job = worker_state()
    assert isinstance(job, Job)
    return convert(job, rel)
