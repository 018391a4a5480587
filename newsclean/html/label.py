"""Label the blocks that are not story: what kind of page part each one is.

Rules, tried in this order for every block outside the story:

* ``section-heading`` — a heading (h1-h6 or a lone bold line) whose text the
  lexicon maps to a kind ("Related", "Meistgelesen", "相关新闻" ...) opens a
  section; the blocks after it inside the heading's container carry that kind
  and the heading (``under-heading``);
* ``hint-tag`` / ``hint-role`` / ``hint-class`` — the innermost ancestor whose
  tag (``nav``, ``footer``), ARIA role or class/id words name a page part, as
  long as that ancestor holds little of the story;
* ``breadcrumb`` — a short line of links joined by ›, », > or / separators;
* ``counter-widget`` / ``widget-words`` — a short label with a count ("Like (12)",
  "Views 345") or a line of widget words only ("Teilen Drucken");
* ``label-prefix`` — a line opening with a lexicon label ("Anzeige", "Schlagwörter:")
  followed by links;
* ``copyright-line`` — a copyright sign or a rights-reserved phrase;
* ``date-line`` — a short line htmldate reads as a date (publication line);
* ``byline`` — a short line naming an author of the metadata;
* ``title`` — the headline, carried by the record's ``title``;
* ``other-article`` — a block in an ``<article>`` other than the story's (teasers of other posts);
* ``links-before-story`` — link lines above the story (menus);
* ``link-in-story`` — a line that is wholly a link, between story paragraphs (a teaser);
* ``not-in-story`` — anything else trafilatura left out: kind ``other``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from ..lexicon import sections as lexicon
from ..lexicon.sections import COPYRIGHT, footer_phrase
from ..lexicon.tokens import folded_tokens, word_tokens
from ..model import Block
from .segment import TBlock
from .story import COUNT, Drop, Story, contains, is_widget_word

if TYPE_CHECKING:
    from lxml import etree

#: Kind for a hint name that is not itself a removed kind.
_HINT_KIND = {"aside": "other", "header": "navigation", "form": "widget"}
_BREADCRUMB = re.compile(r"\S\s*(?:›|»|>|/|\\|→|»)\s*\S")


def _hint_kind(st: Story, b: TBlock, after: int = -1) -> Drop | None:
    """Kind named by the innermost hinted ancestor holding little story (and, with ``after``,
    starting after that block index)."""
    for el_id, kind, evidence in reversed(b.hints):
        if after >= 0 and st.seg.spans.get(el_id, (0, 0))[0] <= after:
            return None
        if st.kept_share(el_id) <= 0.25:
            return Drop(_HINT_KIND.get(kind, kind), evidence)
    return None


def _text_kind(st: Story, b: TBlock, date_line) -> Drop | None:
    text = b.text
    ws = word_tokens(text)
    n = len(ws)
    if n <= 30 and b.link_density >= 0.1 and len(_BREADCRUMB.findall(text)) >= 2 and b.index < st.first_kept:
        return Drop("navigation", "breadcrumb")
    if n <= 6:
        rest = COUNT.sub(" ", text)
        parts = [p for p in re.split(r"[|/·•,:;!]+", rest) if p.strip()]
        if parts and all(is_widget_word(p) for p in parts):
            return Drop("widget", "counter-widget")
        if all(w.isdigit() or is_widget_word(w) for w in ws):
            return Drop("widget", "widget-words")
        if n <= 3 and re.search(r"[\(\[]\s*\d[\d.,]*\s*[\)\]]\s*$", text):
            return Drop("widget", "counter-widget")
    lp = _label_prefix(b)
    if lp:
        return Drop(lp, "label-prefix")
    if n <= 25 and (COPYRIGHT.search(text) or footer_phrase(text)):
        return Drop("footer", "copyright-line")
    if st.title_tokens and folded_tokens(text) == st.title_tokens:
        return Drop("metadata", "title")
    if n <= 12 and st.author_tokens:
        toks = folded_tokens(text)
        if any(a and len(toks) <= len(a) + 3 and contains(toks, a) for a in st.author_tokens):
            return Drop("metadata", "byline")
    if n <= 12 and sum(c.isdigit() for c in text) >= 4 and date_line(text):  # fast patterns only
        return Drop("metadata", "date-line")
    return None


#: Kinds a leading label can announce for the rest of its line.
_LABEL_KINDS = ("advertisement", "tags", "related", "recommendation", "ranking")


def _label_prefix(b: TBlock) -> str | None:
    """Rule ``label-prefix``: a line that opens with a label of the lexicon ("Anzeige",
    "Schlagwörter:", "Sponsored", "Tags:") followed by links — the kind of that label."""
    if b.tokens > 40 or b.link_density < 0.3:
        return None
    words_ = b.text.split()
    for n in (1, 2, 3):
        if len(words_) <= n:
            break
        label = " ".join(words_[:n])
        kind = lexicon.heading_kind(label)
        if kind in _LABEL_KINDS:
            rest = len(" ".join(words_[n:]))
            if b.link_chars >= 0.5 * rest:
                return kind
    return None


class Section(NamedTuple):
    """A section opened by a lexicon heading: the blocks under it carry its kind."""

    kind: str
    heading: str  # the heading's text
    end: int  # end block index of the heading's container
    level: int  # 1-6 for h1-h6, 7 for a bold line or a short label
    start: int  # the heading's block index


def label_blocks(st: Story, kept: dict, date_line) -> list[Block]:
    """One :class:`Block` per text block, in page order, with its decision and reason.

    ``kept`` maps a block index to the reason it is in the story (or to
    ``(kind, rule)`` when a story rule removed it).
    """
    out: list[Block] = []
    section: Section | None = None
    seg = st.seg
    for b in st.blocks:
        blk = Block(text=b.text, line=b.line, lines=[b.text], bullet=bool(b.in_li))
        out.append(blk)
        if section and b.index >= section.end:
            section = None
        k = kept.get(b.index)
        if isinstance(k, str):
            blk.keep(k, role="subheading" if b.heading_tag and b.heading_tag != "strong" else None)
            continue
        if k is not None:  # removed from the body by a story rule
            kind, rule = k
            heading = section.heading if section and section.kind == kind else None
            blk.drop(kind, rule, heading=heading)
            if b.heading_tag and lexicon.heading_kind(b.text) == kind:
                blk.is_heading = True
                section = Section(kind, b.text, _scope_end(seg, b), _level(b), b.index)
            continue
        # a section heading opens a section
        if b.heading_tag or b.tokens <= 5:
            hk = lexicon.heading_kind(b.text) if b.chars <= 60 else None
            if hk and hk not in ("navigation", "widget", "footer") and (b.heading_tag or b.link_density < 0.5):
                blk.drop(hk, "section-heading")
                blk.is_heading = True
                # an ad label marks its own slot only: what follows it is not the ad
                section = None if hk == "advertisement" else Section(hk, b.text, _scope_end(seg, b), _level(b), b.index)
                continue
        if section and _ends_section(section, b):
            section = None
        if section:
            inner = _hint_kind(st, b, after=section.start)
            if inner:  # a hinted box inside the section (an ad slot in a list) is what its hint says
                blk.drop(inner[0], "hint-" + inner[1])
            else:
                blk.drop(section.kind, "under-heading", heading=section.heading)
            continue
        r = _hint_kind(st, b) or _text_kind(st, b, date_line)
        if r:
            blk.drop(r[0], r[1] if not r[1].startswith(("tag:", "role:", "class:")) else "hint-" + r[1])
            continue
        if st.main_article and b.article and b.article != st.main_article and st.kept_share(b.article) <= 0.25:
            blk.drop("related", "other-article")
            continue
        if b.index < st.first_kept and b.link_density >= 0.5:
            blk.drop("navigation", "links-before-story")
            continue
        if st.first_kept < b.index < st.last_kept and b.link_density >= 0.9 and b.tokens >= 3:
            blk.drop("related", "link-in-story")
            continue
        blk.drop("other", "not-in-story")
    return out


def _level(b: TBlock) -> int:
    """1-6 for h1-h6, 7 for a bold line or a short label."""
    t = b.heading_tag
    return int(t[1]) if len(t) == 2 and t[0] == "h" else 7


def _ends_section(section: Section, b: TBlock) -> bool:
    """A heading of the same or a higher level ends a section (a bold line only ends a section
    opened by a bold line or label); so does running prose, except in comments, which are prose."""
    if b.heading_tag and _level(b) <= section.level:
        return True
    return section.kind != "comments" and _prose(b)


def _prose(b: TBlock) -> bool:
    """Running text: a dozen words or more, mostly not link text."""
    return b.tokens >= 12 and b.link_density < 0.3


def _scope_end(seg, b: TBlock) -> int:
    """End (block index) of the smallest container of heading ``b`` that holds more than the heading."""
    el: etree._Element | None = b.el
    while el is not None:
        span = seg.spans.get(id(el))
        if span and span[1] > b.index + 1:
            return span[1]
        el = el.getparent()
    return b.index + 1
