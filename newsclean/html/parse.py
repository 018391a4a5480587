"""The page parsed, whatever it holds, with the work on it bounded.

    >>> tree, notes = parse_page(html_text)   # notes: warnings for the record (page cut short, ...)

The parse is trafilatura's loader's (lxml's HTML parser, libxml2, with its
options and repairs), with elements typed in C (see :func:`_parser`). libxml2's
HTML parser reads no DTD: an internal subset's entities (``<!ENTITY lol
"&lol9;…">``, ``<!ENTITY x SYSTEM "file:///etc/passwd">``) are never
expanded, nothing is fetched, and a reference to one stays the literal text
``&x;``. Around it:

* A fragment (one element: ``<div>…</div>``, which trafilatura's loader
  refuses as "not HTML") is parsed as the body of a page.
* An internal DTD subset at the top of the page (``<!DOCTYPE html [ … ]>``)
  is removed before parsing: libxml2 ends the doctype at the subset's first
  ``>`` and reads the rest (``]>``) as text, which pushes ``<title>`` into the
  body and loses the page's title.
* libxml2 stops reading a page at a limit: 256 levels of nesting, a text node
  of 10 MB. The rest of the page is then lost (a page with 300 nested
  ``<div>`` gives nothing after them). When the first parse hit one, the
  elements nested deeper than :data:`FLAT_DEPTH` are unwrapped (their content
  kept, a block element's bounds as a line break), and the page is parsed
  again without the size limits.
* The work on a page is bounded: only its first :data:`MAX_ELEMENTS`
  elements and :data:`MAX_TEXT` characters of text are read; the rest is cut
  off, with a warning.
* So is the parse itself, whose tree can take many times the page's size (an
  element costs some 200 bytes, an attribute some 1 kB once trafilatura and
  htmldate have copied the tree). A page longer than :data:`FEED_PAGE`
  characters is fed to the parser in pieces, and the parser stops once it has
  built more than :data:`MAX_ELEMENTS` elements or :data:`MAX_PARSE_ATTRS`
  attributes. Of a page longer than :data:`BIG_PAGE`, comments (which the
  parser drops) and scripts and styles past the first :data:`MAX_RAW`
  characters of them are left out, and the parser gets at most
  :data:`MAX_PARSE` bytes of text (cut before a tag). A page flattened reads
  at most :data:`MAX_FLAT_TAGS` start tags. The story found before a bound is
  kept, with a warning. A page at the ``--max-bytes`` default
  (64 MiB) then stays under 300 MB of memory.
"""

from __future__ import annotations

import re
import sys
from typing import cast

from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HTMLParser, HtmlProcessingInstruction, fromstring
from trafilatura.utils import INVALID_XML_CHARS, is_dubious_html, repair_faulty_html

#: Elements read at most: several times what the largest news pages have.
MAX_ELEMENTS = 30_000
#: Characters of visible text read at most: a long book.
MAX_TEXT = 1_000_000
#: Characters of scripts and styles kept at most.
MAX_RAW = 4_000_000
#: Characters an attribute value keeps at most, and once the page's attributes
#: have passed MAX_ATTRS characters.
MAX_ATTR = 4_000
MAX_ATTRS = 4_000_000
SHORT_ATTR = 200
#: Attributes one element keeps at most (the rest are dropped before parsing): libxml2's
#: duplicate check and htmldate's scan of each element's attributes cost their number squared.
MAX_ELEMENT_ATTRS = 256
#: Pages longer than this (characters) are parsed in pieces, under the bounds on elements and
#: attributes (the 138 benchmark pages above it parse to the same tree either way).
FEED_PAGE = 256_000
#: Pages longer than this (characters) have their markup shortened before parsing: no news page is.
BIG_PAGE = 4_000_000
#: Bytes of text (characters: a quarter of that when one is past U+FFFF, a half past U+00FF) a long
#: page hands the parser at most (comments and excess script left out): past it,
#: what cap() keeps (MAX_TEXT of text, MAX_RAW of scripts, MAX_ATTRS of attributes, MAX_ELEMENTS tags)
#: has long been read on any page but a hostile one.
MAX_PARSE = 16_000_000
#: Attributes a page's parse builds at most: over three times the most of 1,636 benchmark pages
#: (17,937). Each costs some 1 kB between the parse, trafilatura's and htmldate's copies.
MAX_PARSE_ATTRS = 60_000
#: Characters fed to the parser at a time (the bounds are checked between pieces).
_FEED = 1 << 16
#: Nesting deeper than this sends the page to be flattened and parsed again
#: (libxml2 stops at 256; Python code walking the tree recursively needs a margin).
MAX_DEPTH = 250
#: How deep the flattened page nests at most.
FLAT_DEPTH = 180
#: Start tags the flattening reads at most (kept or unwrapped): past them, the page is cut. Its
#: stack of open elements took 136 bytes an element (750 MB for 64 MiB of ``<div>``); cap() keeps
#: MAX_ELEMENTS anyway, and a page 10,000 ``<table><tr><td>`` deep is read whole.
MAX_FLAT_TAGS = 100_000


