"""The pipeline: detect HTML/text → decode → front end → blocks → classify → assemble.

``extract`` is the library's entry point; the CLI is a thin layer over it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .decode import decode, encoding_note
from .detect import detect_input_type, looks_binary
from .model import REMOVED_KINDS, Article, group_removed
from .read import DEFAULT_MAX_BYTES, GZIP_MAGIC, InputError, inflate

INPUT_TYPES = ("auto", "text", "html")
FAVORS = ("balanced", "precision", "recall")

#: The work on a text dump is bounded: only its first MAX_TEXT_LINES lines and
#: MAX_TEXT_CHARS characters are read (a news page's dump has a few thousand
#: lines); the rest is cut off, with a warning. The bound on lines is tight
#: because the text front end's wrap-width check costs lines squared.
#: (HTML pages have their own bounds, in :mod:`newsclean.html.parse`.)
MAX_TEXT_CHARS = 1_000_000
MAX_TEXT_LINES = 20_000


def extract(
    data: str | bytes,
    *,
    url: str | None = None,
    input_type: str = "auto",
    source: str | None = None,
    favor: str = "balanced",
    keep: Iterable[str] = (),
    charset: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Article:
    """Extract the story from a page.

    ``data`` is the page as bytes (decoded robustly) or str. ``input_type`` is
    ``"auto"`` (detect), ``"text"`` (a whole-page text dump) or ``"html"``.
    ``url`` is the page's address as the caller knows it (it wins over a
    canonical link in the page). ``source`` is copied into the record (the CLI
    passes the path as given). ``favor`` is ``"balanced"``, ``"precision"``
    (cut more at the story's edges) or ``"recall"`` (cut less). ``keep``
    names removed kinds to keep in the text instead (e.g. ``{"tags"}``).
    ``charset`` is the charset a transport declared for the bytes (the HTTP
    ``Content-Type`` header's); it wins over the page's own declaration.

    Gzip bytes are inflated first, as the command line does, to at most
    ``max_bytes`` (64 MiB by default); gzip data that would inflate past it,
    or is not valid, gives an empty article whose warnings say so (no bytes
    make ``extract`` raise). ``data`` that is neither bytes nor str
    (``None``, a file object) raises ``TypeError``.
    """
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    if not isinstance(data, (bytes, str)):
        raise TypeError(f"newsclean.extract() takes the page as bytes or str, not {type(data).__name__}")
    keep = _check_options(input_type, favor, keep)
    if isinstance(data, bytes) and data.startswith(GZIP_MAGIC):
        try:
            data = inflate(data, max_bytes, source or "<data>")
        except InputError as e:  # no page can be read: said in the record, as for binary data
            message = e.message.replace("(--max-bytes)", "(max_bytes)")
            return Article(
                source=source,
                input_type="text" if input_type == "auto" else input_type,
                url=url,
                warnings=[f"gzip data {message}: nothing read", "no article text found"],
            )
    return _extract_checked(data, url, input_type, source, favor, keep, charset)


def extract_read(
    data: str | bytes,
    *,
    url: str | None = None,
    input_type: str = "auto",
    source: str | None = None,
    favor: str = "balanced",
    keep: Iterable[str] = (),
    charset: str | None = None,
) -> Article:
    """:func:`extract` on bytes the command line has read (:mod:`newsclean.read`), gzip inflated once
    already: what is gzip again is not inflated a second time (it is binary data)."""
    keep = _check_options(input_type, favor, keep)
    return _extract_checked(data, url, input_type, source, favor, keep, charset)


def _extract_checked(
    data: str | bytes,
    url: str | None,
    input_type: str,
    source: str | None,
    favor: str,
    keep: frozenset[str],
    charset: str | None,
) -> Article:
    """The pipeline proper, on options :func:`_check_options` has checked (once, by the caller)."""
    if isinstance(data, bytes) and looks_binary(data):
        return Article(
            source=source,
            input_type="text" if input_type == "auto" else input_type,
            url=url,
            warnings=["binary data, not a text or HTML page: nothing read", "no article text found"],
        )
    if input_type == "auto":
        sample = data[:65536].encode("utf-8", "replace") if isinstance(data, str) else data
        input_type = detect_input_type(sample)
    text, encoding = decode(data, is_html=input_type == "html", charset=charset)
    notes = []
    if input_type == "html":
        from .html.frontend import extract_html  # heavy imports live behind this line

        article = extract_html(text, url=url, favor=favor)
    else:
        from .text.frontend import extract_text

        text, cut = _cap_text(text)
        if cut:
            notes.append(cut)
        article = extract_text(text, url=url, favor=favor)
    article.source = source
    article.input_type = input_type
    if url:
        article.url = url
    article.warnings.extend(notes)
    note = encoding_note(encoding)
    if note:
        article.warnings.append(note)
    if keep:
        _keep_kinds(article, keep)
    if not article.paragraphs:
        article.warnings.append("no article text found")
    return article


def _check_options(input_type: str, favor: str, keep: Iterable[str]) -> frozenset[str]:
    """``keep`` as a set; ``ValueError`` for an unknown input type, favour or kind."""
    if input_type not in INPUT_TYPES:
        raise ValueError(f"input_type must be one of {', '.join(INPUT_TYPES)}, not {input_type!r}")
    if favor not in FAVORS:
        raise ValueError(f"favor must be one of {', '.join(FAVORS)}, not {favor!r}")
    keep = frozenset(keep)
    unknown = keep - set(REMOVED_KINDS)
    if unknown:
        raise ValueError(f"unknown kind(s) to keep: {', '.join(sorted(unknown))}; kinds are {', '.join(REMOVED_KINDS)}")
    return keep


def _cap_text(text: str) -> tuple[str, str | None]:
    """``(text, warning)``: a text dump cut to its first MAX_TEXT_LINES lines and
    MAX_TEXT_CHARS characters, at a line's end; the warning is ``None`` when nothing was cut."""
    if len(text) <= MAX_TEXT_CHARS and text.count("\n") + text.count("\r") < MAX_TEXT_LINES:
        return text, None  # the usual case, counted fast (a CRLF counts twice: never more lines)
    head = text[:MAX_TEXT_CHARS]
    last = None
    for n, m in enumerate(_LINE_END.finditer(head), 1):
        if n == MAX_TEXT_LINES:
            return head[: m.start()], f"page too long: only its first {MAX_TEXT_LINES} lines were read"
        last = m.start()
    if len(text) <= MAX_TEXT_CHARS:
        return text, None
    return head[:last] if last else head, f"page too long: only its first {MAX_TEXT_CHARS} characters were read"


#: A line's end as the text front end splits lines.
_LINE_END = re.compile(r"\r\n?|\n")


def _keep_kinds(article: Article, keep: frozenset[str]) -> None:
    """Put the blocks of the kinds in ``keep`` back into the text, in page order.

    The text is then rebuilt from the blocks (for HTML, instead of
    trafilatura's lines), so it is done only when such a block exists.
    """
    wanted = [b for b in article.blocks if b.decision in keep and not b.is_heading]
    if not wanted:
        return
    for b in wanted:
        b.keep(f"kept on request ({b.decision})")
    article.paragraphs = [b.text for b in article.blocks if b.kept]
    article.removed = group_removed(article.blocks)
