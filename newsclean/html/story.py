"""Named rules over trafilatura's body lines, using the DOM evidence of their blocks.

Each ``rule_*`` function looks at one body line (with the blocks it came from)
and returns ``(kind, rule name)`` when the line is a leak that is not part of
the story, else ``None``. Every rule is language-independent or uses the
multilingual lexicon; none names a site.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from ..lexicon import sections as lexicon
from ..lexicon.tokens import WORD, folded_tokens, word_tokens
from .segment import CLASS_WORDS, TBlock

if TYPE_CHECKING:
    from lxml import etree

#: Generic widget words (the class/id vocabulary of share bars and counters).
WIDGET_WORDS = frozenset(CLASS_WORDS["widget"].split())


#: Hint kinds that mark a container as not-story when it holds only a small part of the story.
LEAK_HINT_KINDS = {
    "navigation": "navigation",
    "footer": "footer",
    "related": "related",
    "ranking": "ranking",
    "recommendation": "recommendation",
    "tags": "tags",
    "widget": "widget",
    "advertisement": "advertisement",
    "comments": "comments",
    "form": "widget",
}
#: Kinds of section headings whose links are never story.
SECTION_KINDS = ("related", "ranking", "recommendation", "comments", "tags", "advertisement")
#: Largest share of the story a hinted container may hold and still be a leak.
HINT_MAX_STORY_SHARE = 0.25
#: Link density from which a block reads as a link (headline, menu item) rather than prose.
LINKY = 0.6


class Drop(NamedTuple):
    """A leak rule's verdict on a body line (or block): the kind it is and the rule's name."""

    kind: str
    rule: str


class Recovered(NamedTuple):
    """A block put back into the body: its index, the body line it follows (-1: before all), the rule."""

    block: int
    after: int
    rule: str


class Story:
    """Body lines with their blocks and the numbers the rules share."""

    def __init__(
        self,
        lines: list[str],
        line_blocks: list[list[int]],
        seg,
        title: str | None,
        authors: Sequence[str],
        date_line=None,
        date: str | None = None,
    ):
        self.lines = lines
        self.line_blocks = line_blocks
        self.block_line = {i: j for j, bl in enumerate(line_blocks) for i in bl}
        self.seg = seg
        self.blocks: list[TBlock] = seg.blocks
        self.title_tokens = folded_tokens(title or "")
        self.date_line = date_line
        self.date = (date or "")[:10]
        self.author_tokens = [folded_tokens(a) for a in authors if a]
        n = len(self.blocks)
        kept = [0] * (n + 1)
        for bl in line_blocks:
            for i in bl:
                kept[i + 1] = self.blocks[i].chars
        for i in range(n):
            kept[i + 1] += kept[i]
        self.kept_prefix = kept
        self.story_chars = kept[n] or 1
        #: Body line index → its text after blocks were cut out of it; block index → (kind, rule).
        self.edits: dict[int, str] = {}
        self.block_drops: dict[int, Drop] = {}
        arts: dict[int, int] = {}
        for bl in line_blocks:
            for i in bl:
                a = self.blocks[i].article
                if a:
                    arts[a] = arts.get(a, 0) + self.blocks[i].chars
        self.main_article = max(arts, key=arts.__getitem__) if arts else 0
        self.first_kept = min((i for bl in line_blocks for i in bl), default=0)
        self.last_kept = max((i for bl in line_blocks for i in bl), default=n)

    def kept_share(self, el_id: int) -> float:
        span = self.seg.spans.get(el_id)
        if not span:
            return 0.0
        return (self.kept_prefix[span[1]] - self.kept_prefix[span[0]]) / self.story_chars

    def leak_hint(self, b: TBlock) -> Drop | None:
        """Innermost hinted ancestor of ``b`` that holds only a small share of the story."""
        for el_id, kind, evidence in reversed(b.hints):
            k = LEAK_HINT_KINDS.get(kind)
            if k and self.kept_share(el_id) <= HINT_MAX_STORY_SHARE:
                return Drop(k, evidence)
        return None


# --- rules on one body line -------------------------------------------------------


def rule_title_repeat(st: Story, j: int) -> Drop | None:
    """``title-repeat``: one of the first lines is the headline, which the record carries as ``title``."""
    if j < 3 and st.title_tokens and folded_tokens(st.lines[j]) == st.title_tokens:
        return Drop("metadata", "title-repeat")
    return None


def rule_hinted_container(st: Story, j: int) -> Drop | None:
    """``leak-hinted-container``: every block of the line sits in a container whose tag, role or
    class/id words name a page part (share bar, related box, ad slot ...) and that holds little
    of the story."""
    bl = st.line_blocks[j]
    if not bl:
        return None
    found: Drop | None = None
    for i in bl:
        b = st.blocks[i]
        h = st.leak_hint(b)
        if h is None:
            return None
        found = found or h
    assert found is not None  # bl is not empty and each of its blocks returned above or gave a hint
    return Drop(found[0], "leak-hinted-container:" + found[1])


_PROMO = re.compile(r"^\s*[\[(]?\s*([^\W\d][^:：|»>\]]{1,40}?)\s*[:：|»>]+\s*(\S.*)$", re.S)


def rule_promo_line(st: Story, j: int) -> Drop | None:
    """``promo-line``: "Read more: <headline>" — a related/recommendation label (any language in the
    lexicon) followed by a linked headline."""
    line = st.lines[j]
    m = _PROMO.match(line)
    if not m or len(word_tokens(line)) > 40:
        return None
    kind = lexicon.heading_kind(m.group(1))
    if kind not in ("related", "recommendation", "ranking"):
        return None
    bl = st.line_blocks[j]
    link = sum(st.blocks[i].link_chars for i in bl)
    if (bl and link >= 0.5 * len(m.group(2))) or (not bl and line.lstrip().startswith("[")):
        return Drop(kind, "promo-line")  # the rest is mostly link text, or a bracketed "[Related: ...]"
    return None


def _list_all_links(li_blocks: list[TBlock]) -> bool:
    """Two items or more, each at least 80 % link text."""
    items: dict[int, list[int]] = {}
    for b in li_blocks:
        c = items.setdefault(b.in_li, [0, 0])
        c[0] += b.link_chars
        c[1] += b.chars
    return len(items) >= 2 and all(lc >= 0.8 * ch for lc, ch in items.values())


def rule_link_list(st: Story, j: int) -> Drop | None:
    """``headline-link-list``: an item of a list whose every item is wholly a link (a teaser or
    headline list), where the list holds little of the story."""
    bl = st.line_blocks[j]
    if not bl:
        return None
    b = st.blocks[bl[0]]
    if not b.list_id or b.link_density < 0.8:
        return None
    span = st.seg.spans.get(b.list_id)
    if not span:
        return None
    members = [st.blocks[i] for i in range(*span) if st.blocks[i].list_id == b.list_id and st.blocks[i].in_li]
    if not _list_all_links(members):
        return None
    if st.kept_share(b.list_id) > HINT_MAX_STORY_SHARE:
        return None
    return Drop("related", "headline-link-list")


#: A count in a widget line: "(123)", "4,561", "1.2k".
COUNT = re.compile(r"[\(\[]?\s*\d[\d.,\s]*[kKmM]?\s*[\)\]]?")


def is_widget_word(text: str) -> bool:
    """A widget label of the lexicon ("Teilen", "Like") or a generic widget word ("shares")."""
    return lexicon.heading_kind(text) == "widget" or text.strip().casefold() in WIDGET_WORDS


def rule_counter_widget(st: Story, j: int) -> Drop | None:
    """``counter-widget``: a short line of widget words (share, like, views ... in the lexicon's
    languages) and counts, e.g. "Like (123)" or "Views: 4,561"."""
    line = st.lines[j]
    ws = word_tokens(line)
    if not ws or len(ws) > 6:
        return None
    rest = COUNT.sub(" ", line)
    parts = [p for p in re.split(r"[|/·•,:;!]+|\s{2,}", rest) if p.strip()]
    if not parts:
        return None
    if all(is_widget_word(p) for p in parts):
        return Drop("widget", "counter-widget")
    # a label with a count in parentheses and nothing else: "veryGood! (123)"
    if len(ws) <= 3 and lexicon.COUNT_SUFFIX.search(line) and len(parts) == 1:
        return Drop("widget", "counter-widget")
    return None


def rule_byline_repeat(st: Story, j: int) -> Drop | None:
    """``byline-repeat``: a short line at the start or end of the body that names an author
    from the metadata and says little else."""
    if not st.author_tokens or not (j < 3 or j >= len(st.lines) - 2):
        return None
    toks = folded_tokens(st.lines[j])
    if not toks or len(toks) > 14:
        return None
    for a in st.author_tokens:
        if a and contains(toks, a) and len(toks) <= len(a) + 3:
            return Drop("metadata", "byline-repeat")
    return None


def contains(seq, sub) -> bool:
    """``sub`` occurs as a contiguous run in ``seq`` (token sequences)."""
    n = len(sub)
    return any(tuple(seq[i : i + n]) == sub for i in range(len(seq) - n + 1))


_URLISH = re.compile(r"https?://|www\.|\w\.\w{2,4}/")


def rule_linked_paragraph(st: Story, j: int) -> Drop | None:
    """``linked-paragraph``: a paragraph (``<p>``, not a list item or an h1-h6 heading) that is
    wholly a link *and* set in capitals amid mixed-case prose reads as a pointer to another page
    (a shouted teaser headline, "CLICK HERE TO GET THE APP"). A fully linked paragraph alone is no
    evidence: on pages nobody tuned on it is as often the story's own (a listed title, a source,
    an address) as a teaser. A bare URL is left alone, it may be the story's reference."""
    bl = st.line_blocks[j]
    if not bl:
        return None
    bs = [st.blocks[i] for i in bl]
    b = bs[0]
    if b.tag != "p" or b.in_li or b.heading_tag not in ("", "strong"):
        return None
    line = st.lines[j]
    if len(word_tokens(line)) > 25 or len(word_tokens(line)) < 3 or _URLISH.search(line):
        return None
    if sum(x.link_chars for x in bs) < 0.9 * sum(x.chars for x in bs):
        return None
    if not line.isupper() or not _mixed_case_neighbour(st, j):
        return None
    return Drop("related", "linked-paragraph")


