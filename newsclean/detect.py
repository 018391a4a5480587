"""Decide whether an input is HTML or a text dump (or no page at all: binary data)."""

from __future__ import annotations

import codecs
import re

# Markup that only an HTML (or XHTML) document starts with or is built from.
_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html[\s>]|<\?xml[^>]*>\s*(?:<!doctype\s+html|<html))", re.I)
_HTML_TAGS = re.compile(
    rb"<(?:html|head|body|div|p|span|a|meta|title|article|section|script|br|table|li|h[1-6])[\s/>]", re.I
)

#: UTF-16/32 BOMs (UTF-32 LE before UTF-16 LE, whose BOM is its prefix).
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: The first bytes of file formats that are no page (images, archives, documents, programs).
_BINARY_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",
    b"%PDF-",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\x1f\x8b",
    b"\xfd7zXZ\x00",
    b"\x28\xb5\x2f\xfd",
    b"7z\xbc\xaf\x27\x1c",
    b"\x7fELF",
    b"wOFF",
    b"wOF2",
    b"OggS",
    b"\x00asm",
    b"II*\x00",
    b"MM\x00*",
    b"\xca\xfe\xba\xbe",
    b"Rar!\x1a\x07",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
)
#: Control bytes no text has (WHATWG MIME sniffing's "binary data bytes"), NUL aside:
#: a NUL-padded text file is still text.
_CONTROL = bytes(b for b in range(32) if b not in (0x00, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B))
_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")


def _as_utf8(data: bytes) -> bytes:
    """``data`` re-encoded as UTF-8 when it is UTF-16/32 (by its BOM or its zero bytes)."""
    for bom, enc in _WIDE_BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, "replace").encode("utf-8")
    from .decode import utf16_without_bom

    wide = utf16_without_bom(data)
    if wide:
        return data[: len(data) & ~1].decode(wide, "replace").encode("utf-8")
    return data


def detect_input_type(data: bytes) -> str:
    """``"html"`` or ``"text"``.

    Rule ``html-start``: a page that opens with a doctype or ``<html>`` is HTML.
    Rule ``html-tag-density``: otherwise it is HTML only when markup is dense
    (a text dump may quote a stray ``<p>`` but does not consist of tags).
    UTF-16 and UTF-32 pages are looked at as the text they encode.
    """
    data = _as_utf8(data[:65536])
    head = data[:4096].lstrip(b"\xef\xbb\xbf\xff\xfe\x00")
    if _HTML_START.match(head):
        return "html"
    sample = data[:65536]
    tags = len(_HTML_TAGS.findall(sample))
    if tags >= 3 and tags * 40 >= sample.count(b"\n") + 1:
        return "html"
    if tags >= 1 and sample.lstrip().startswith(b"<") and sample.rstrip().endswith(b">"):
        return "html"
    return "text"


def looks_binary(data: bytes) -> bool:
    """Whether ``data`` is no page at all: an image, an archive, a program, random bytes.

    It is when it starts like a known binary format, or when more than one
    byte in fifty of its start is a control byte that no text has. Text with
    a BOM, UTF-16 text without one and NUL padding are not binary.
    """
    if data.startswith(_BINARY_MAGIC) or _BZIP2.match(data):
        return True
    sample = data[:65536]
    if not sample or any(sample.startswith(bom) for bom, _ in _WIDE_BOMS):
        return False
    from .decode import utf16_without_bom

    if utf16_without_bom(sample):
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    return controls * 50 > len(sample)
