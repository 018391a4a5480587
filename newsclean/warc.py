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

Each HTML response's body is decoded with FastWARC's own stream readers
(chunked transfer coding; ``gzip``, ``deflate``, ``br`` and ``zstd`` content
codings, several in a row included), record by record, and never to more than
``max_bytes``. Not through the iterator's ``auto_decode``: there, one record
whose body does not decode raises from the iterator and ends the archive,
where here it fails alone. A chunked body that does not parse is kept as it
is (some crawlers store bodies de-chunked but keep the header), and so is a
body that is not in its content coding but reads as text (stored decoded);
a ``deflate`` body sent without its zlib wrapper (raw deflate, which
browsers accept) is inflated as such. The charset of the HTTP ``Content-Type`` header
comes with the page (``Page.charset``) for the decoder.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from .read import GZIP_MAGIC, InputError, inflate, open_input

if TYPE_CHECKING:
    from fastwarc.stream_io import WarcReader

_MAGIC = b"WARC/"
#: How much of a file is read to recognise an archive (enough for a gzip header and first block).
_SNIFF_BYTES = 4096
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: Content codings that leave the bytes as they are.
_IDENTITY = frozenset({"", "identity", "none"})
#: How much of a decoded body is read at a time (a truncated body keeps what was read).
_READ_CHUNK = 1 << 16


class Page(NamedTuple):
    """One page of an archive: its bytes, or why there are none (``error``, one line)."""

    file: str
    record_id: str  # the WARC-Record-ID without its angle brackets
    url: str | None  # the WARC-Target-URI
    input_type: str  # "html" for a response, "text" for a WET conversion record
    data: bytes | None = None
    error: str | None = None
    charset: str | None = None  # the charset of the HTTP Content-Type header, as it was given

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


def iter_pages(path: str, max_bytes: int, stream: BinaryIO | None = None) -> Iterator[Page]:
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
    with open_input(path) if stream is None else nullcontext(stream) as f:
        try:
            head = f.peek(len(GZIP_MAGIC))[: len(GZIP_MAGIC)] if hasattr(f, "peek") else b""
            source: BinaryIO | _Counted = f
            if head.startswith(GZIP_MAGIC):
                source = GzipMembers(f)
            elif stream is not None:
                source = _Counted(f)  # FastWARC asks where it is (tell), which a pipe cannot say
            records = ArchiveIterator(source, record_types=wanted, parse_http=True, auto_decode="none")
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
        buffer[: len(data)] = data
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
        # At a member's end zlib puts the bytes after it in unused_data and, when max_length cut the
        # output, the same bytes in unconsumed_tail too: take them once (unused_data, above).
        self._pending = b"" if self._inflater.eof else self._inflater.unconsumed_tail
        self._out = memoryview(out)
        return True


def _is_html_response(record) -> bool:
    http = record.http_headers if record.is_http else None
    if http is None or not isinstance(http.status_code, int) or not 200 <= http.status_code < 300:
        return False
    return (record.http_content_type or "").lower() in _HTML_TYPES


def _page(path: str, record, input_type: str, max_bytes: int) -> Page:
    """Read one record's body (at most ``max_bytes`` + 1 bytes, raw and decoded) into a :class:`Page`."""
    page = Page(path, (record.record_id or "").strip("<>"), record.headers.get("WARC-Target-URI"), input_type)
    body = record.reader.read(max_bytes + 1)
    if len(body) > max_bytes:
        return page._replace(error=f"larger than {max_bytes} bytes (--max-bytes)")
    http = record.http_headers if input_type == "html" else None
    try:
        if http is not None:
            page = page._replace(charset=record.http_charset)
            body = decode_http_body(body, http.get("Transfer-Encoding"), http.get("Content-Encoding"), max_bytes)
        return page._replace(data=inflate(body, max_bytes, page.source))
    except InputError as e:
        return page._replace(error=e.message)


class _BodyError(InputError):
    def __init__(self, message: str):
        super().__init__("", message)


def decode_http_body(body: bytes, transfer_encoding: str | None, content_encoding: str | None, max_bytes: int) -> bytes:
    """An HTTP message body undone of its transfer and content codings, with FastWARC's readers.

    Raises :class:`InputError` (with an empty path: the caller names the
    input) for an unknown coding, data that is not in its coding, or a body
    that decodes to more than ``max_bytes``.
    """
    from fastwarc.stream_io import ChunkedReader

    if "chunked" in (transfer_encoding or "").lower():
        try:
            body = _read_decoded(lambda: ChunkedReader(io.BytesIO(body)), max_bytes)
        except _BodyError:
            raise
        except OSError:
            pass  # not chunked after all: the body as stored
    codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
    for coding in reversed([c for c in codings if c not in _IDENTITY]):  # the last applied comes off first
        body = _undo_coding(body, coding, max_bytes)
    return body


def _undo_coding(body: bytes, coding: str, max_bytes: int) -> bytes:
    from fastwarc.stream_io import BrotliReader, GzipReader, ZstdReader

    readers = {
        "gzip": lambda: GzipReader(io.BytesIO(body)),
        "x-gzip": lambda: GzipReader(io.BytesIO(body)),
        "deflate": lambda: GzipReader(io.BytesIO(body), zlib=True),
        "br": lambda: BrotliReader(io.BytesIO(body)),
        "zstd": lambda: ZstdReader(io.BytesIO(body)),
    }
    if coding not in readers:
        raise _BodyError(f"unsupported Content-Encoding {coding!r}")
    try:
        return _read_decoded(readers[coding], max_bytes)
    except _BodyError:
        raise
    except OSError:
        pass
    if coding == "deflate":  # raw deflate, without the zlib wrapper the standard asks for
        try:
            return _raw_deflate(body, max_bytes)
        except _BodyError as e:
            if "larger than" in e.message:
                raise
    from .detect import looks_binary

    if body and not looks_binary(body):
        return body  # stored decoded, the header kept (some archiving tools do): the page as it is
    raise _BodyError(f"not valid {coding} data (Content-Encoding)")


def _read_decoded(open_reader: Callable[[], WarcReader], max_bytes: int) -> bytes:
    """Everything the reader ``open_reader()`` gives, failing past ``max_bytes``.

    A body cut short (a truncated record) keeps what decodes of it: FastWARC's
    readers fail a whole ``read`` that runs into the cut, and a failed reader
    stays failed, so the last stretch is read again, from a fresh reader, in
    halving steps.
    """
    chunks: list[bytes] = []
    reader, size, step = open_reader(), 0, _READ_CHUNK
    while True:
        try:
            chunk = reader.read(step)
        except OSError:
            if not size and step == _READ_CHUNK and "end of file" not in str(sys.exc_info()[1]).lower():
                raise  # not this coding's data at all
            step //= 2
            if not step:
                if not size:
                    raise
                return b"".join(chunks)
            reader = open_reader()
            if size and len(reader.read(size)) != size:
                return b"".join(chunks)
            continue
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise _BodyError(f"larger than {max_bytes} bytes when inflated (--max-bytes)")
        chunks.append(chunk)


def _raw_deflate(body: bytes, max_bytes: int) -> bytes:
    import zlib

    try:
        out = zlib.decompressobj(-zlib.MAX_WBITS).decompress(body, max_bytes + 1)
    except zlib.error:
        raise _BodyError("not valid deflate data (Content-Encoding)") from None
    if len(out) > max_bytes:
        raise _BodyError(f"larger than {max_bytes} bytes when inflated (--max-bytes)")
    return out
