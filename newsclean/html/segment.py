"""The page cut into visible text blocks, each with the DOM evidence the rules need.

A *text block* is a maximal run of inline content (text and inline elements)
inside one block-level element, the way a browser lays out lines: ``<div>a
<b>b</b><p>c</p>d</div>`` gives the blocks ``"a b"``, ``"c"`` and ``"d"``.
Scripts, styles, templates and elements hidden with ``hidden`` or an inline
``display:none`` are never visited, so every block is visible text — unless
the page shows under a fifth of the text it hides (rule ``hidden-page``: a
page kept hidden until a script reveals it), when hiding is ignored.

One walk over the tree records, per block: its text, how much of it is link
text, its owner element and tag, whether it is a heading or a list item, and
the *hints* of its ancestors — the kind of page part an ancestor's tag, role or
class/id words announce (``<nav>``, ``role="contentinfo"``,
``class="related-posts"`` ...). Per element it records the range of blocks it
contains, so a rule can ask "what else is in this container".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from ..lexicon.tokens import WORD, word_tokens

if TYPE_CHECKING:
    from lxml import etree

# Elements that start a new line of layout.
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
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
        "br",
    ]
)
# Elements whose content is never visible text.
SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "head",
        "iframe",
        "object",
        "embed",
        "canvas",
        "select",
        "option",
        "textarea",
        "input",
        "audio",
        "video",
        "source",
        "track",
        "map",
        "area",
        "picture",
        "img",
        "link",
        "meta",
        "title",
        "param",
    ]
)
HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_EMPH_TAGS = frozenset(["strong", "b"])
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

# --- hints: what an ancestor's tag, role or class/id words announce ------------------
#: Tag → kind (rule ``hint-tag``): HTML5 sectioning elements say what they hold.
TAG_HINTS = {"nav": "navigation", "footer": "footer", "aside": "aside", "form": "form", "header": "header"}
#: ARIA role → kind (rule ``hint-role``).
ROLE_HINTS = {
    "navigation": "navigation",
    "menubar": "navigation",
    "menu": "navigation",
    "banner": "header",
    "contentinfo": "footer",
    "complementary": "aside",
    "search": "navigation",
    "form": "form",
}
#: class/id word → kind (rule ``hint-class``). Generic web-authoring words only:
#: whole words after splitting on punctuation and camelCase.
CLASS_WORDS = {
    "navigation": "nav navbar navigation menu menubar mainmenu submenu megamenu breadcrumb breadcrumbs "
    "crumbs crumb topbar pagination pager skiplink skiplinks sitenav",
    "footer": "footer foot copyright colophon",
    "related": "related relatedposts relatedarticles relatedstories relatedlinks seealso readmore "
    "morestories morenews recirculation recirc latest promo promos",
    "ranking": "popular mostread mostpopular mostviewed trending ranking rankings toplist hotlist",
    "recommendation": "recommend recommended recommendation recommendations suggested suggestions youmaylike",
    "tags": "tags tag tagcloud taglist keywords topics labels",
    "widget": "share sharing shares sharebar social socials sociallinks like likes counter counters "
    "rating ratings vote votes newsletter subscribe subscription signup follow print toolbar "
    "reactions",
    "advertisement": "ad ads adv advert adverts advertisement advertisements advertising sponsor "
    "sponsored sponsors promoted adslot adunit adsbygoogle commercial",
    "comments": "comment comments commentlist respond replies discussion disqus",
}
_CLASS_KIND: dict[str, str] = {w: k for k, ws in CLASS_WORDS.items() for w in ws.split()}


def _lexicon_class_words() -> dict[str, str]:
    """Single-word advertisement and comment labels of the lexicon, in every language it has,
    as class/id words too: pages name their boxes in their own language ("anzeige",
    "kommentare", "publicidad"). Only words of five letters or more, plain ASCII letters."""
    from ..lexicon.sections import headings

    out: dict[str, str] = {}
    for kind in ("advertisement", "comments"):
        for w in headings(kind):
            if " " not in w and len(w) >= 5 and w.isascii() and w.isalpha():
                out.setdefault(w, kind)
    return out


for _w, _k in _lexicon_class_words().items():
    _CLASS_KIND.setdefault(_w, _k)
#: Long words recognised inside compound class names ("relatedcontent", "sharetools").
_CLASS_STEMS = (
    ("breadcrumb", "navigation"),
    ("related", "related"),
    ("recommend", "recommendation"),
    ("popular", "ranking"),
    ("trending", "ranking"),
    ("mostread", "ranking"),
    ("newsletter", "widget"),
    ("sponsor", "advertisement"),
    ("advert", "advertisement"),
    ("footer", "footer"),
    ("socialshare", "widget"),
    ("sharebutton", "widget"),
    ("sharing", "widget"),
)
_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
#: Words that contain a hint word but mean content ("commentary", "shareholder").
_NOT_HINTS = ("commentary", "shareholder", "header-title", "loadmore")


#: Class names that record a post's taxonomy ("tag-gardening", "category-news"), not a page part.
_TAXONOMY = re.compile(r"^(?:tag|category)[-_]\S", re.I)


def class_words(el) -> list[str]:
    """Words of an element's class and id: ``"relatedPosts top-ad"`` → related, posts, top, ad.

    Taxonomy class names that content systems add to a post's long class list
    (``post-7 hentry category-news tag-gardening``) say what the post is about,
    not what the element is: they are left out."""
    raw = (el.get("class") or "") + " " + (el.get("id") or "")
    if not raw.strip():
        return []
    tokens = raw.split()
    if len(tokens) >= 4:  # a content system's post classes, not a hand-named box
        raw = " ".join(t for t in tokens if not _TAXONOMY.match(t))
    return [w for w in _SPLIT.split(_CAMEL.sub(" ", raw).lower()) if w]


_HINT_CACHE: dict[tuple[str, str], tuple[str, str] | None] = {}


def class_hint(el) -> tuple[str, str] | None:
    """``(kind, word)`` announced by the element's class/id words, or ``None`` (cached per value)."""
    key = (el.get("class") or "", el.get("id") or "")
    if not key[0] and not key[1]:
        return None
    try:
        return _HINT_CACHE[key]
    except KeyError:
        pass
    if len(_HINT_CACHE) > 50000:
        _HINT_CACHE.clear()
    hint = _HINT_CACHE[key] = _class_hint(el)
    return hint


