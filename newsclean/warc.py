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

from typing import NamedTuple, Iterator, Optional

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
        with open(path, "rb") as f:
            head = f.read(_SNIFF_BYTES)
    except OSError:
        return False
    if head.startswith(GZIP_MAGIC):
        import zlib  # here, not at the top: most inputs are not gzipped, and it costs start-up ~2 ms

        try:
            head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, len(_MAGIC))
        except zlib.error:
            return False
    return head.startswith(_MAGIC)


def iter_pages(path: str, max_bytes: int) -> Iterator[Page]:
    """The pages of the archive ``path``, in file order, streamed.

    A record larger than ``max_bytes`` (raw or inflated) or with an unknown
    Content-Encoding comes as a :class:`Page` with ``error`` set. Raises
    :class:`InputError` when the file cannot be opened, or when it stops being
    a valid archive partway (the pages before it have been yielded).
    """
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    wanted = WarcRecordType.response | WarcRecordType.conversion
    with open_input(path) as f:
        records = ArchiveIterator(f, record_types=wanted, parse_http=True, auto_decode="none")
        try:
            for record in records:
                if record.record_type == WarcRecordType.conversion:
                    yield _page(path, record, "text", max_bytes)
                elif _is_html_response(record):
                    yield _page(path, record, "html", max_bytes)
        except OSError as e:
            raise InputError(path, f"not a valid WARC file ({' '.join(str(e).split())})") from None


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