def _parser(huge_tree: bool = False) -> HTMLParser:
    """The parser trafilatura's loader uses (same options), with one change: every element
    is an ``HtmlElement`` chosen in C. lxml.html's default lookup is Python code run each
    time an element is touched from Python, about 4,000 times a page between trafilatura's
    passes and ours (10 % of the HTML path's time), and only gives form elements their
    form methods, which nothing here uses. As an HTML parser it resolves no entities."""
    parser = HTMLParser(  # type: ignore[call-arg]  # lxml-stubs 0.5.1 lacks default_doctype (lxml has it)
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        huge_tree=huge_tree,
        no_network=True,
    )
    parser.set_element_class_lookup(_lookup())
    return parser


def _lookup() -> etree.ElementDefaultClassLookup:
    return etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )


_PARSER = _parser()
#: For the second parse, without libxml2's size limits (``huge_tree``); it never touches the network.
_HUGE_PARSER = _parser(huge_tree=True)


class _Fed:
    """A long page's parse, fed in pieces under the bounds on elements and attributes:
    ``tree``, whether libxml2 stopped at one of its limits (``hit_limit``) and the warning."""

    def __init__(self, text: str, beginning: str, huge: bool) -> None:
        parser = etree.HTMLPullParser(  # type: ignore[call-arg]  # lxml-stubs 0.5.1 lacks default_doctype
            events=("start",),
            collect_ids=False,
            default_doctype=False,
            remove_comments=True,
            remove_pis=True,
            huge_tree=huge,
            no_network=True,
        )
        parser.set_element_class_lookup(_lookup())
        self.note: str | None = None
        elements = attrs = 0
        for start in range(0, len(text), _FEED):
            piece = text[start : start + _FEED]  # the loader's repairs, piece by piece: no copy of the page
            parser.feed(repair_faulty_html(piece, beginning) if start == 0 else INVALID_XML_CHARS.sub("", piece))
            for _, el in parser.read_events():
                elements += 1
                attrs += len(cast(etree._Element, el).attrib)  # "start" events give elements only
            if elements > MAX_ELEMENTS:  # cap() cuts at MAX_ELEMENTS exactly, with its warning
                break
            if attrs > MAX_PARSE_ATTRS:
                self.note = f"page too large: only its first {attrs} attributes were read"
                break
        self.tree: etree._Element | None
        try:
            self.tree = parser.close()
        except (etree.ParserError, etree.XMLSyntaxError):  # nothing to parse
            self.tree = None
        self.hit_limit = _resource_limit(parser.feed_error_log)