def _class_hint(el) -> tuple[str, str] | None:
    words = class_words(el)
    if not words:
        return None
    for w in words:
        kind = _CLASS_KIND.get(w)
        if kind:
            return kind, w
    joined = "".join(words)
    if any(n.replace("-", "") in joined for n in _NOT_HINTS):
        return None
    for stem, kind in _CLASS_STEMS:
        if stem in joined:
            return kind, stem
    return None


@dataclass
class TBlock:
    """One visible text block and its DOM evidence."""

    index: int
    text: str
    el: etree._Element  # owner block-level element
    tag: str  # owner tag
    link_chars: int
    chars: int
    line: int
    hints: tuple[tuple[int, str, str], ...]  # (element id, kind, evidence) from outermost to innermost
    in_li: int = 0  # id of the enclosing <li>, 0 if none
    list_id: int = 0  # id of the enclosing <ul>/<ol>, 0 if none
    heading_tag: str = ""  # h1..h6, "strong" (a lone emphasised line) or ""
    article: int = 0  # id of the innermost enclosing <article>, 0 if none
    depth: int = 0
    tokens: int = 0

    @property
    def link_density(self) -> float:
        return self.link_chars / self.chars if self.chars else 0.0


@dataclass
class Segmentation:
    blocks: list[TBlock] = field(default_factory=list)
    #: id(element) → (first block index, end block index) for every block-level element with blocks.
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)
    elements: dict[int, etree._Element] = field(default_factory=dict)
    #: Elements skipped as hidden (``hidden``, ``aria-hidden``, ``display:none``).
    hidden: list[etree._Element] = field(default_factory=list)


_WS = re.compile(r"\s+")
#: Characters that take no room on screen: soft hyphen, zero-width space/joiners, BOM.
_INVISIBLE = {0xAD: None, 0x200B: None, 0x200C: None, 0x200D: None, 0x2060: None, 0xFEFF: None}


_LIST_TAGS = frozenset(("ul", "ol", "menu", "dl"))


def _hidden(el) -> bool:
    """Not rendered: ``hidden`` attribute or inline ``display:none`` / ``visibility:hidden``
    (``aria-hidden`` is not: such text is on screen, only screen readers skip it)."""
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


class Ctx(NamedTuple):
    """What a block inherits from its ancestors during the walk."""

    hints: tuple[tuple[int, str, str], ...]  # (element id, kind, evidence), outermost first
    li: int  # id of the enclosing <li>, 0 if none
    list_id: int  # id of the enclosing <ul>/<ol>/<menu>/<dl>, 0 if none
    depth: int  # block-level nesting depth
    article: int  # id of the innermost enclosing <article>, 0 if none


_TOP = Ctx((), 0, 0, 0, 0)


def _enter(el, tag: str, ctx: Ctx) -> Ctx:
    """The context of block-level element ``el``'s content: its hints (tag, role, class/id words)
    added to its ancestors', and it as the enclosing list item, list or article."""
    hints, li, lst, depth, art = ctx
    h = TAG_HINTS.get(tag)
    if h:
        hints = hints + ((id(el), h, "tag:" + tag),)
    role = el.get("role")
    if role and role.lower() in ROLE_HINTS:
        hints = hints + ((id(el), ROLE_HINTS[role.lower()], "role:" + role.lower()),)
    if tag != "html" and tag != "body":
        ch = class_hint(el)
        if ch:
            hints = hints + ((id(el), ch[0], "class:" + ch[1]),)
    if tag == "li":
        li = id(el)
    elif tag in _LIST_TAGS:
        lst = id(el)
    elif tag == "article":
        art = id(el)
    return Ctx(hints, li, lst, depth + 1, art)