def _mixed_case_neighbour(st: Story, j: int) -> bool:
    """A body line next to line ``j`` has lower-case letters: the page does not set everything in capitals."""
    return any(0 <= k < len(st.lines) and not st.lines[k].isupper() for k in (j - 1, j + 1))


def rule_date_line(st: Story, j: int) -> Drop | None:
    """``date-line``: a short line among the first lines of the body in which htmldate reads the
    page's own publication date — the dateline, carried by the record's ``date``."""
    if not st.date_line or not st.date or j >= 3:
        return None
    line = st.lines[j]
    if len(word_tokens(line)) > 12 or st.date[:4] not in line:  # cheap gate: the page's year is there
        return None
    return Drop("metadata", "date-line") if st.date_line(line, True) == st.date else None


def rule_other_article(st: Story, j: int) -> Drop | None:
    """``other-article``: every block of the line sits in an ``<article>`` other than the one
    holding most of the story (teasers of other posts listed around or inside the story).
    Not in LINE_RULES: on the score halves it cut the story's other ``<article>`` elements (a lead,
    forum posts, answers) more than teasers (readability -0.004, no gain elsewhere); teaser
    ``<article>`` elements outside the body are still labelled ``other-article``."""
    bl = st.line_blocks[j]
    if not bl or not st.main_article:
        return None
    for i in bl:
        art = st.blocks[i].article
        if not art or art == st.main_article or st.kept_share(art) > HINT_MAX_STORY_SHARE:
            return None
    return Drop("related", "other-article")