def load_html(text: str, parser: HTMLParser = _PARSER) -> HtmlElement | None:
    """The page's tree as ``trafilatura.utils.load_html`` builds it from a string (its
    repairs, its fallback to bytes, its refusal of a lone element), with ``parser``."""
    beginning = text[:50].lower()
    dubious = is_dubious_html(beginning)
    text = repair_faulty_html(text, beginning)
    tree, from_bytes = None, False
    try:
        tree = fromstring(text, parser=parser)
    except ValueError:  # "Unicode strings with encoding declaration are not supported"
        tree, from_bytes = _from_bytes(text, parser), True
    except (etree.ParserError, etree.XMLSyntaxError):  # nothing to parse
        tree = None
    if (tree is None or len(tree) < 1) and not from_bytes:
        tree = _from_bytes(text, parser)
    if tree is not None and dubious and len(tree) < 2:
        return None
    return tree


def _from_bytes(text: str, parser: HTMLParser) -> HtmlElement | None:
    try:
        return fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


#: ``<?xml …?>`` then ``<!DOCTYPE name … [ internal subset ]>`` at the top of the page.
_INTERNAL_SUBSET = re.compile(
    r"""\A(\s*(?:<\?xml[^>]*>\s*)?)<!doctype\s[^\[>]*\[(?:[^\]"']|"[^"]*"|'[^']*')*\]\s*>""", re.I
)
_SUBSET_SCAN = 1 << 20


def strip_internal_subset(text: str) -> str:
    """The page without the internal DTD subset of its doctype, if it has one."""
    head = text[:_SUBSET_SCAN]
    if "[" not in head[:4096]:
        return text
    m = _INTERNAL_SUBSET.match(head)
    if m is None:
        return text
    return m.group(1) + "<!DOCTYPE html>" + text[m.end() :]


#: One attribute: a name after white space, a slash or a quoted value, then maybe ``=value``.
_ATTR_PATTERN = r"""(?:[\s/]+|(?<=["']))[^\s=<>/"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']*))?"""


def _atomic(pattern: str, group: int) -> str:
    """``pattern`` matched as an atomic group (never re-entered to backtrack): a lookahead that
    captures it, then a backreference that consumes it. Python 3.10 has no ``(?>...)`` or ``*+``."""
    return rf"(?=({pattern}))\{group}"


#: A start tag with more than MAX_ELEMENT_ATTRS attributes: group 1 is the tag with its first ones.
#: Every attribute is atomic, so a scan never backtracks into one.
_MANY_ATTRS = re.compile(
    rf"(<[A-Za-z][^\s/<>]*(?:{_atomic(_ATTR_PATTERN, 2)}){{{MAX_ELEMENT_ATTRS}}})(?:{_atomic(_ATTR_PATTERN, 3)})+"
)


def limit_attributes(text: str) -> tuple[str, int]:
    """``(text, n)``: the page with every start tag cut to its first MAX_ELEMENT_ATTRS
    attributes; ``n`` tags were cut. One scan of the page, linear in its length."""
    cut = 0

    def keep_first(m: re.Match[str]) -> str:
        nonlocal cut
        cut += 1
        return m.group(1)

    return _MANY_ATTRS.sub(keep_first, text), cut


def parse_page(text: str) -> tuple[etree._Element | None, list[str]]:
    """``(tree, notes)``: the page's tree (``None`` when there is no HTML to read) and warnings."""
    notes: list[str] = []
    text = strip_internal_subset(text)
    shortened = None
    if len(text) > BIG_PAGE:
        text, shortened = bounded_markup(text)
    big = len(text) > FEED_PAGE
    text, cut_tags = limit_attributes(text)
    if cut_tags:
        notes.append(
            f"page has elements with too many attributes: {cut_tags} kept only their first {MAX_ELEMENT_ATTRS}"
        )
    tree, hit, note = _load(text, big)
    if tree is None:  # the loader takes a lone element (<div>…</div>) for no HTML: make it a page
        text = f"<html><body>{text}</body></html>"
        tree, hit, note = _load(text, big)
    if tree is None:
        return None, notes
    _note(notes, note)
    tree = _whole_page(tree)
    try:
        if hit:
            raise _Deep()
        cut = cap(tree) if _may_need_cap(tree, len(text)) else None
    except _Deep:  # libxml2 stopped early, or Python code would recurse too deep: flatten
        tree = None  # freed before the second parse
        tree, cut = _flat_parse(text, big, notes)
    _note(notes, cut)
    if not any(n.startswith("page too large") for n in notes):  # else a bound hit before the cut
        _note(notes, shortened)
    return tree, notes


