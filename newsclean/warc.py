"""Pages inside web archives: WARC files (HTML responses) and WET files (their text).

    >>> if is_warc("crawl.warc.gz"):
    ...     for page in iter_pages("crawl.warc.gz", DEFAULT_MAX_BYTES):
    ...         page.source, page.url, page.data   # "crawl.warc.gz#urn:uuid:…", the WARC-Target-URI, bytes

An archive is recognised by its content (it starts with ``WARC/``, gzipped or
not), not by its name. Each HTML response (HTTP status 2xx, Content-Type
``text/html`` or ``application/xhtml+xml``) and each WET ``conversion`` record
is one page; every other record (requests, metadata, redirects, images) is
skipped. The WARC library, FastWARC, is imported only when an archive is read,
so the plain-file path stays light.

FastWARC is asked for the raw HTTP body and the body is decoded here,
leniently: a chunked body that does not parse is kept as it is, and gzip goes
through :func:`newsclean.read.inflate`, so one malformed record can neither
stop the archive nor inflate past ``max_bytes``.
"""
from __future__ import annotations

import io
from contextlib import nullcontext
from typing import BinaryIO, NamedTuple, Iterator, Optional

from .read import GZIP_MAGIC, InputError, inflate, open_input

_MAGIC = b"WARC/"
#: How much of a file is read to recognise an archive (enough for a gzip header and first block).
_SNIFF_BYTES = 4096
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_IDENTITY = frozenset({"", "identity", "none", "gzip", "x-gzip"})  # gzip is found by its magic bytes


class Page(NamedTuple):
    """One page of an archive: its bytes, or why there are none (``error``, one line)."""

    file: str
    record_id: str  # the WARC-Record-ID without its angle brackets
    url: Optional[str]  # the WARC-Target-URI
    input_type: str  # "html" for a response, "text" for a WET conversion record
    data: Optional[bytes] = None
    error: Optional[str] = None

    @property
    def source(self) -> str:
        """How records and messages name the page: ``FILE#<record id>``."""
        return f"{self.file}#{self.record_id}"


def is_warc(path: str) -> bool:
    """Whether ``path`` is a WARC or WET file, gzipped or not (False if it cannot be read)."""
    try:
        with open_input(path) as f:  # a regular file only: a FIFO would block here
            head = f.read(_SNIFF_BYTES)
    except (InputError, OSError):
        return False
    return looks_like_warc(head)


def looks_like_warc(head: bytes) -> bool:
    """Whether ``head``, the first bytes of an input, begin a WARC or WET file, gzipped or not."""
    if head.startswith(GZIP_MAGIC):
        try:
            head = GzipMembers(io.BytesIO(head)).read(len(_MAGIC))
        except OSError:  # not gzip data after all
            return False
    return head.startswith(_MAGIC)


def iter_pages(path: str, max_bytes: int, stream: Optional[BinaryIO] = None) -> Iterator[Page]:
    """The pages of the archive ``path``, in file order, streamed.

    ``stream`` is the archive's bytes when they do not come from the file ``path``
    (standard input). A record larger than ``max_bytes`` (raw or inflated) or with
    an unknown Content-Encoding comes as a :class:`Page` with ``error`` set. Raises
    :class:`InputError` when the file cannot be opened, or when it stops being
    a valid archive partway (the pages before it have been yielded).

    A gzipped archive is inflated here, member after member (:class:`GzipMembers`),
    and FastWARC reads the plain records: FastWARC's own reader takes an empty gzip
    member for the end of the file and silently drops every record after it.
    """
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    wanted = WarcRecordType.response | WarcRecordType.conversion
    with (open_input(path) if stream is None else nullcontext(stream)) as f:
        try:
            head = f.peek(len(GZIP_MAGIC))[:len(GZIP_MAGIC)] if hasattr(f, "peek") else b""
            if head.startswith(GZIP_MAGIC):
                f = GzipMembers(f)
            elif stream is not None:
                f = _Counted(f)  # FastWARC asks where it is (tell), which a pipe cannot say
            records = ArchiveIterator(f, record_types=wanted, parse_http=True, auto_decode="none")
            for record in records:
                if record.record_type == WarcRecordType.conversion:
                    yield _page(path, record, "text", max_bytes)
                elif _is_html_response(record):
                    yield _page(path, record, "html", max_bytes)
        except OSError as e:
            raise InputError(path, f"not a valid WARC file ({' '.join(str(e).split())})") from None


