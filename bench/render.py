"""Render an HTML page to a whole-page text dump, the text-mode benchmark input.

The dump is what a person gets by copying every visible block of a page: the
``<title>`` first, then each block of the body on its own line, list items as
``- item``.  Scripts, styles and other invisible content are dropped.  This is
benchmark tooling, deliberately kept out of the product's cleaning path.

    python bench/render.py PAGE.html[.gz]
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

import lxml.html
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from newsclean.decode import decode  # noqa: E402  (needs ROOT on sys.path)

#: Elements whose content is never rendered (``head`` is handled apart: only its title shows).
SKIP = frozenset(
    [
        "head",
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "audio",
        "video",
        "select",
        "datalist",
        "map",
    ]
)
#: Elements that start and end a line of the dump; every other element is inline.
BLOCK = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.I)

_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)


def _hidden(el: etree._Element) -> bool:
    return (
        el.get("hidden") is not None
        or el.get("aria-hidden", "").strip().lower() == "true"
        or bool(_DISPLAY_NONE.search(el.get("style", "")))
    )


class _Lines:
    """Accumulates inline text and cuts it into dump lines at block boundaries."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._buf: list[str] = []
        self.prefix = ""  # "- " while the first line of a list item is pending
        self.pre = 0  # depth of <pre> elements: there a newline ends a line

    def add(self, text: str | None) -> None:
        if not text:
            return
        if not self.pre:
            self._buf.append(text)
            return
        first, *rest = text.split("\n")
        self._buf.append(first)
        for part in rest:
            self.flush()
            self._buf.append(part)

    def flush(self) -> None:
        line = " ".join("".join(self._buf).split())
        self._buf.clear()
        if line:
            self.lines.append(self.prefix + line)
            self.prefix = ""


def _render_body(root: etree._Element) -> list[str]:
    out = _Lines()
    # An explicit stack instead of recursion: real pages nest thousands deep.
    # Each entry is (element, entering); leaving an element emits its tail.
    stack = [(root, True)]
    while stack:
        el, entering = stack.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if not entering:
            if tag in BLOCK:
                out.flush()
                if tag == "li":
                    out.prefix = ""
            if tag == "pre":
                out.pre -= 1
            out.add(el.tail)
            continue
        if tag is None or tag in SKIP or _hidden(el):
            out.add(el.tail)
            continue
        if tag in BLOCK:
            out.flush()
            if tag == "li":
                out.prefix = "- "
        if tag == "pre":
            out.pre += 1
        out.add(el.text)
        stack.append((el, False))
        stack.extend((child, True) for child in reversed(el))
    out.flush()
    return out.lines


def render(html: bytes | str) -> str:
    """Return the whole-page text dump of ``html`` ("" for an empty or unparsable page)."""
    text = decode(html, is_html=True)[0] if isinstance(html, bytes) else html
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return ""
    title = root.find("head/title")
    if title is None:
        title = root.find(".//title")
    heading = "" if title is None else " ".join(title.text_content().split())
    lines = ([heading] if heading else []) + _render_body(root)
    return "\n".join(lines) + "\n" if lines else ""


def read_page(path: str | Path) -> bytes:
    """The raw bytes of a page file, gunzipped when the name ends in ``.gz``."""
    path = Path(path)
    return gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0] in ("-h", "--help"):
        sys.exit(f"usage: python {Path(__file__).name} PAGE.html[.gz]")
    sys.stdout.write(render(read_page(args[0])))


if __name__ == "__main__":
    main()