def _note(notes: list[str], note: str | None) -> None:
    if note and note not in notes:
        notes.append(note)


def _load(text: str, big: bool, huge: bool = False) -> tuple[HtmlElement | None, bool, str | None]:
    """``(tree, hit_limit, note)``: the page parsed by :func:`load_html`, or for a long page
    (``big``) fed in pieces under the bounds of :class:`_Fed`, with the loader's repairs and its
    refusal of a lone element. ``hit_limit``: libxml2 stopped at one of its resource limits."""
    parser = _HUGE_PARSER if huge else _PARSER
    if not big:
        tree = load_html(text, parser)
        return tree, _resource_limit(parser.error_log), None
    beginning = text[:50].lower()
    fed = _Fed(text, beginning, huge)
    tree = fed.tree
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        tree = None
    return tree, fed.hit_limit, fed.note


def _flat_parse(text: str, big: bool, notes: list[str]) -> tuple[HtmlElement | None, str | None]:
    """``(tree, cut)``: the page parsed again with the elements nested deeper than FLAT_DEPTH
    unwrapped and without libxml2's size limits; ``cut`` is :func:`cap`'s warning."""
    flat, unwrapped, whole = flatten(text, FLAT_DEPTH)
    tree, note = None, None
    if flat.strip():
        tree, _, note = _load(flat, big, huge=True)
    del flat
    if tree is None:
        return None, None
    _note(notes, note)
    if not whole:
        notes.append(f"page too large: only its first {MAX_FLAT_TAGS} start tags were read")
    tree = _whole_page(tree)
    try:
        cut = cap(tree)
    except _Deep:  # the tokenizer's idea of the nesting fell short of the parser's
        unwrapped += unwrap_deep(tree, FLAT_DEPTH)
        cut = cap(tree, check_depth=False)
    if unwrapped:
        notes.append(f"page nested too deep: {unwrapped} elements deeper than {FLAT_DEPTH} levels unwrapped")
    return tree, cut


#: Where a long page's markup may be shortened: a comment, or a script or style element.
_SKIPPABLE = re.compile(r"<!--|<(script|style)\b", re.I)
_RAW_END = {name: re.compile(rf"</{name}\s*>", re.I) for name in ("script", "style")}


def bounded_markup(text: str) -> tuple[str, str | None]:
    """``(markup, warning)``: what the parser is given of a long page. Comments are left out
    (the parser drops them), and the content of scripts and styles past the first MAX_RAW
    characters of them (cap() would empty them); the rest stops at MAX_PARSE characters, cut
    before a tag when one starts near the cut. ``warning`` is ``None`` when nothing was cut."""
    out: list[str] = []
    size = raw = i = 0
    n = len(text)
    limit = MAX_PARSE // _width(text)
    while i < n:
        m = _SKIPPABLE.search(text, i)
        stop = n if m is None else m.start()
        if size + (stop - i) > limit:
            end = i + limit - size
            tag = text.rfind("<", max(i, end - _FEED), end)
            out.append(text[i : tag if tag > i else end])
            return "".join(out), f"page too large: only its first {limit} characters of markup were read"
        out.append(text[i:stop])
        size += stop - i
        if m is None:
            break
        if m.group(1) is None:  # a comment: skipped
            close = text.find("-->", m.end())
            i = n if close < 0 else close + 3
            continue
        i, kept = _raw_element(text, m, MAX_RAW - raw)
        out.append(kept)
        size += len(kept)
        raw += len(kept)
    return "".join(out), None


