"""The data every stage passes along: blocks in, an Article out.

Kept deliberately free of imports beyond the standard library so that the
text path starts fast.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

SCHEMA_VERSION = "1.0"

#: Kinds a removed block can carry (the schema's enum).
REMOVED_KINDS = (
    "navigation",
    "metadata",
    "related",
    "ranking",
    "recommendation",
    "tags",
    "widget",
    "advertisement",
    "footer",
    "comments",
    "other",
)

KEPT = "kept"


@dataclass
class Block:
    """One unit of the page: a line (or wrapped paragraph) of a dump, or a DOM block.

    ``decision`` is ``"kept"`` or one of :data:`REMOVED_KINDS`; ``reason`` names
    the rule that decided it, so every decision can be explained.
    """

    text: str
    line: int  # 1-based number of the first input line of the block
    lines: List[str] = field(default_factory=list)  # the input lines it is made of
    bullet: bool = False  # written as a list item ("- x", "* x", "1. x")
    decision: str = "other"
    reason: str = ""
    heading: Optional[str] = None  # the section heading a removed block sits under
    is_heading: bool = False  # the block is itself a section heading
    role: Optional[str] = None  # "title", "subheading", ... for kept blocks

    def keep(self, reason: str, role: Optional[str] = None) -> None:
        self.decision, self.reason = KEPT, reason
        if role:
            self.role = role

    def drop(self, kind: str, reason: str, heading: Optional[str] = None) -> None:
        assert kind in REMOVED_KINDS, kind
        self.decision, self.reason = kind, reason
        if heading is not None:
            self.heading = heading

    @property
    def kept(self) -> bool:
        return self.decision == KEPT


@dataclass
class Removed:
    kind: str
    heading: Optional[str]
    lines: List[str]

    def to_dict(self) -> dict:
        return {"kind": self.kind, "heading": self.heading, "lines": list(self.lines)}


@dataclass
class Article:
    """The clean story and what was cut from around it."""

    source: Optional[str] = None
    input_type: str = "text"
    url: Optional[str] = None
    title: Optional[str] = None
    site_name: Optional[str] = None
    date: Optional[str] = None
    authors: List[str] = field(default_factory=list)
    language: Optional[str] = None
    tags: List[str] = field(default_factory=list)
    paragraphs: List[str] = field(default_factory=list)
    removed: List[Removed] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)
    #: Every block with its decision and reason, in page order (not serialised;
    #: ``newsclean explain`` and library users read it).
    blocks: List[Block] = field(default_factory=list, repr=False)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def to_dict(self) -> dict:
        return {
            "schema_version": SCHEMA_VERSION,
            "source": self.source,
            "input_type": self.input_type,
            "url": self.url,
            "title": self.title,
            "site_name": self.site_name,
            "date": self.date,
            "authors": list(self.authors),
            "language": self.language,
            "tags": list(self.tags),
            "text": self.text,
            "paragraphs": list(self.paragraphs),
            "removed": [r.to_dict() for r in self.removed],
            "warnings": list(self.warnings),
        }


def group_removed(blocks: List[Block]) -> List[Removed]:
    """Runs of removed blocks with the same kind and heading, in page order.

    A section heading that was removed is carried in ``heading`` of the run it
    introduces rather than as a line of its own.
    """
    out: List[Removed] = []
    prev: Optional[Block] = None
    for b in blocks:
        if b.kept:
            prev = b
            continue
        if b.is_heading:
            out.append(Removed(b.decision, b.text, []))
        elif (
            out
            and prev is not None
            and not prev.kept
            and out[-1].kind == b.decision
            and out[-1].heading == b.heading
        ):
            out[-1].lines.append(b.text)
        else:
            out.append(Removed(b.decision, b.heading, [b.text]))
        prev = b
    return out
