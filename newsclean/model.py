"""The data every stage passes along: blocks in, an Article out.

Kept deliberately free of imports beyond the standard library so that the
text path starts fast.
"""

from __future__ import annotations

SCHEMA_VERSION = "1.1"

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
_KINDS = frozenset(REMOVED_KINDS)


class Block:
    """One unit of the page: a line (or wrapped paragraph) of a dump, or a DOM block.

    ``decision`` is ``"kept"`` or one of :data:`REMOVED_KINDS`; ``reason`` names
    the rule that decided it, so every decision can be explained. (Plain
    classes with slots rather than dataclasses: importing ``dataclasses``
    costs the command line a tenth of its start-up.)
    """

    __slots__ = ("text", "line", "lines", "bullet", "decision", "reason", "heading", "is_heading", "role")

    def __init__(
        self,
        text: str,
        line: int,
        lines: list[str] | None = None,
        bullet: bool = False,
        decision: str = "other",
        reason: str = "",
        heading: str | None = None,
        is_heading: bool = False,
        role: str | None = None,
    ):
        self.text = text
        self.line = line  # 1-based number of the first input line of the block
        self.lines = lines if lines is not None else []  # the input lines it is made of
        self.bullet = bullet  # written as a list item ("- x", "* x", "1. x")
        self.decision = decision
        self.reason = reason
        self.heading = heading  # the section heading a removed block sits under
        self.is_heading = is_heading  # the block is itself a section heading
        self.role = role  # "subheading", ... for kept blocks

    def __repr__(self) -> str:
        return f"Block(line={self.line}, decision={self.decision!r}, reason={self.reason!r}, text={self.text[:40]!r})"

    def keep(self, reason: str, role: str | None = None) -> None:
        self.decision, self.reason = KEPT, reason
        if role:
            self.role = role

    def drop(self, kind: str, reason: str, heading: str | None = None) -> None:
        if kind not in _KINDS:
            raise ValueError(f"unknown removed kind {kind!r}")
        self.decision, self.reason = kind, reason
        if heading is not None:
            self.heading = heading

    @property
    def kept(self) -> bool:
        return self.decision == KEPT


class Removed:
    """A run of removed blocks of one kind under one heading."""

    __slots__ = ("kind", "heading", "lines")

    def __init__(self, kind: str, heading: str | None, lines: list[str]):
        self.kind, self.heading, self.lines = kind, heading, lines

    def __repr__(self) -> str:
        return f"Removed({self.kind!r}, {self.heading!r}, {len(self.lines)} lines)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Removed) and self.to_dict() == other.to_dict()

    def to_dict(self) -> dict:
        return {"kind": self.kind, "heading": self.heading, "lines": list(self.lines)}


class Article:
    """The clean story and what was cut from around it.

    ``blocks`` holds every block with its decision and reason, in page order;
    it is not serialised (``newsclean explain`` and library users read it).
    """

    __slots__ = (
        "source",
        "input_type",
        "url",
        "title",
        "site_name",
        "date",
        "date_modified",
        "authors",
        "language",
        "tags",
        "description",
        "image",
        "paragraphs",
        "removed",
        "warnings",
        "blocks",
    )

    def __init__(
        self,
        source: str | None = None,
        input_type: str = "text",
        url: str | None = None,
        title: str | None = None,
        site_name: str | None = None,
        date: str | None = None,
        authors: list[str] | None = None,
        language: str | None = None,
        tags: list[str] | None = None,
        paragraphs: list[str] | None = None,
        removed: list[Removed] | None = None,
        warnings: list[str] | None = None,
        blocks: list[Block] | None = None,
        date_modified: str | None = None,
        description: str | None = None,
        image: str | None = None,
    ):
        self.source = source
        self.input_type = input_type
        self.url = url
        self.title = title
        self.site_name = site_name
        self.date = date
        self.authors = authors if authors is not None else []
        self.language = language
        self.tags = tags if tags is not None else []
        self.paragraphs = paragraphs if paragraphs is not None else []
        self.removed = removed if removed is not None else []
        self.warnings = warnings if warnings is not None else []
        self.blocks = blocks if blocks is not None else []
        self.date_modified = date_modified
        self.description = description
        self.image = image

    def __repr__(self) -> str:
        return f"Article(title={self.title!r}, paragraphs={len(self.paragraphs)}, removed={len(self.removed)})"

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def id(self) -> str | None:
        """A stable key for the record: a fingerprint of the normalised URL when there is one, else of the
        title and text; ``None`` when the record has neither (see :func:`fingerprint`)."""
        if self.url:
            return fingerprint("url", normalise_url(self.url))
        if self.title or self.paragraphs:
            return fingerprint("text", " ".join(f"{self.title or ''} {self.text}".split()))
        return None

    def to_dict(self) -> dict:
        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "source": self.source,
            "input_type": self.input_type,
            "url": self.url,
            "title": self.title,
            "site_name": self.site_name,
            "date": self.date,
            "date_modified": self.date_modified,
            "authors": list(self.authors),
            "language": self.language,
            "tags": list(self.tags),
            "description": self.description,
            "image": self.image,
            "text": self.text,
            "paragraphs": list(self.paragraphs),
            "removed": [r.to_dict() for r in self.removed],
            "warnings": list(self.warnings),
        }


def fingerprint(kind: str, value: str) -> str:
    """``"<kind>:"`` and the 16 hex digits of the 8-byte BLAKE2b digest of ``value`` (UTF-8).

    BLAKE2b from the interpreter's built-in ``_blake2`` module: ``hashlib`` loads OpenSSL, which
    costs the command line's start-up more than a whole text page takes to clean."""
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - an interpreter without the built-in module
        from hashlib import blake2b
    return f"{kind}:{blake2b(value.encode('utf-8'), digest_size=8).hexdigest()}"


#: Query parameters that only track a visit (dropped before a URL is fingerprinted).
_TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "_ga", "igshid", "ref_src")


def normalise_url(url: str) -> str:
    """The URL as its fingerprint sees it: scheme and host in lower case, no ``www.``, default port,
    fragment, trailing slash or tracking parameters (``utm_*``, ``fbclid``, ...), query keys sorted.
    ``http`` and ``https`` count as one."""
    from urllib.parse import parse_qsl, urlencode, urlsplit

    url = url.strip()
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return url
    if not host:
        return url
    if host.startswith("www."):
        host = host[4:]
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not k.lower().startswith(_TRACKING)
    )
    path = parts.path.rstrip("/") or ""
    return f"{host}{path}" + (f"?{urlencode(query)}" if query else "")


def group_removed(blocks: list[Block]) -> list[Removed]:
    """Runs of removed blocks with the same kind and heading, in page order.

    A section heading that was removed is carried in ``heading`` of the run it
    introduces rather than as a line of its own; a heading with no removed
    line under it (its lines were kept, ``keep={"tags"}``, or it labels
    nothing, like a lone "Advertisement") is itself the run's one line, so
    no run is ever empty.
    """
    out: list[Removed] = []
    prev: Block | None = None
    for b in blocks:
        if b.decision == KEPT:
            prev = b
            continue
        if b.is_heading:
            out.append(Removed(b.decision, b.text, []))
        elif (
            out
            and prev is not None
            and prev.decision != KEPT
            and out[-1].kind == b.decision
            and out[-1].heading == b.heading
        ):
            out[-1].lines.append(b.text)
        else:
            out.append(Removed(b.decision, b.heading, [b.text]))
        prev = b
    for i, run in enumerate(out):
        if not run.lines:
            out[i] = Removed(run.kind, None, [run.heading or ""])
    return out