def _width(text: str) -> int:
    """Bytes a character of ``text`` takes in memory: 1, 2 or 4 (CPython stores a string
    in the narrowest of these that holds its widest character)."""
    return max(1, round((sys.getsizeof(text) - sys.getsizeof("")) / max(1, len(text))))


def _raw_element(text: str, m: re.Match[str], budget: int) -> tuple[int, str]:
    """``(end, kept)``: the script or style element ``m`` starts, whole if its content fits in
    ``budget`` characters, else its tags alone; ``end`` is where it ends in ``text``."""
    gt = text.find(">", m.end())
    if gt < 0:
        return len(text), text[m.start() :]
    close = _RAW_END[m.group(1).lower()].search(text, gt + 1)
    end = len(text) if close is None else close.end()
    if end - m.start() <= budget:
        return end, text[m.start() : end]
    return end, text[m.start() : gt + 1] + ("" if close is None else close.group())


def _whole_page(tree):
    """The page's root element. For a fragment of one element (``<embed>…</embed>``) lxml gives
    that element, which still sits in the page's ``<body>``: code that takes the tree it is given
    for a root (htmldate copies it, then drops elements by kind, this root included) fails on it."""
    return tree if tree.getparent() is None else tree.getroottree().getroot()


#: An element nested MAX_DEPTH deep, as an XPath location path (cheap: it follows the tree).
_DEEP_PATH = "/" + "/".join(["*"] * MAX_DEPTH)


def _may_need_cap(tree, size: int) -> bool:
    """Whether a bound of :func:`cap` on elements, text or depth can apply: cheap tests in
    libxml2 (XPath) spare ordinary pages cap's walk in Python over every element. Over-long
    attribute values, which many ordinary pages have (inline images, JSON), are cut here."""
    if size > min(MAX_RAW, MAX_ATTRS):
        return True
    if tree.xpath(f"count(//*) > {MAX_ELEMENTS} or string-length(.) > {MAX_TEXT} or boolean({_DEEP_PATH})"):
        return True
    for value in tree.xpath(f"//@*[string-length() > {MAX_ATTR}]"):  # attributes: twice as fast as elements
        value.getparent().set(value.attrname, value[:MAX_ATTR])
    return False


def _resource_limit(log) -> bool:
    """Whether the parse whose error ``log`` this is stopped at one of libxml2's resource limits."""
    return any(e.type_name == "ERR_RESOURCE_LIMIT" or "XML_PARSE_HUGE" in e.message for e in log)


# --- flattening ---------------------------------------------------------------------------------

#: A tag's opening: ``<name`` or ``</name``.
_TAG_OPEN = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:_.-]*)")
#: Attributes up to a ``>`` outside quotes (``title="a > b"``).
_ATTRS = re.compile(r"""(?:[^>"']|"[^"]*"|'[^']*')*""")
#: How many more ``>`` a tag with an open quote may reach for before its first ``>`` is taken.
_QUOTED_GT = 4
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_RAW = frozenset(["script", "style", "textarea", "title", "xmp"])
_BLOCK = frozenset(
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
    ]
)


#: HTML's "special" elements: an end tag for another element does not close them (it is ignored).
_SPECIAL = frozenset(
    [
        "address",
        "applet",
        "area",
        "article",
        "aside",
        "base",
        "basefont",
        "bgsound",
        "blockquote",
        "body",
        "br",
        "button",
        "caption",
        "center",
        "col",
        "colgroup",
        "dd",
        "details",
        "dir",
        "div",
        "dl",
        "dt",
        "embed",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "hr",
        "html",
        "iframe",
        "img",
        "input",
        "keygen",
        "li",
        "link",
        "listing",
        "main",
        "marquee",
        "menu",
        "meta",
        "nav",
        "noembed",
        "noframes",
        "noscript",
        "object",
        "ol",
        "p",
        "param",
        "plaintext",
        "pre",
        "script",
        "search",
        "section",
        "select",
        "source",
        "style",
        "summary",
        "table",
        "tbody",
        "td",
        "template",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "track",
        "ul",
        "wbr",
        "xmp",
    ]
)
#: Elements an end tag for a special element does not reach past.
_SCOPE = frozenset(["applet", "caption", "html", "table", "td", "th", "marquee", "object", "template"])
#: Start tags that close an open element of the same name on top (``<p>a<p>b``, ``<li>a<li>b``).
_SELF_CLOSING_SIBLINGS = frozenset(["p", "li", "dd", "dt", "td", "th", "tr", "option"])


