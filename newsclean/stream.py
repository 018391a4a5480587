"""``extract`` over many inputs: each page's outcome, in input order, on one core or a pool.

    >>> settings = Settings(formatter=Formatter("json"))
    >>> for output, failure in extract_stream(["a.html", "crawl.warc.gz"], settings, jobs=2):
    ...     ...                                  # in input order, one per page

It runs on one core (``jobs=1``, in this process) or on a pool of ``jobs``
spawned worker processes (:mod:`newsclean.workers`). Each page file goes to a
worker by name (the worker reads it) and each page of an archive as bytes;
results come back in input order, with a bounded number of pages in flight, so
memory stays flat over a crawl of any size.

Here too are the pieces every many-input path shares: :class:`Settings`,
:class:`Failure`, and the record of one page file or archive page
(:func:`file_record`, :func:`page_record`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple, cast

from .deadline import PageTimeout
from .model import Article
from .output import Formatter, markdown_paragraphs
from .pipeline import extract_read as extract_article
from .read import DEFAULT_MAX_BYTES, InputError, display_name, read_input
from .warc import Page, is_warc, iter_pages, looks_like_warc
from .workers import worker_pool, worker_state

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
    settings: Settings, data: bytes, *, file: str, record: str | None = None, **options: object
) -> tuple[dict | None, Failure | None]:
    try:
        if settings.favor != "balanced":
            options["favor"] = settings.favor
        if settings.keep:
            options["keep"] = settings.keep
        article = settings.extract(data, **options)
        result = article.to_dict()
        if settings.formatter.format == "markdown":  # the story's structure, which only the blocks know
            result["paragraphs"] = markdown_paragraphs(article)
        return result, None
    except PageTimeout as e:  # --page-timeout: reported, and the batch goes on
        return None, Failure(file, record, str(e))
    except Exception as e:  # a bug on one page must not lose the others
        return None, Failure(file, record, f"internal error: {type(e).__name__}: {e}")


def file_record(path: str, settings: Settings, data: bytes | None = None) -> tuple[dict | None, Failure | None]:
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
        cast(bytes, page.data),  # there when there is no error
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


_Unit = str | _Stdin | Page | Failure


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
    settings = worker_state()
    assert isinstance(settings, Settings)
    return [_unit_outcome(unit, settings) for unit in units]


def extract_stream(paths: Iterable[str], settings: Settings, jobs: int = 1) -> Iterator[Outcome]:
    """The outcome of every page of ``paths``, in input order (archives give one per page)."""
    units = _units(paths, settings)
    if jobs == 1:
        for unit in units:
            yield _unit_outcome(unit, settings)
        return
    chunks = _chunks(units)
    with worker_pool(jobs, settings) as pool:
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
