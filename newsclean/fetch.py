"""Pages from the web: ``newsclean extract https://…`` fetches the page, then cleans it.

    >>> page = fetch("https://example.com/story", DEFAULT_MAX_BYTES)
    >>> page.url, page.charset, page.data     # the final address, the header's charset, the body

The client is urllib3 (installed with trafilatura), imported only when a URL
is given. HTTP and HTTPS only; a real User-Agent; a connect and a read
timeout and a deadline for the whole body (a server that trickles bytes
cannot hold the run); redirects followed (at most 10) and the final address
kept; ``Content-Encoding`` undone by urllib3 (gzip, deflate, br where the
brotli module is installed), never to more than ``max_bytes``, which is
checked against ``Content-Length`` before the body is read and again as it
streams. Every failure is an :class:`InputError` whose message is one line:
the host not found, a refused connection, a TLS failure, a timeout, an HTTP
error status, a body too large or of a type that is no page.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, NamedTuple

from . import __version__
from .read import InputError

if TYPE_CHECKING:  # urllib3 is imported only when a URL is fetched
    from urllib3 import BaseHTTPResponse

#: How long to wait for a connection, and for each read of the response.
DEFAULT_TIMEOUT = 30.0
#: What the page is asked for as.
USER_AGENT = f"Mozilla/5.0 (compatible; newsclean/{__version__}; +https://pypi.org/project/newsclean/)"
_MAX_REDIRECTS = 10
_CHUNK = 1 << 16
_URL = re.compile(r"^https?://", re.I)
#: Content types that are a page newsclean reads (and none given, which servers omit).
_PAGE_TYPES = ("text/", "application/xhtml+xml", "application/xml", "application/rss+xml")


class Fetched(NamedTuple):
    """A fetched page: the final address (after redirects), the body and the header's charset."""

    url: str
    data: bytes
    charset: str | None
    redirects: tuple[str, ...]  # the addresses redirected through, in order (the first is the one asked for)


def is_url(path: str) -> bool:
    """Whether an input names a web page (``http://`` or ``https://``) rather than a file."""
    return bool(_URL.match(path))


def fetch(url: str, max_bytes: int, timeout: float = DEFAULT_TIMEOUT) -> Fetched:
    """GET ``url``, following redirects; :class:`InputError` (one line, naming ``url``) on any failure."""
    import urllib3
    from urllib3.exceptions import HTTPError, LocationParseError, MaxRetryError

    retries = urllib3.Retry(
        total=_MAX_REDIRECTS,
        connect=0,
        read=0,
        status=0,
        other=0,
        redirect=_MAX_REDIRECTS,
        raise_on_redirect=True,
        raise_on_status=False,
    )
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
        **urllib3.util.make_headers(accept_encoding=True),
    }
    deadline = time.monotonic() + 4 * timeout
    try:
        with urllib3.PoolManager(timeout=urllib3.Timeout(connect=timeout, read=timeout), retries=retries) as pool:
            response = pool.request("GET", url, headers=headers, preload_content=False, redirect=True)
            try:
                return _read(url, response, max_bytes, deadline, timeout)
            finally:
                response.release_conn()
    except InputError:
        raise
    except MaxRetryError as e:
        if e.reason is None or "redirect" in str(e.reason).lower():
            raise InputError(url, f"more than {_MAX_REDIRECTS} redirects") from None
        raise InputError(url, _reason(e.reason, timeout)) from None
    except (LocationParseError, ValueError) as e:
        raise InputError(url, f"not a valid URL ({_one_line(e)})") from None
    except (HTTPError, OSError) as e:
        raise InputError(url, _reason(e, timeout)) from None


def _reason(error: BaseException, timeout: float) -> str:
    """One line saying why a request failed, from urllib3's exception (or the one inside it)."""
    from urllib3.exceptions import (
        ConnectTimeoutError,
        NameResolutionError,
        NewConnectionError,
        ProtocolError,
        ReadTimeoutError,
        SSLError,
    )

    if isinstance(error, NameResolutionError):
        return "cannot resolve the host name (DNS)"
    if isinstance(error, NewConnectionError):  # (a ConnectTimeoutError to urllib3, but not a timeout)
        cause = str(error).lower()
        if "refused" in cause:
            return "connection refused"
        if "timed out" in cause:
            return f"timed out after {timeout:g} s"
        return f"cannot connect: {_one_line(error)}"
    if isinstance(error, (ConnectTimeoutError, ReadTimeoutError)) or "timed out" in str(error).lower():
        return f"timed out after {timeout:g} s"
    if isinstance(error, SSLError):
        return f"TLS error: {_one_line(error)}"
    if isinstance(error, ProtocolError):
        return f"the connection broke: {_one_line(error)}"
    return f"cannot fetch: {_one_line(error)}"


def _one_line(error: BaseException) -> str:
    text = str(error)
    if ": " in text and text.startswith(("<", "HTTPConnectionPool", "HTTPSConnectionPool")):
        text = text.split(": ", 1)[1]
    return " ".join(text.split())[:200]


def _read(url: str, response: BaseHTTPResponse, max_bytes: int, deadline: float, timeout: float) -> Fetched:
    status = response.status
    if status >= 400:
        raise InputError(url, f"HTTP {status} {response.reason or ''}".strip())
    if not 200 <= status < 300:
        raise InputError(url, f"HTTP {status} {response.reason or ''} (not a page)".strip())
    content_type = (response.headers.get("Content-Type") or "").strip()
    mime = content_type.split(";")[0].strip().lower()
    if mime and not mime.startswith(_PAGE_TYPES):
        raise InputError(url, f"not a web page (Content-Type {mime})")
    declared = response.headers.get("Content-Length")
    if (
        declared
        and declared.strip().isdigit()
        and int(declared) > max_bytes
        and not response.headers.get("Content-Encoding")
    ):
        raise InputError(url, f"larger than {max_bytes} bytes (--max-bytes)")
    chunks, size = [], 0
    for chunk in response.stream(_CHUNK, decode_content=True):
        size += len(chunk)
        if size > max_bytes:
            raise InputError(url, f"larger than {max_bytes} bytes (--max-bytes)")
        if time.monotonic() > deadline:
            raise InputError(url, f"timed out after {4 * timeout:g} s (the body kept coming)")
        chunks.append(chunk)
    from urllib.parse import urljoin

    final, passed = url, []
    for step in response.retries.history if response.retries else ():
        if step.redirect_location:
            passed.append(final)
            final = urljoin(final, step.redirect_location)
    return Fetched(final, b"".join(chunks), _charset(content_type), tuple(passed))


_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.I)


def _charset(content_type: str) -> str | None:
    m = _CHARSET.search(content_type)
    return m.group(1) if m else None
