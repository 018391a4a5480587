"""Bytes to text: BOM, UTF-16 by its zero bytes, valid UTF-8, the declared charset, mostly-UTF-8, detection.

    >>> decode('<meta charset="utf-8"><p>Ol\xe1'.encode("utf-8"), is_html=True)
    ('<meta charset="utf-8"><p>Olá', 'utf-8')

Never raises, whatever the bytes. The order is the one that gets crawled pages
right most often:

1. a BOM (UTF-8, UTF-16, UTF-32) decides;
2. text in UTF-16 without a BOM is recognised by its zero bytes;
3. bytes that are valid UTF-8 (and not plain ASCII) are UTF-8, whatever the page
   declares: a page that says ``iso-8859-1`` but is served in UTF-8 is common,
   the converse (legacy bytes that happen to be valid UTF-8) all but unknown;
4. the declared charset, even when a few bytes do not decode (they become
   U+FFFD): the one the HTTP ``Content-Type`` header gave (``charset=``, for a
   page from a WARC record or fetched from a URL), else the page's own
   (``<meta charset>`` or the ``<?xml?>`` prolog);
5. bytes that are mostly UTF-8 with a few stray legacy bytes (a page pasted
   together from two sources) are read as UTF-8, the stray bytes as
   windows-1252;
6. otherwise the encoding is detected (``charset_normalizer``), and the name
   returned ends in ``" (guessed)"``.
"""
from __future__ import annotations

import codecs
import re

from .lazy_re import lazy_compile

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = lazy_compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = lazy_compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)

# Labels pages declare that Python spells otherwise or that browsers widen
# (WHATWG encoding standard: latin-1 and ascii are decoded as windows-1252,
# Shift_JIS as windows-31j, Big5 as Big5-HKSCS, ...).
_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "iso-8859-8-i": "iso8859-8",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "shift_jis": "cp932",
    "x-sjis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "ms_kanji": "cp932",
    "csshiftjis": "cp932",
    "windows-31j": "cp932",
    "big5": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "x-mac-roman": "mac-roman",
    "x-user-defined": "cp1252",
}
#: Declared charsets that are never believed: ASCII bytes in a ``<meta>`` cannot be UTF-16/32
#: (pages that say so are served in UTF-8), and UTF-7 is no charset of the web.
_NEVER_DECLARED = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "utf-7"})

#: Codecs (Python's names) of stateful 7-bit charsets, whose text is plain ASCII bytes.
_SEVEN_BIT = ("iso2022", "hz")
#: How much of the bytes the heuristics (UTF-16 without a BOM, mostly UTF-8, detection) look at.
_SAMPLE = 262144
#: Bytes 0x80-0xFF that UTF-8 could not decode, as ``surrogateescape`` writes them.
_ESCAPED = lazy_compile("[\udc80-\udcff]+")


#: Codecs Python has that no page is written in: bytes-to-bytes and escape codecs, and
#: ones that refuse error handlers. A page declaring one (``<meta charset="base64">``)
#: declares nothing usable.
_NOT_CHARSETS = frozenset({"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape",
                           "unicode_escape", "raw_unicode_escape", "utf-7", "mbcs", "oem"})


def _codec(label: bytes) -> str | None:
    name = label.decode("ascii", "ignore").strip().lower()
    name = _ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return info.name


def charset_codec(label: str | None) -> str | None:
    """Python's codec for a charset label such as an HTTP header gives (``'"KOI8-R"'``), or ``None``."""
    if not label:
        return None
    return _codec(label.strip().strip("'\"").encode("ascii", "ignore"))


def declared_charset(data: bytes) -> str | None:
    head = data[:8192]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return _codec(m.group(1)) if m else None