#: Compressed bytes read at a time, and inflated bytes asked of zlib at a time.
_READ_CHUNK = 1 << 20


class _Counted(io.RawIOBase):
    """A stream read forward only, that knows how many bytes it has given (``tell``)."""

    def __init__(self, raw: BinaryIO):
        self._raw = raw
        self._pos = 0

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def readinto(self, buffer) -> int:
        n = self._fill(buffer)
        self._pos += n
        return n

    def _fill(self, buffer) -> int:
        data = self._raw.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


class GzipMembers(_Counted):
    """The inflated bytes of a stream of gzip members, read one member after another.

    An empty member (``gzip.compress(b"")``, which some crawlers write) is skipped
    like any other. The output is made ``_READ_CHUNK`` bytes at a time, so a member
    that inflates to gigabytes never sits in memory whole. Raises ``OSError`` when the
    data is not gzip, or is cut short inside a member.
    """

    def __init__(self, raw: BinaryIO):
        import zlib  # here, not at the top: most inputs are not gzipped, and it costs start-up ~2 ms

        super().__init__(raw)
        self._zlib = zlib
        self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        self._pending = b""  # compressed bytes read but not yet given to the inflater
        self._started = False  # the current member has had input
        self._out = memoryview(b"")

    def _fill(self, buffer) -> int:
        while not self._out:
            if not self._inflate(len(buffer)):
                return 0
        n = min(len(buffer), len(self._out))
        buffer[:n] = self._out[:n]
        self._out = self._out[n:]
        return n

    def _inflate(self, want: int) -> bool:
        """Inflate some more into ``_out``; False at the end of the data."""
        zlib = self._zlib
        if self._inflater.eof:  # a member ended: the next starts with its unused bytes
            self._pending = self._inflater.unused_data + self._pending
            self._inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
            self._started = False
        if not self._pending:
            self._pending = self._raw.read(_READ_CHUNK)
            if not self._pending:
                if self._started:
                    raise OSError("gzip data cut short")
                return False
        try:
            out = self._inflater.decompress(self._pending, max(want, _READ_CHUNK))
        except self._zlib.error as e:
            raise OSError(f"not valid gzip data: {e}") from None
        self._started = True
        self._pending = self._inflater.unconsumed_tail
        self._out = memoryview(out)
        return True


def _is_html_response(record) -> bool:
    http = record.http_headers if record.is_http else None
    if http is None or not isinstance(http.status_code, int) or not 200 <= http.status_code < 300:
        return False
    return (record.http_content_type or "").lower() in _HTML_TYPES


def _page(path: str, record, input_type: str, max_bytes: int) -> Page:
    """Read one record's body (at most ``max_bytes`` + 1 bytes) into a :class:`Page`."""
    page = Page(path, (record.record_id or "").strip("<>"), record.headers.get("WARC-Target-URI"), input_type)
    body = record.reader.read(max_bytes + 1)
    if len(body) > max_bytes:
        return page._replace(error=f"larger than {max_bytes} bytes (--max-bytes)")
    http = record.http_headers if input_type == "html" else None
    if http is not None:
        if "chunked" in (http.get("Transfer-Encoding") or "").lower():
            body = _dechunk(body)
        encoding = (http.get("Content-Encoding") or "").strip().lower()
        if encoding not in _IDENTITY:
            return page._replace(error=f"unsupported Content-Encoding {encoding!r}")
    try:
        return page._replace(data=inflate(body, max_bytes, page.source))
    except InputError as e:
        return page._replace(error=e.message)


def _dechunk(data: bytes) -> bytes:
    """The body of a chunked HTTP message; ``data`` unchanged if it is not chunked after all.

    A body cut short keeps the chunks that arrived, like a truncated record.
    """
    chunks, pos = [], 0
    while True:
        eol = data.find(b"\r\n", pos)
        if eol < 0:
            return b"".join(chunks) if chunks else data
        try:
            size = int(data[pos:eol].split(b";")[0], 16)
        except ValueError:
            return data
        if size <= 0:
            return b"".join(chunks) if size == 0 else data
        start = eol + 2
        chunks.append(data[start:start + size])
        pos = start + size + 2