LINE_RULES = (
    rule_title_repeat,
    rule_hinted_container,
    rule_promo_line,
    rule_link_list,
    rule_counter_widget,
    rule_byline_repeat,
    rule_linked_paragraph,
    rule_date_line,
)
# ``copyright-line`` is not a story rule: news bodies often end with an agency's rights
# notice that belongs to the story as published; it labels removed blocks only.


def section_leaks(st: Story, drops: dict[int, Drop]) -> None:
    """``leak-heading-section``: a body line that is a related/ranking/... heading (lexicon) and the
    link lines that follow it, up to the next prose line or heading."""
    n = len(st.lines)
    j = 0
    while j < n:
        bl = st.line_blocks[j]
        line = st.lines[j]
        kind = lexicon.heading_kind(line) if len(line) <= 60 else None
        is_head = bool(bl) and any(st.blocks[i].heading_tag for i in bl)
        if kind in SECTION_KINDS and (is_head or len(word_tokens(line)) <= 4):
            nxt = j + 1
            dropped = []
            while nxt < n:
                nbl = st.line_blocks[nxt]
                if not nbl:
                    break
                nb = [st.blocks[i] for i in nbl]
                if any(b.heading_tag for b in nb):
                    break
                link = sum(b.link_chars for b in nb)
                chars = sum(b.chars for b in nb)
                if link < LINKY * chars:
                    break
                dropped.append(nxt)
                nxt += 1
            if dropped or j >= n - 2:
                drops.setdefault(j, Drop(kind, "leak-heading-section"))
                for d in dropped:
                    drops.setdefault(d, Drop(kind, "leak-heading-section"))
            j = nxt
            continue
        j += 1