class _Stack:
    """The open elements as the tokenizer sees them: (name, unwrapped), with the positions of
    each name, of special elements and of scope bounds, so an end tag is placed in constant time."""

    def __init__(self) -> None:
        self.items: list[tuple[str, bool]] = []
        self.where: dict[str, list[int]] = {}
        self.special: list[int] = []
        self.scope: list[int] = []

    def __len__(self) -> int:
        return len(self.items)

    def push(self, name: str, dropped: bool) -> None:
        pos = len(self.items)
        self.items.append((name, dropped))
        self.where.setdefault(name, []).append(pos)
        if name in _SPECIAL:
            self.special.append(pos)
        if name in _SCOPE:
            self.scope.append(pos)

    def closes(self, name: str) -> int:
        """Where the element an end tag ``</name>`` closes sits, or -1 when the end tag is ignored."""
        positions = self.where.get(name)
        if not positions:
            return -1
        pos = positions[-1]
        if name in _SPECIAL:
            bound = self.scope[-1] if self.scope and name not in _SCOPE else -1
        else:
            bound = self.special[-1] if self.special else -1
        return pos if pos >= bound else -1

    def pop_to(self, pos: int) -> bool:
        """Pop the elements from ``pos`` up; whether the one at ``pos`` was unwrapped."""
        dropped = False
        while len(self.items) > pos:
            name, dropped = self.items.pop()
            top = len(self.items)
            self.where[name].pop()
            if self.special and self.special[-1] == top:
                self.special.pop()
            if self.scope and self.scope[-1] == top:
                self.scope.pop()
        return dropped


def flatten(text: str, limit: int) -> tuple[str, int, bool]:
    """``(text, n, whole)``: the page with the ``n`` elements nested deeper than ``limit`` unwrapped,
    up to its MAX_FLAT_TAGS-th start tag (``whole``: the page had no more).

    A light tokenizer (tags, comments, raw text of scripts and styles) keeps a
    stack of open elements; a start tag that would go deeper than ``limit`` is
    dropped with its end tag (a ``<br>`` stands in for a block element's, so
    its text stays a line of its own). End tags follow HTML's rules roughly
    (one for an element not open, or behind a special element, is ignored);
    what the tokenizer still gets wrong of the nesting, :func:`unwrap_deep`
    unwraps in the parsed tree. Linear in the page's length, whatever the page.
    """
    flat = _Flat(limit)
    emit, out = flat.emit, flat.out
    i, n, starts = 0, len(text), 0
    gt = -1  # the first ">" at or after the tag being read (kept: the scan only goes forward)
    while i < n:
        lt = text.find("<", i)
        if lt < 0:
            emit(text[i:])
            break
        if lt > i:
            emit(text[i:lt])
        if text.startswith("<!--", lt):  # a comment: copied as it is
            j = text.find("-->", lt + 4)
            j = n if j < 0 else j + 3
            out.append(text[lt:j])
            i = j
            continue
        m = _TAG_OPEN.match(text, lt)
        if m is None:  # "<" that opens no tag: text
            emit("<")
            i = lt + 1
            continue
        starts += not m.group(1)
        if starts > MAX_FLAT_TAGS:  # the rest of the page is not read
            return "".join(out), flat.unwrapped, False
        if gt < m.end():
            gt = text.find(">", m.end())
        if gt < 0:  # no tag ends after this point: the rest is text to the parser too
            emit(text[lt:])
            break
        end = _tag_end(text, m.end(), gt)
        name, tag = m.group(2).lower(), text[lt : end + 1]
        i = end + 1
        if name in _RAW and not m.group(1) and not tag.endswith("/>"):  # raw text: up to its end tag, never tokenized
            deep = len(flat.stack) >= limit
            i, kept = _raw_text(text, lt, i, name, deep)
            flat.unwrapped += deep
            if kept:
                emit(kept)
            continue
        flat.tag(name, tag, bool(m.group(1)))
    return "".join(out), flat.unwrapped, True


