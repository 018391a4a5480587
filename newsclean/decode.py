"""Bytes to text: BOM, then the declared charset, then UTF-8, then detection."""
from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)

# Labels pages declare that Python spells otherwise or that browsers widen
# (WHATWG encoding standard: latin-1 and ascii are decoded as windows-1252).
_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-sjis": "shift_jis",
    "shift-jis": "shift_jis",
    "sjis": "shift_jis",
    "windows-31j": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "x-user-defined": "cp1252",
}


def _codec(label: bytes) -> str | None:
    name = label.decode("ascii", "ignore").strip().lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    head = data[:8192]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return _codec(m.group(1)) if m else None


def decode(data: bytes | str, is_html: bool = False) -> tuple[str, str]:
    """Return ``(text, encoding)``; never raises on any byte string.

    When the encoding had to be detected, its name ends in ``" (guessed)"``.
    """
    if isinstance(data, str):
        return data, "str"
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc, "replace"), enc
    if is_html:
        enc = declared_charset(data)
        if enc and enc not in ("utf-16-le", "utf-16-be", "utf-16"):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                pass  # the declaration lies; fall through to detection
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only for bytes that are not UTF-8

    best = from_bytes(data[:262144]).best()
    enc = best.encoding if best is not None else "cp1252"
    return data.decode(enc, "replace"), f"{enc} (guessed)"