def container_of(st: Story, b: TBlock) -> int | None:
    """id of the smallest container of ``b`` that holds more blocks than ``b`` alone."""
    el: etree._Element | None = b.el
    while el is not None:
        span = st.seg.spans.get(id(el))
        if span and (span[1] - span[0]) > 1:
            return id(el)
        el = el.getparent()
    return None


def heading_containers(st: Story, drops: dict[int, Drop]) -> dict[int, Drop]:
    """``leak-heading-container``: a heading in the body whose text is a related/ranking/
    recommendation/comments label of the lexicon, with everything it opens (its container, or
    its following siblings up to the next heading), when that holds a small part of the story.
    Works block by block, so it also cuts such a box out of a body line that trafilatura
    merged (a layout table)."""
    out: dict[int, Drop] = {}
    for j, bl in enumerate(st.line_blocks):
        if j in drops:
            continue
        for i in bl:
            b = st.blocks[i]
            if i in out or b.chars > 60 or not (b.heading_tag or b.tokens <= 4):
                continue
            kind = lexicon.heading_kind(b.text)
            if kind not in ("related", "ranking", "recommendation", "comments"):
                continue
            rng = _section_range(st, b)
            if rng is None:
                continue
            for k in range(*rng):
                if k in st.block_line:
                    out.setdefault(k, Drop(kind, "leak-heading-container"))
    return out


def _section_range(st: Story, b: TBlock) -> tuple[int, int] | None:
    """Blocks a heading opens: its container when the heading starts it, else the heading's
    following siblings up to the next sibling that starts with a heading; ``None`` when that
    range holds more than a small part of the story."""
    spans = st.seg.spans
    cid = container_of(st, b)
    if cid is not None and spans[cid][0] == b.index:
        rng = spans[cid]
    else:
        top = b.el  # the outermost element holding the heading alone
        parent = top.getparent()
        while parent is not None and spans.get(id(parent), (b.index, b.index + 1)) == (b.index, b.index + 1):
            top = parent
            parent = top.getparent()
        end = b.index + 1
        for sib in top.itersiblings():
            span = spans.get(id(sib))
            if span is None:
                continue
            if st.blocks[span[0]].heading_tag:
                break
            end = span[1]
        rng = (b.index, end)
    kept = st.kept_prefix[rng[1]] - st.kept_prefix[rng[0]]
    if rng[1] - rng[0] < 2 or kept / st.story_chars > HINT_MAX_STORY_SHARE:
        return None
    return rng


def apply_block_drops(st: Story, bdrops: dict[int, Drop], drops: dict[int, Drop]) -> None:
    """Lines whose every block is dropped are dropped; a line with some dropped blocks loses
    their text (``st.edits``) when each of them is found verbatim in it."""
    for j, bl in enumerate(st.line_blocks):
        if j in drops or not bl:
            continue
        hit = [i for i in bl if i in bdrops]
        if not hit:
            continue
        if len(hit) == len(bl):
            drops[j] = bdrops[hit[0]]
            continue
        line = st.edits.get(j, st.lines[j])
        for i in hit:
            t = st.blocks[i].text
            if t not in line:
                break
            line = line.replace(t, " ", 1)
        else:
            st.edits[j] = " ".join(line.split())
            st.block_drops.update({i: bdrops[i] for i in hit})


