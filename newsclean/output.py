"""How a record becomes output: the format (JSON, plain text, Markdown) and the fields kept.

    >>> fmt = Formatter("json", fields=parse_fields("title,date"))
    >>> fmt.render(record)                 # b'{"title": "...", "date": "..."}\\n'
    >>> Formatter("markdown").render(record, first=False)   # b'\\n---\\n\\n# Title\\n\\n...'

Every format writes UTF-8 whatever the locale. ``json`` is one object per line
(JSON Lines) or, with ``pretty``, indented objects. ``text`` and ``markdown``
give the cleaned story with its title line first (``# Title`` in Markdown; no
title line when the page has no title), paragraphs separated by blank lines.
In ``markdown`` the story keeps its structure (:func:`markdown_paragraphs`):
subheadings are ``##`` headings, list items ``-`` items of one list, and the
rows of a table one Markdown table. Several records in one stream are
separated by a line holding a single form feed in ``text`` and by a ``---``
rule in ``markdown``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .model import Article

FORMATS = ("json", "text", "markdown")

#: The keys of a record, in the order records carry them.
RECORD_FIELDS = tuple(Article().to_dict())

#: What each format puts between two records of one stream.
_SEPARATOR = {"json": b"", "text": b"\f\n", "markdown": b"\n---\n\n"}
#: The suffix ``batch`` gives an output file: of one page, and of an archive's pages.
_SUFFIX = {"json": (".json", ".jsonl"), "text": (".txt", ".txt"), "markdown": (".md", ".md")}


def parse_fields(spec: str) -> tuple[str, ...]:
    """The field names of a ``--fields`` value such as ``"title,date,text"``, in the order given.

    Raises ``ValueError`` (one line, listing the valid names) for an unknown or
    empty name; a name given twice is kept once.
    """
    names = [name.strip() for name in spec.split(",")]
    unknown = [name for name in names if name not in RECORD_FIELDS]
    if unknown:
        shown = ", ".join(repr(name) for name in unknown)
        raise ValueError(f"unknown field {shown}; the fields are {', '.join(RECORD_FIELDS)}")
    return tuple(dict.fromkeys(names))


class Formatter:
    """Renders records as bytes in one format; ``fields`` and ``pretty`` apply to ``json`` only.

    (A plain class, not a dataclass: importing ``dataclasses`` costs the
    command line's start-up about 12 ms.)
    """

    __slots__ = ("format", "fields", "pretty")

    def __init__(self, format: str = "json", fields: tuple[str, ...] | None = None, pretty: bool = False):
        if format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
        if format != "json" and (fields is not None or pretty):
            raise ValueError("fields and pretty apply to the json format only")
        self.format, self.fields, self.pretty = format, fields, pretty

    def __repr__(self) -> str:
        return f"Formatter({self.format!r}, fields={self.fields!r}, pretty={self.pretty!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Formatter) and (self.format, self.fields, self.pretty) == (
            other.format,
            other.fields,
            other.pretty,
        )

    def __hash__(self) -> int:
        return hash((self.format, self.fields, self.pretty))

    def __reduce__(self) -> tuple[type[Formatter], tuple[str, tuple[str, ...] | None, bool]]:
        return (Formatter, (self.format, self.fields, self.pretty))

    @property
    def separator(self) -> bytes:
        """What goes between two records of one stream (nothing for JSON)."""
        return _SEPARATOR[self.format]

    def suffix(self, archive: bool = False) -> str:
        """The suffix of a ``batch`` output file: ``.json`` (``.jsonl`` for an archive), ``.txt`` or ``.md``."""
        return _SUFFIX[self.format][archive]

    def render(self, record: dict[str, Any]) -> bytes:
        """One record as UTF-8, newline-terminated (nothing for an empty story in text formats).

        A lone surrogate (from a file name that is not UTF-8) is written as its
        escape, so the output stays valid UTF-8.
        """
        text = self._json(record) if self.format == "json" else self._story(record)
        return text.encode("utf-8", "backslashreplace")

    def _json(self, record: dict[str, Any]) -> str:
        if self.fields is not None:
            record = {name: record[name] for name in self.fields}
        return json.dumps(record, ensure_ascii=False, indent=2 if self.pretty else None) + "\n"

    def _story(self, record: dict[str, Any]) -> str:
        parts = list(record["paragraphs"])
        if self.format == "markdown":
            parts = _markdown_groups(parts)
        title = " ".join((record["title"] or "").split())
        if title:
            parts.insert(0, f"# {_escape_markdown(title)}" if self.format == "markdown" else title)
        return "\n\n".join(parts) + "\n" if parts else ""


#: A paragraph that is a table row as the HTML body extractor writes it (``| a | b |``), and the
#: row under a table's header (``|---|---|``).
_TABLE_ROW = re.compile(r"^\|.*\|$")
_TABLE_RULE = re.compile(r"^\|(\s*:?-+:?\s*\|)+$")
#: A paragraph that is already a Markdown list item.
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,9}[.)]) ")
#: What would make a plain paragraph's first characters Markdown syntax: a heading, quote or list.
_LEADING_SYNTAX = re.compile(r"^(#{1,6}(?=\s|$)|>|[-*+](?=\s)|\d{1,9}[.)](?=\s))")


def markdown_paragraphs(article: Article) -> list[str]:
    """The paragraphs of ``article`` marked up as Markdown, from what its blocks know.

    A paragraph that a kept block of role ``subheading`` gave becomes
    ``## heading``; one that a list item gave (a block written with a
    bullet) becomes ``- item`` unless it carries its marker already (the HTML
    body extractor writes ``- item`` and table rows ``| a | b |`` itself);
    a plain paragraph that would read as Markdown syntax is escaped. The
    Formatter then joins list items and table rows into lists and tables.
    """
    roles: dict[str, str] = {}
    for block in article.blocks:
        if block.kept:
            roles.setdefault(
                " ".join(block.text.split()),
                "heading" if block.role == "subheading" else "item" if block.bullet else "text",
            )
    out = []
    for paragraph in article.paragraphs:
        role = roles.get(" ".join(paragraph.split()))
        if role == "heading":
            out.append(f"## {_escape_markdown(paragraph)}")
        elif _LIST_ITEM.match(paragraph) or _TABLE_ROW.match(paragraph):
            out.append(paragraph)
        elif role == "item":
            out.append(f"- {paragraph}")
        else:
            out.append(_escape_markdown(paragraph))
    return out


def _escape_markdown(text: str) -> str:
    return "\\" + text if _LEADING_SYNTAX.match(text) else text


def _markdown_groups(paragraphs: list[str]) -> list[str]:
    """Consecutive list items as one list, consecutive table rows as one table (a header rule added
    when the rows have none, under an empty header row, so that it is a table to every renderer)."""
    out: list[str] = []
    run: list[str] = []
    kind = None

    def flush() -> None:
        if run:
            if kind == "table" and not (len(run) > 1 and _TABLE_RULE.match(run[1])):
                columns = max(1, run[0].count("|") - 1)
                run[:0] = ["|" + "   |" * columns, "|" + "---|" * columns]
            out.append("\n".join(run))
            run.clear()

    for paragraph in paragraphs:
        this = "table" if _TABLE_ROW.match(paragraph) else "list" if _LIST_ITEM.match(paragraph) else None
        if this != kind or this is None:
            flush()
        kind = this
        if this is None:
            out.append(paragraph)
        else:
            run.append(paragraph)
    flush()
    return out