class _Flat:
    """What :func:`flatten` has written (``out``) and the open elements it has seen."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.out: list[str] = []
        self.stack = _Stack()
        self.unwrapped = 0
        self.brk = False  # an unwrapped block element's bound is owed (one <br> stands for a run of them)

    def emit(self, s: str) -> None:
        if self.brk and not s.isspace():
            self.out.append("<br>")
            self.brk = False
        self.out.append(s)

    def unwrapped_bound(self, name: str) -> None:
        if name in _BLOCK:
            self.brk = True
        else:
            self.out.append(" ")

    def tag(self, name: str, tag: str, closing: bool) -> None:
        """A start or end tag (not of a raw-text element): kept, or unwrapped past the limit."""
        stack = self.stack
        if closing:
            pos = stack.closes(name)
            if pos < 0 or not stack.pop_to(pos):
                self.emit(tag)  # closes a kept element, or is ignored by the parser as by us
            else:
                self.unwrapped_bound(name)
            return
        if name in _VOID or tag.endswith("/>"):
            self.emit(tag)
            return
        if (
            name in _SELF_CLOSING_SIBLINGS
            and stack.items
            and stack.items[-1][0] == name
            and stack.pop_to(len(stack) - 1)  # <p>a<p>b: the second closes the first
        ):
            self.unwrapped_bound(name)
        dropped = len(stack) >= self.limit
        stack.push(name, dropped)
        if dropped:
            self.unwrapped += 1
            self.unwrapped_bound(name)
        else:
            self.emit(tag)


def _tag_end(text: str, attrs_start: int, gt: int) -> int:
    """Where the tag whose attributes start at ``attrs_start`` ends: its first ``>`` (``gt``),
    or a later one when the first is inside a quoted value (up to _QUOTED_GT more)."""
    end = gt
    for _ in range(_QUOTED_GT):  # a quoted ">" does not end the tag
        if _attrs_end(text, attrs_start, end) == end:
            return end
        nxt = text.find(">", end + 1)
        if nxt < 0:
            return gt
        end = nxt
    return end if _attrs_end(text, attrs_start, end) == end else gt


def _attrs_end(text: str, start: int, end: int) -> int:
    """Where the attributes from ``start`` stop being well quoted, before ``end`` (_ATTRS
    matches the empty string, so it always matches)."""
    m = _ATTRS.match(text, start, end)
    return m.end() if m is not None else start


def _raw_text(text: str, lt: int, i: int, name: str, deep: bool) -> tuple[int, str]:
    """``(end, kept)`` for the raw-text element ``name`` whose start tag is at ``lt`` and whose
    text starts at ``i``: copied whole up to its end tag, or when it is unwrapped (``deep``),
    ``kept`` is empty for a script or style, else its text alone between spaces."""
    close = re.compile(r"</" + re.escape(name) + r"\s*>", re.I).search(text, i)
    j = len(text) if close is None else close.end()
    if not deep:
        return j, text[lt:j]
    if name in ("script", "style"):
        return j, ""
    return j, " " + text[i : close.start() if close else len(text)] + " "


def unwrap_deep(tree, limit: int) -> int:
    """Unwrap, in the tree, the elements nested deeper than ``limit``; how many there were.

    Each element at depth ``limit`` keeps its subtree's text as its own
    (scripts and styles dropped), a block element's bounds as a line break.
    The text is gathered in one walk and joined once, so the work is linear in
    the subtree's size whatever its depth (moving each level's text up into its
    parent, level by level, copied the deepest text once per level).
    """
    boundary, depth = [], 0
    for event, el in etree.iterwalk(tree, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        if depth == limit and len(el):
            boundary.append(el)
    count = 0
    for top in boundary:
        pieces = [top.text or ""]
        skipped = 0  # > 0 inside a script, style or other element whose text is dropped
        for event, el in etree.iterwalk(top, events=("start", "end")):
            if el is top:
                continue
            if event == "start":
                count += 1
                if skipped or not isinstance(el.tag, str) or el.tag in _RAW_TEXT:
                    skipped += 1
                    continue
                pieces.append(("\n" if el.tag in _BLOCK or el.tag == "br" else "") + (el.text or ""))
                continue
            if skipped:
                skipped -= 1
                if not skipped:  # the dropped element's tail stays
                    pieces.append(el.tail or "")
                continue
            pieces.append(("\n" if el.tag in _BLOCK or el.tag == "br" else "") + (el.tail or ""))
        del top[:]  # the children's tails go with them: they are in pieces
        top.text = "".join(pieces) or None
    return count


# --- the cap on work ----------------------------------------------------------------------------

#: Elements whose own text is no visible text: scripts, styles and the like.
_RAW_TEXT = frozenset({"script", "style", "template", "noscript", "svg", "xmp"})


class _Deep(Exception):
    """The tree nests deeper than MAX_DEPTH."""


def cap(tree, check_depth: bool = True) -> str | None:
    """Bound the work on ``tree``, in one walk in document order; the warning to give, or ``None``.

    * The page is cut after its first ``MAX_ELEMENTS`` elements or ``MAX_TEXT``
      characters of visible text.
    * Scripts and styles past the first ``MAX_RAW`` characters of them are
      emptied (they hold no visible text).
    * An attribute value is cut to ``MAX_ATTR`` characters (to ``SHORT_ATTR``
      once the page's attributes have passed ``MAX_ATTRS`` characters): class
      names and styles are matched by many patterns, each costing their length.

    Raises :class:`_Deep` (with ``check_depth``) when the tree nests deeper than
    ``MAX_DEPTH``; the tree is then to be parsed again (it may have been changed).
    """
    count = text = raw = attrs = depth = 0
    for event, el in etree.iterwalk(tree, events=("start", "end")):
        if event == "end":
            depth -= 1
            if el.tail:
                text += len(el.tail)
                if text > MAX_TEXT:
                    el.tail = el.tail[: len(el.tail) - (text - MAX_TEXT)]
                    _drop_following(el)
                    return f"page too large: only its first {MAX_TEXT} characters of text were read"
            continue
        depth += 1
        if check_depth and depth > MAX_DEPTH:
            raise _Deep()
        count += 1
        if count > MAX_ELEMENTS:
            _drop_following(el)
            el.getparent().remove(el)  # never the root: it is the first element
            return f"page too large: only its first {MAX_ELEMENTS} elements were read"
        tag = el.tag
        if not isinstance(tag, str):
            continue
        for name, value in el.items():
            attrs += len(value)
            limit = MAX_ATTR if attrs <= MAX_ATTRS else SHORT_ATTR
            if len(value) > limit:
                el.set(name, value[:limit])
        if not el.text:
            continue
        if tag in _RAW_TEXT:
            raw += len(el.text)
            if raw > MAX_RAW:
                el.text = None
            continue
        text += len(el.text)
        if text > MAX_TEXT:
            el.text = el.text[: len(el.text) - (text - MAX_TEXT)]
            del el[:]
            el.tail = None
            _drop_following(el)
            return f"page too large: only its first {MAX_TEXT} characters of text were read"
    return None


def _drop_following(el) -> None:
    """Remove everything that follows ``el`` (its subtree and tail) in document order."""
    node, parent = el, el.getparent()
    while parent is not None:
        del parent[parent.index(node) + 1 :]  # the removed elements' tails go with them
        if node is not el:
            node.tail = None
        node, parent = parent, parent.getparent()
