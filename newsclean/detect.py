"""Decide whether an input is HTML or a text dump."""
from __future__ import annotations

import re

# Markup that only an HTML (or XHTML) document starts with or is built from.
_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html[\s>]|<\?xml[^>]*>\s*(?:<!doctype\s+html|<html))", re.I)
_HTML_TAGS = re.compile(rb"<(?:html|head|body|div|p|span|a|meta|title|article|section|script|br|table|li|h[1-6])[\s/>]", re.I)


def detect_input_type(data: bytes) -> str:
    """``"html"`` or ``"text"``.

    Rule ``html-start``: a page that opens with a doctype or ``<html>`` is HTML.
    Rule ``html-tag-density``: otherwise it is HTML only when markup is dense
    (a text dump may quote a stray ``<p>`` but does not consist of tags).
    """
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