def repeated_runs(st: Story, drops: dict[int, Drop]) -> None:
    """``repeated-copy``: a run of three or more prose lines (twelve words or more each) that the
    body already had word for word (a second copy of the story: print version, hidden or
    duplicated markup). Short or lone repeated lines are left alone: lists, recipes and plans
    repeat lines. A lone line equal to the headline further down is left alone too (only
    ``title-repeat`` cuts it, among the first lines): it is the page's own heading below a
    menu, a recipe's or a poem's title, the only caption of a picture post."""
    first: dict[tuple, int] = {}
    rep = []
    for j, line in enumerate(st.lines):
        toks = folded_tokens(line)
        if toks in first and len(toks) >= 12:
            rep.append(j)
        else:
            first.setdefault(toks, j)
    run: list[int] = []
    for j in rep + [-1]:
        if run and j == run[-1] + 1:
            run.append(j)
            continue
        if len(run) >= 3:
            for r in run:
                drops.setdefault(r, Drop("other", "repeated-copy"))
        run = [j]


def find_leaks(st: Story) -> dict[int, Drop]:
    """Body line index → (kind, rule) for every line a rule removes."""
    drops: dict[int, Drop] = {}
    for j in range(len(st.lines)):
        for rule in LINE_RULES:
            r = rule(st, j)
            if r:
                drops[j] = r
                break
    section_leaks(st, drops)
    apply_block_drops(st, heading_containers(st, drops), drops)
    repeated_runs(st, drops)
    return drops


# --- recovery ---------------------------------------------------------------------


def signature(b: TBlock) -> tuple:
    """The block's tag and class and its parent's and grandparent's: the page template slot. The
    block's own class counts: a classed paragraph among the story's (post metadata, a credit) is
    another slot."""
    el: etree._Element | None = b.el
    sig = [b.tag + "." + ((el.get("class") or "").strip() if el is not None else "")]
    for _ in range(2):
        el = el.getparent() if el is not None else None
        if el is None:
            break
        sig.append(el.tag + "." + (el.get("class") or "").strip())
    return tuple(sig)


#: Share of the story a template slot must hold for its other blocks to be recovered.
SLOT_MIN_SHARE = 0.2


def recover(st: Story, drops: dict[int, Drop]) -> list[Recovered]:
    """Blocks trafilatura left out that the story rules put back, as
    ``(block index, body line after which it goes (-1: the top), rule)`` in page order."""
    kept_idx = sorted(i for j, bl in enumerate(st.line_blocks) if j not in drops for i in bl)
    if not kept_idx:
        return []
    found: dict[int, str] = {}
    for i in _story_slot_blocks(st, kept_idx):
        found[i] = "recover-story-slot"
    for i in _embedded_quote_blocks(st, kept_idx):
        found.setdefault(i, "recover-embedded-quote")
    for i in _loose_text_blocks(st, kept_idx):
        found.setdefault(i, "recover-loose-text")
    if not found:
        return []
    body_text = " " + " ".join(" ".join(folded_tokens(line)) for line in st.lines) + " "
    out = []
    prev_line = -1
    for b in st.blocks:
        j = st.block_line.get(b.index)
        if j is not None:
            if j not in drops:
                prev_line = j
            continue
        rule = found.get(b.index)
        if rule and (" " + " ".join(folded_tokens(b.text)) + " ") not in body_text:
            out.append(Recovered(b.index, prev_line, rule))
    return out