def _make_block(index: int, raw: str, owner, ctx: Ctx, link: int, emph: int) -> TBlock | None:
    """The block of buffered text ``raw`` (``link``/``emph``: its link and emphasised characters),
    or ``None`` when it holds no word."""
    text = _WS.sub(" ", raw.translate(_INVISIBLE)).strip()
    if not text or not WORD.search(text):
        return None
    tag = owner.tag if isinstance(owner.tag, str) else ""
    n = len(text)
    heading = tag if tag in HEADING_TAGS else ""
    if not heading and n <= 80 and emph >= 0.9 * (n - text.count(" ")):
        heading = "strong"  # a line wholly in <strong>/<b> reads as a heading
    return TBlock(
        index=index,
        text=text,
        el=owner,
        tag=tag,
        link_chars=min(link, n),
        chars=n,
        line=owner.sourceline or 0,
        hints=ctx.hints,
        in_li=ctx.li,
        list_id=ctx.list_id,
        heading_tag=heading,
        depth=ctx.depth,
        tokens=len(word_tokens(text)),
        article=ctx.article,
    )


def _hidden_page(seg: Segmentation) -> bool:
    """Rule ``hidden-page``: the page shows under a fifth of the text it hides (it is kept hidden
    until a script shows it)."""
    shown = sum(b.chars for b in seg.blocks)
    hidden = sum(len(t.strip()) for el in seg.hidden for t in el.itertext())
    return shown < 0.2 * hidden


class _Walker:
    """One walk over the tree: the text buffer of the block being laid out and its counts."""

    __slots__ = ("seg", "blocks", "spans", "elements", "hidden", "honour_hidden", "buf", "link", "emph")

    def __init__(self, seg: Segmentation, honour_hidden: bool) -> None:
        self.seg = seg
        self.blocks, self.spans, self.elements, self.hidden = seg.blocks, seg.spans, seg.elements, seg.hidden
        self.honour_hidden = honour_hidden
        self.buf: list[str] = []
        self.link = 0  # link chars in the buffer
        self.emph = 0  # emphasised chars in the buffer

    def add(self, s: str, link: bool, emph: bool) -> None:
        buf = self.buf
        if not buf and s.isspace():
            return  # leading layout whitespace: nothing to join yet
        buf.append(s)
        if link or emph:
            n = len(s.strip())
            if link:
                self.link += n
            if emph:
                self.emph += n

    def flush(self, owner, ctx: Ctx) -> None:
        buf = self.buf
        if not buf:
            return
        text = "".join(buf)
        buf.clear()
        link, emph = self.link, self.emph
        self.link = self.emph = 0
        if text.isspace():
            return
        b = _make_block(len(self.blocks), text, owner, ctx, link, emph)
        if b is not None:
            self.blocks.append(b)

    def walk(self, el, owner, ctx: Ctx, link: bool, emph: bool) -> None:
        # The hottest loop of the HTML path (every element of the page): tests are inlined
        # and flush/add are called only when they have something to do.
        tag = el.tag
        if tag in SKIP_TAGS or not isinstance(tag, str):  # comments, PIs: only their tail counts
            return
        if self.honour_hidden and _hidden(el):
            self.hidden.append(el)
            return
        buf, blocks = self.buf, self.blocks
        if tag in BLOCK_TAGS:
            if buf:
                self.flush(owner, ctx)
            if tag == "br":
                return
            ctx = _enter(el, tag, ctx)
            owner = el
            start = len(blocks)
        else:
            start = -1
            if tag == "a":
                link = True
            elif tag in _EMPH_TAGS:
                emph = True
        add, walk = self.add, self.walk
        text = el.text
        if text:
            add(text, link, emph)
        for child in el:
            walk(child, owner, ctx, link, emph)
            text = child.tail
            if text:
                add(text, link, emph)
        if start >= 0:
            if buf:
                self.flush(el, ctx)
            if len(blocks) > start:
                self.spans[id(el)] = (start, len(blocks))
                self.elements[id(el)] = el


def segment(root, honour_hidden: bool = True) -> Segmentation:
    """Walk the tree once and return its visible text blocks in page order."""
    seg = Segmentation()
    w = _Walker(seg, honour_hidden)
    body = root.find("body") if root.tag == "html" else None
    top = body if body is not None else root
    try:
        w.walk(top, top, _TOP, False, False)
        w.flush(top, _TOP)
    except RecursionError:  # pathological nesting: keep what was collected
        w.buf.clear()
    if honour_hidden and seg.hidden and _hidden_page(seg):
        return segment(root, honour_hidden=False)
    return seg
