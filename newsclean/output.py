"""How a record becomes output: the format (JSON, plain text, Markdown) and the fields kept.

    >>> fmt = Formatter("json", fields=parse_fields("title,date"))
    >>> fmt.render(record)                 # b'{"title": "...", "date": "..."}\\n'
    >>> Formatter("markdown").render(record, first=False)   # b'\\n---\\n\\n# Title\\n\\n...'

Every format writes UTF-8 whatever the locale. ``json`` is one object per line
(JSON Lines) or, with ``pretty``, indented objects. ``text`` and ``markdown``
give the cleaned story with its title line first (``# Title`` in Markdown; no
title line when the page has no title), paragraphs separated by blank lines.
Several records in one stream are separated by a line holding a single form
feed in ``text`` and by a ``---`` rule in ``markdown``.
"""
from __future__ import annotations

import json
from typing import Optional, Tuple

from .model import Article

FORMATS = ("json", "text", "markdown")

#: The keys of a record, in the order records carry them.
RECORD_FIELDS = tuple(Article().to_dict())

#: What each format puts between two records of one stream.
_SEPARATOR = {"json": b"", "text": b"\f\n", "markdown": b"\n---\n\n"}
#: The suffix ``batch`` gives an output file: of one page, and of an archive's pages.
_SUFFIX = {"json": (".json", ".jsonl"), "text": (".txt", ".txt"), "markdown": (".md", ".md")}


def parse_fields(spec: str) -> Tuple[str, ...]:
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

    def __init__(self, format: str = "json", fields: Optional[Tuple[str, ...]] = None, pretty: bool = False):
        if format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
        if format != "json" and (fields is not None or pretty):
            raise ValueError("fields and pretty apply to the json format only")
        self.format, self.fields, self.pretty = format, fields, pretty

    def __repr__(self) -> str:
        return f"Formatter({self.format!r}, fields={self.fields!r}, pretty={self.pretty!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Formatter) and (self.format, self.fields, self.pretty) == (
            other.format, other.fields, other.pretty)

    def __hash__(self) -> int:
        return hash((self.format, self.fields, self.pretty))

    def __reduce__(self):
        return (Formatter, (self.format, self.fields, self.pretty))

    @property
    def separator(self) -> bytes:
        """What goes between two records of one stream (nothing for JSON)."""
        return _SEPARATOR[self.format]

    def suffix(self, archive: bool = False) -> str:
        """The suffix of a ``batch`` output file: ``.json`` (``.jsonl`` for an archive), ``.txt`` or ``.md``."""
        return _SUFFIX[self.format][archive]

    def render(self, record: dict) -> bytes:
        """One record as UTF-8, newline-terminated (nothing for an empty story in text formats).

        A lone surrogate (from a file name that is not UTF-8) is written as its
        escape, so the output stays valid UTF-8.
        """
        text = self._json(record) if self.format == "json" else self._story(record)
        return text.encode("utf-8", "backslashreplace")

    def _json(self, record: dict) -> str:
        if self.fields is not None:
            record = {name: record[name] for name in self.fields}
        return json.dumps(record, ensure_ascii=False, indent=2 if self.pretty else None) + "\n"

    def _story(self, record: dict) -> str:
        parts = list(record["paragraphs"])
        title = " ".join((record["title"] or "").split())
        if title:
            parts.insert(0, f"# {title}" if self.format == "markdown" else title)
        return "\n\n".join(parts) + "\n" if parts else ""