def decode(data: bytes | str, is_html: bool = False, charset: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``; never raises on any byte string.

    ``charset`` is the label a transport declared (the HTTP ``Content-Type``
    header's ``charset``); it wins over the page's own declaration.
    ``encoding`` names the codec; when the encoding had to be detected it ends
    in ``" (guessed)"`` (``" (guessed; declared X did not fit)"`` when a
    charset was declared but the bytes are not in it), and when some bytes
    could not be decoded as it, the name is followed by a parenthesis saying
    so (see :func:`encoding_note`).
    """
    if isinstance(data, str):
        return data, "str"
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc, "replace"), enc
    utf16 = utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, "replace"), utf16
    declared = charset_codec(charset)
    if declared is None or declared in _NEVER_DECLARED:
        declared = declared_charset(data) if is_html else None
    if declared in _NEVER_DECLARED:
        declared = None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if declared is None or not declared.startswith(_SEVEN_BIT) or not data.isascii():
            return text, "utf-8"
        # plain ASCII that declares a 7-bit charset (ISO-2022-JP, HZ): it needs that charset
        try:
            return data.decode(declared), declared
        except (UnicodeError, LookupError, TypeError, ValueError):
            return text, "utf-8"
    if declared and declared != "utf-8":
        try:
            text = data.decode(declared, "replace")
        except (UnicodeError, LookupError, TypeError, ValueError):  # a codec that fails anyway
            pass
        else:
            bad = text.count("\ufffd")
            if bad <= max(8, _high_bytes(data) // 100):  # the declaration holds, but for a few bytes
                note = f"{bad} undecodable sequence{'s' if bad > 1 else ''} replaced"
                return text, declared if not bad else f"{declared} ({note})"
    mixed = _mostly_utf8(data)
    if mixed is not None:
        return mixed
    from charset_normalizer import from_bytes  # only for bytes that are not UTF-8

    enc = _best_guess(from_bytes(_sample(data)))
    if declared:
        return data.decode(enc, "replace"), f"{enc} (guessed; declared {declared} did not fit)"
    return data.decode(enc, "replace"), f"{enc} (guessed)"


def encoding_note(encoding: str) -> str | None:
    """The warning an ``encoding`` returned by :func:`decode` calls for, or ``None``."""
    if encoding.endswith("(guessed)"):
        return f"encoding {encoding}: the bytes are not UTF-8 and declare no usable charset"
    if "(guessed;" in encoding:
        return f"encoding {encoding}: the bytes are not UTF-8 nor in the declared charset"
    if "(" in encoding:
        return f"encoding {encoding}"
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when ``data`` is text in UTF-16 without a BOM, else ``None``.

    UTF-16 text in a script written with the Latin alphabet (and all markup)
    has a zero byte in every other position, always on the same side; no
    other text has.
    """
    sample = data[:4096]
    n = len(sample) // 2
    if n < 8:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= 0.4 * n and even <= 0.02 * n:
        return "utf-16-le"
    if even >= 0.4 * n and odd <= 0.02 * n:
        return "utf-16-be"
    return None


_ASCII = bytes(range(128))
_HIGH_BYTE = lazy_compile(rb"[\x80-\xff]")


def _high_bytes(data: bytes) -> int:
    return len(data.translate(None, _ASCII))


def _sample(data: bytes) -> bytes:
    """What the heuristics look at: the first ``_SAMPLE`` bytes from just before the first non-ASCII byte
    (a big page may open with a long run of ASCII markup and scripts)."""
    m = _HIGH_BYTE.search(data)
    start = max(0, m.start() - 1024) if m else 0
    return data[start:start + _SAMPLE]


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few stray bytes of another encoding: the stray bytes read as windows-1252.

    When at least three in four of the non-ASCII characters are valid UTF-8
    (in legacy single-byte text almost none are, in double-byte text at most
    about one in four), the page is UTF-8 with some windows-1252 text pasted
    in, and only the bytes that are not UTF-8 are read as windows-1252.
    """
    sample = _sample(data).decode("utf-8", "surrogateescape")
    stray = sum(len(m) for m in _ESCAPED.findall(sample))
    valid = len(sample) - len(sample.encode("ascii", "ignore")) - stray
    if not valid or valid < 3 * stray:
        return None
    text = _ESCAPED.sub(_as_cp1252, data.decode("utf-8", "surrogateescape"))
    return text, "utf-8 (some bytes not UTF-8 were read as windows-1252)"


def _as_cp1252(m: re.Match) -> str:
    # windows-1252 leaves five bytes (0x81 0x8D 0x8F 0x90 0x9D) undefined: they become U+FFFD
    return bytes(ord(c) - 0xDC00 for c in m.group()).decode("cp1252", "replace")


def _best_guess(matches) -> str:
    """The detector's best encoding; windows-1252 wins a tie (it decodes most of the web's legacy pages)."""
    best = matches.best()
    if best is None:
        return "cp1252"
    for m in matches:
        if m.encoding == "cp1252" and m.chaos <= best.chaos and m.coherence >= best.coherence:
            return "cp1252"
    return best.encoding
