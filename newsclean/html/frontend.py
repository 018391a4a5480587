"""``extract_html``: HTML page → :class:`newsclean.model.Article`.

One parse (as trafilatura's loader does it, guarded by :mod:`.parse`: no DTD, bounded
nesting, bounded work), then on that one tree:

1. trafilatura's metadata (``extract_metadata``) on the whole page — hidden
   schema.org blocks and JSON-LD carry dates and authors;
2. the page cut into visible text blocks (:mod:`.segment`);
3. rule ``prune-invisible``: hidden elements and never-story elements (styles, scripts but JSON-LD) are
   dropped from the tree, then trafilatura's body extraction runs on it
   (``bare_extraction`` works on its own copy of a tree it is handed, so the
   blocks of step 2 stay valid);
4. the body lines traced back to the blocks (:mod:`.align`), story rules drop
   leaks and recover dropped story parts (:mod:`.story`), and every block
   outside the story gets a kind (:mod:`.label`).

Measured on the benchmark, this costs no more than ``trafilatura.extract(
with_metadata=True)`` alone: the pruned tree makes trafilatura's own passes
cheaper by about what the DOM analysis adds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from trafilatura import bare_extraction

from ..assemble import assemble
from ..model import Article
from . import meta
from .align import Alignment
from .label import label_blocks
from .parse import parse_page
from .segment import segment
from .story import Story, find_leaks, recover

if TYPE_CHECKING:
    from trafilatura.metadata import Document


def _body_lines(text: str | None) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").split("\n") if line.strip()]


def _date_line_reader():
    """``read(line) -> "YYYY-MM-DD" | None``: the date htmldate reads in a short line.

    htmldate's fast patterns first; its extensive (dateparser) search only when
    asked, as it costs a one-off load.
    """
    try:
        from htmldate.extractors import try_date_expr
        from htmldate.validators import get_max_date, get_min_date

        lo, hi = get_min_date(None), get_max_date(None)
    except Exception:  # pragma: no cover - htmldate layout changed
        return lambda s, extensive=False: None

    def read(s: str, extensive: bool = False) -> str | None:
        try:
            return try_date_expr(s, "%Y-%m-%d", False, lo, hi) or (
                try_date_expr(s, "%Y-%m-%d", True, lo, hi) if extensive else None
            )
        except Exception:  # pragma: no cover - a date probe never breaks extraction
            return None

    return read


#: Elements that never hold visible story text: removing them before trafilatura's run spares
#: it walking and copying them. ``nav``, ``aside``, ``footer`` and ``noscript`` are not among them:
#: broken markup stretches a ``nav`` over the page, blogs put posts in an ``<aside>``, and some
#: pages hold their story in ``<noscript>``; trafilatura's fallbacks (readability, jusText, its
#: baseline) read them, and the leak rules judge their blocks after extraction.
_NON_STORY = ("style", "template", "svg", "iframe")


def _prune_for_body(tree, seg) -> None:
    """Rule ``prune-invisible``: after the page has been segmented (and its metadata read), the
    tree handed to the body extractor loses what the page hides (``display:none``, ``hidden``)
    and what never holds story text (styles, templates, SVG, frames, and scripts other than
    JSON-LD, whose ``articleBody`` trafilatura's baseline falls back on)."""
    for el in seg.hidden:
        if el.getparent() is not None:
            el.drop_tree()
    for el in list(tree.iter(*_NON_STORY)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in list(tree.iter("script")):
        if el.getparent() is not None and "ld+json" not in (el.get("type") or ""):
            el.drop_tree()


def extract_html(text: str, url: str | None = None, favor: str = "balanced") -> Article:
    """Extract the story and metadata of an HTML page (``text`` already decoded).

    ``favor`` is passed to trafilatura as favor_precision / favor_recall.
    """
    article = Article(url=url)
    tree, notes = parse_page(text) if text and text.strip() else (None, [])
    article.warnings.extend(notes)
    if tree is None:
        return article
    facts = meta.read_page(tree)  # before any pruning: JSON-LD, meta tags, <time>, <h1>
    # metadata on the whole page (hidden schema.org blocks and JSON-LD carry dates and authors)
    doc, note = meta.page_metadata(tree, url)
    if note:
        article.warnings.append(note)
    article.title = doc.title or None
    article.site_name = doc.sitename or None
    article.date = meta.iso_date(doc.date)
    article.authors = meta.split_authors(doc.author)
    article.language = meta.page_language(tree)
    article.url = doc.url or url
    try:
        _story(article, tree, url, doc, favor)
    except Exception as err:  # pragma: no cover - a DOM rule must never lose the page
        article.warnings.append(f"html analysis failed ({type(err).__name__}); trafilatura's body kept as is")
        article.tags = article.tags or meta.page_tags(doc.tags, doc.categories, [])
        if not article.paragraphs:
            fresh, _ = parse_page(text)  # the tree the rules worked on may be half pruned
            body = (
                None
                if fresh is None
                else cast(  # as _body does: trafilatura's annotation includes as_dict=True's dict
                    "Document | None",
                    bare_extraction(fresh, url=url, with_metadata=False, include_comments=False, **_favor(favor)),
                )
            )
            article.paragraphs = _body_lines(body.text) if body is not None else []
    meta.finish(article, facts, url)
    return article


def _favor(favor: str) -> dict:
    return {"favor_precision": favor == "precision", "favor_recall": favor == "recall"}


#: A body with more link text than this (share of its characters) is menus, not a story.
LINK_HEAVY_BODY = 0.5
#: A fast-mode body holding less than this share of the page's prose is a lead or teaser, not the story.
PROSE_SHARE = 0.15


def _body(tree, url: str | None, seg, favor: str, fast: bool):
    """trafilatura's body lines (on its own copy of ``tree``) and their alignment to the blocks.

    ``fast`` is trafilatura's fast mode: no comparison with its fallback
    extractors (readability, jusText), which costs a third of its time, and
    teaser blocks kept (the leak rules cut them). On the benchmark it changes
    one page in 181; see :func:`_mostly_links` and :func:`_lead_only` for when it is
    redone in full mode."""
    # trafilatura annotates its result "Document | dict | None", the dict being as_dict=True's (no overload
    # tells them apart): without as_dict it is a Document or None.
    body = cast(
        "Document | None",
        bare_extraction(tree, url=url, with_metadata=False, include_comments=False, fast=fast, **_favor(favor)),
    )
    lines = _body_lines(body.text) if body is not None else []
    return lines, Alignment(lines, seg.blocks)


def _mostly_links(al: Alignment, seg) -> bool:
    """Rule ``link-heavy-body``: when more than half the characters of the body trafilatura
    kept are link text, it took the page's menus for the story; it runs again with its
    fallback extractors, which compare it with readability's and jusText's choice."""
    kept = {i for bl in al.line_blocks for i in bl}
    chars = sum(seg.blocks[i].chars for i in kept)
    return chars > 0 and sum(seg.blocks[i].link_chars for i in kept) > LINK_HEAVY_BODY * chars


def _prose(b) -> bool:
    """A prose block: a dozen words or more, under 30 % link text."""
    return b.tokens >= 12 and b.link_chars < 0.3 * b.chars


def _lead_only(al: Alignment, seg) -> bool:
    """Rule ``lead-only-body``: trafilatura's fast mode sometimes returns only a lead, teaser,
    caption or a box of links while the page's prose is elsewhere; when the body holds under
    PROSE_SHARE of the page's prose blocks (by characters), it runs again in full mode, whose
    fallback extractors (readability, jusText) find the rest. A share, not a length: a short
    story that is most of the page's prose is left alone (full mode then adds comments)."""
    page = sum(b.chars for b in seg.blocks if _prose(b))
    if not page:
        return False
    held = sum(seg.blocks[i].chars for i in al.block_line if _prose(seg.blocks[i]))
    return held < PROSE_SHARE * page


def _story(article: Article, tree, url: str | None, doc, favor: str = "balanced") -> None:
    """Segment the page, extract the body, trace it to the blocks, apply the rules, label the rest."""
    seg = segment(tree)
    article.tags = meta.page_tags(doc.tags, doc.categories, seg.blocks)
    article.date = meta.refine_time(article.date, (b.text for b in seg.blocks))
    _prune_for_body(tree, seg)
    lines, al = _body(tree, url, seg, favor, fast=True)
    if _mostly_links(al, seg) or _lead_only(al, seg):
        lines, al = _body(tree, url, seg, favor, fast=False)
    date_line = _date_line_reader()
    st = Story(lines, al.line_blocks, seg, article.title, article.authors, date_line, article.date)
    drops = find_leaks(st)

    kept: dict = {}
    for j, bl in enumerate(al.line_blocks):
        for i in bl:
            kept[i] = drops[j] if j in drops else st.block_drops.get(i, "trafilatura-body")
    extra: dict = {}
    for i, after, rule in recover(st, drops):
        kept[i] = rule
        extra.setdefault(after, []).append(seg.blocks[i].text)
    paragraphs = list(extra.get(-1, ()))
    for j, line in enumerate(lines):
        if j not in drops:
            paragraphs.append(st.edits.get(j, line))
        paragraphs.extend(extra.get(j, ()))
    assemble(article, label_blocks(st, kept, date_line), paragraphs)