def _story_slot_blocks(st: Story, kept_idx: list[int]):
    """``recover-story-slot``: a block trafilatura left out is put back when it is running prose
    (eight words or more, under 30 % link text) in the same template slot (tag, parent and
    grandparent with their classes) as a large part of the kept story, sits in no hinted
    container and in no other ``<article>``, is not already in the body, and is neither a
    byline (names an author) nor a dateline."""
    weight: dict[tuple, int] = {}
    for i in kept_idx:
        sig = signature(st.blocks[i])
        weight[sig] = weight.get(sig, 0) + st.blocks[i].chars
    total = sum(weight.values()) or 1
    slots = {
        s
        for s, w in weight.items()
        if w >= SLOT_MIN_SHARE * total and s[0].split(".")[0] in ("p", "div", "li", "blockquote")
    }
    if not slots:
        return
    first = kept_idx[0]
    for b in st.blocks:
        if b.index in st.block_line or b.tokens < 8 or b.link_density >= 0.3 or b.heading_tag:
            continue
        if signature(b) not in slots or st.leak_hint(b) is not None:
            continue
        toks = folded_tokens(b.text)
        if any(a and contains(toks, a) for a in st.author_tokens):
            continue  # a byline or an author's bio
        if len(toks) <= 15 and st.date_line and st.date_line(b.text):
            continue  # a dateline
        if st.main_article and b.article and b.article != st.main_article:
            continue  # another post
        if b.index < first and not st.main_article:
            continue  # above the story, only inside the story's own <article>
        yield b.index


def _embedded_quote_blocks(st: Story, kept_idx: list[int]):
    """``recover-embedded-quote``: a ``<blockquote>`` between story paragraphs that trafilatura
    dropped whole (an embedded post: its text, then its author and date line) is put back when
    the nearest container holding story holds story paragraphs on both sides of it, it sits in
    no hinted container and no other ``<article>``, and has some prose."""
    first, last = kept_idx[0], kept_idx[-1]
    kept = set(kept_idx)
    for el_id, el in st.seg.elements.items():
        if el.tag != "blockquote":
            continue
        start, end = st.seg.spans[el_id]
        if not (first < start and end <= last) or any(i in st.block_line for i in range(start, end)):
            continue
        blocks = st.blocks[start:end]
        if any(st.leak_hint(b) is not None for b in blocks):
            continue
        if st.main_article and any(b.article and b.article != st.main_article for b in blocks):
            continue
        if not any(b.tokens >= 8 and b.link_density < 0.5 for b in blocks):
            continue
        # the nearest ancestor that holds story must hold it on both sides of the quote
        p = el.getparent()
        while p is not None and not st.kept_share(id(p)):
            p = p.getparent()
        if p is None:
            continue
        ps = st.seg.spans[id(p)]
        if not (any(i in kept for i in range(ps[0], start)) and any(i in kept for i in range(end, ps[1]))):
            continue
        yield from range(start, end)


def _loose_text_blocks(st: Story, kept_idx: list[int]):
    """``recover-loose-text``: text set directly in the element whose child paragraphs hold a large
    part of the kept story (a paragraph written without its ``<p>``, which trafilatura's fast mode
    skips) is put back when it is prose (eight words or more, under 30 % link text), sits in no
    hinted container and no other ``<article>``, and is neither a byline nor a dateline."""
    held: dict[int, int] = {}
    for i in kept_idx:
        el = st.blocks[i].el
        parent = el.getparent() if el is not None else None
        if parent is not None:
            held[id(parent)] = held.get(id(parent), 0) + st.blocks[i].chars
    total = sum(st.blocks[i].chars for i in kept_idx) or 1
    hosts = {k for k, v in held.items() if v >= SLOT_MIN_SHARE * total}
    if not hosts:
        return
    for b in st.blocks:
        if b.index in st.block_line or id(b.el) not in hosts:
            continue
        if b.tokens < 8 or b.link_density >= 0.3 or b.heading_tag or st.leak_hint(b) is not None:
            continue
        if not _starts_loose(b):
            continue  # it starts inside an inline element (a caption or credit in a <span>)
        toks = folded_tokens(b.text)
        if any(a and contains(toks, a) for a in st.author_tokens):
            continue
        if len(toks) <= 15 and st.date_line and st.date_line(b.text):
            continue
        if st.main_article and b.article and b.article != st.main_article:
            continue
        yield b.index


def _starts_loose(b: TBlock) -> bool:
    """The block starts with text set directly in its element, not in a child of it."""
    el = b.el
    for t in [el.text or ""] + [c.tail or "" for c in el]:
        t = " ".join(t.split())[:30]
        if WORD.search(t) and b.text.startswith(t):
            return True
    return False
