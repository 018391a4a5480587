"""Split a whole-page text dump into blocks.

Two shapes are handled:

* one block per line, as a page copied out of a browser or rendered by a
  scraper (the seed's shape);
* hard-wrapped at a fixed width, as ``lynx -dump`` / ``w3m -dump`` write it,
  where a paragraph spans several lines. Lines are re-joined into blocks by
  the classic unwrap rule: a line ends a paragraph when the next line's first
  word would have fitted on it, so the wrapper did not break it.

Either may be written in Markdown (html2text, crawlers that feed language
models); each block is then read as the text the markup shows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from unicodedata import east_asian_width

from ..lazy_re import lazy_compile
from ..lexicon.cjk import has_cjk
from ..model import Block
from .caches import per_line
from .dates import find_date

# Rule ``bullet``: list markers that renderers put before list items.
_BULLET = re.compile(r"^(?:[-*•·▪●◦‣∙+■□►▸☆★◆◇]|o(?=\s)|\(?\d{1,2}[.)](?=\s))\s+(?=\S)")


def _cells(s: str) -> int:
    """Columns ``s`` takes on a terminal: wide characters (Han, kana, Hangul, full-width forms)
    take two. lynx and w3m wrap at a width in columns, so a line of Korean wrapped at 80
    columns holds about 40 characters."""
    if s.isascii():
        return len(s)
    return len(s) + sum(1 for ch in s if ch >= "\u1100" and east_asian_width(ch) in "WF")


def _spaceless(ch: str) -> bool:
    """A character of a script written without spaces between words (Chinese, Japanese,
    full-width forms; not Korean, which spaces its words)."""
    o = ord(ch) if ch else 0
    return 0x3000 <= o <= 0x30FF or 0x3400 <= o <= 0x9FFF or 0xFF00 <= o <= 0xFFEF


_ENDERS = '.!?。！？"”»'

#: How far short of the wrap width a line may stop and still be wrapped.
WRAP_SLACK = 10


def _wrap_width(lines: list[str]) -> int:
    """The width a dump was hard-wrapped at, or 0 when it was not wrapped (see :func:`_wrap`)."""
    return _wrap(lines)[0]


def _wrap(lines: list[str], markdown: bool = False) -> tuple[int, Callable[[str], int]]:
    """``(width, measure)``: the width a dump was hard-wrapped at (0 when it was not
    wrapped) and how line lengths are measured against it.

    Rule ``wrap-width``: wrapped text has a ceiling — no line is longer than
    the width (but for a few unbreakable URLs), most long lines sit just
    under it, end mid-sentence and go on in the next line, and blank lines
    set paragraphs apart. One-block-per-line text has a long tail of lengths
    with no such ceiling, and its lines end with sentences or stand alone.
    w3m measures the width in terminal columns (a Han or Hangul character
    takes two), lynx in characters: with wide characters on the page, both
    are tried; the right one leaves fewer lines over its ceiling (then: more
    lines just under it).
    """
    rows = [s.rstrip() for s in lines]
    blank = rows.count("")
    if blank < 0.05 * len(rows):
        return 0, len  # no blank lines between paragraphs: one block per line
    sizes = [len(s) for s in rows]
    if markdown:  # a Markdown link never breaks, so its line says nothing of the width
        sizes = [0 if "](" in s or "][" in s else n for s, n in zip(rows, sizes, strict=True)]  # sizes: one per row
    width, near = _ceiling(rows, sizes)
    if any(has_cjk(s) for s in rows):  # wide characters on the page
        columns = [0 if markdown and ("](" in s or "][" in s) else _cells(s) for s in rows]
        in_columns, near_columns = _ceiling(rows, columns)
        # The right measure leaves fewer lines over its ceiling, then more lines just under it.
        if in_columns and (not width or (_over(columns, in_columns), -near_columns) <= (_over(sizes, width), -near)):
            return in_columns, _cells
    return width, len


def _over(sizes: list[int], width: int) -> int:
    return sum(1 for n in sizes if n > width)


def _ceiling(rows: list[str], sizes: list[int]) -> tuple[int, int]:
    """``(width, lines just under it)`` the lines' sizes show (by the tests :func:`_wrap`
    describes), or ``(0, 0)``."""
    lengths = sorted((n for n in sizes if n), reverse=True)
    if len(lengths) < 8:
        return 0, 0
    # One pass: per line length, how many lines, how many end a sentence, how
    # many go on in the next line; each candidate width then sums a band of
    # lengths (linear in the lines, where re-scanning them per width was not).
    count: Counter = Counter()
    ended: Counter = Counter()
    went_on: Counter = Counter()
    last = len(rows) - 1
    for i, s in enumerate(rows):
        if s:
            n = sizes[i]
            count[n] += 1
            if s[-1] in _ENDERS:
                ended[n] += 1
            if i < last and rows[i + 1]:
                went_on[n] += 1
    tried = set()
    for k in range(min(len(lengths) - 1, max(5, len(lengths) // 20)) + 1):  # skip a few over-long lines
        width = lengths[k]
        if not 40 <= width <= 200 or width in tried:
            continue
        tried.add(width)
        band = range(width - 15, width + 1)
        near = sum(count[n] for n in band)
        half = sum(count[n] for n in range(-(-width // 2), width + 1))
        if near < 6 or near < 0.15 * half:
            continue
        if sum(ended[n] for n in band) >= 0.5 * near:
            continue
        # A wrapped line goes on in the next line, and paragraphs are set
        # apart by blank lines (a dump with none is one block per line). A
        # fifth is enough: on a page of link lists most long lines are
        # headlines standing alone, and only the story's lines go on.
        if sum(went_on[n] for n in band) >= 0.2 * near:
            return _settle(width, count, near), near
    return 0, 0


def _settle(width: int, count: Counter, near: int) -> int:
    """The ceiling itself: the longest length under ``width`` that several lines reach. A few
    lines a little over the width (an unbreakable word, a URL's tail) can make the first
    candidate too wide, and a width too wide would take wrapped lines for ended ones."""
    for n in range(width, width - 16, -1):
        if count[n] >= max(2, 0.05 * near):
            return n
    return width


#: The characters a list marker can start with (besides digits): a cheap test before _BULLET.
_BULLET_FIRST = frozenset("-*•·▪●◦‣∙+■□►▸☆★◆◇o(")


def _strip_bullet(line: str):
    if line[:1] not in _BULLET_FIRST and not line[:1].isdigit():
        return line, False
    m = _BULLET.match(line)
    if m:
        rest = line[m.end() :]
        # "12. März 2025" is a date, not item 12 of a list.
        if m.group()[:1].isdigit() and find_date(line) and not find_date(rest):
            return line, False
        return rest, True
    return line, False


@per_line(50_000)  # menus and footers repeat on every page of a site
def _clean_line(line: str) -> tuple[str, bool]:
    """(text, is a list item) of one input line: whitespace collapsed, list
    marker stripped; ``("", False)`` for a blank line."""
    s = " ".join(line.split())
    return _strip_bullet(s) if s else ("", False)


def _hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7af" if ch else False


def _join(a: str, b: str, full: bool = False) -> str:
    """``a`` and its wrapped continuation ``b``. ``full``: ``a``'s line filled the width in
    columns, where w3m breaks Korean inside a word (lynx and roomier lines break at a space)."""
    if _spaceless(a[-1:]) and _spaceless(b[:1]) or full and _hangul(a[-1:]) and _hangul(b[:1]):
        return a + b
    if a.endswith("-") and len(a) > 1 and a[-2].isalpha() and b[:1].islower():
        return a[:-1] + b  # a word hyphenated across the wrap
    return a + " " + b


# Rule ``markdown``: a dump written as Markdown (as html2text and the crawlers that hand pages
# to language models write them) is read as the text it marks up: links become their text,
# images and emphasis marks go, and so do heading and quote marks.
# Inline "[text](url)" and reference-style "[text][3]" links and images. No repeat may cross
# the character that opens the next match ("[" in a text, "(" in a target, the mark inside
# emphasis), so that a line of a million "[" or "_" costs linear time, not quadratic.
_MD_IMAGE = lazy_compile(r"!\[[^\[\]]*\](?:\((?:[^()]|\([^()]*\))*\)|\[[^\[\]]*\])")
_MD_LINK = lazy_compile(r"\[([^\[\]]*)\](?:\((?:[^()]|\([^()]*\))*\)|\[[^\[\]]*\])")
_MD_EMPHASIS = lazy_compile(r"(?<![\w*_\\])(\*{1,3}|_{1,3})(?=[^\s*_])([^*_]+?)(?<=[^\s*_\\])\1(?![\w*_])")
_MD_LEAD = lazy_compile(r"^(?:#{1,6}\s+|>\s?)+")
_MD_ESCAPE = lazy_compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
#: Inline links in a dump from which it is read as Markdown.
MARKDOWN_LINKS = 3


def _is_markdown(text: str) -> bool:
    return text.count("](") + text.count("][") >= MARKDOWN_LINKS and _MD_LINK.search(text) is not None


@per_line(50_000)
def _unmark(text: str) -> str:
    """The text a line (or block) of Markdown shows; ``[image]`` for one that only held images."""
    s = _MD_IMAGE.sub("", text)
    s = _MD_LINK.sub(lambda m: m.group(1).strip(), s)
    s = _MD_LEAD.sub("", s.strip())
    s = _MD_EMPHASIS.sub(r"\2", s)
    s = _MD_ESCAPE.sub(r"\1", s)
    s = " ".join(s.split())
    return s or ("[image]" if "![" in text else text)


def markdown_title(blocks: list[Block], text: str) -> tuple[int | None, str | None]:
    """Rule ``markdown-title``: in a Markdown dump with no repeated title, the first level-one
    heading ("# Headline") is the headline: ``(index, text)``, or ``(None, None)``."""
    if not _is_markdown(text):
        return None, None
    for i, b in enumerate(blocks):
        first = b.lines[0].lstrip()
        if first.startswith("# ") and len(b.text.split()) >= 2:
            return i, b.text
    return None, None


# Rule ``inline-split``: a dump made by joining a page's text nodes with line breaks (as
# BeautifulSoup's ``get_text("\\n")`` does) breaks a sentence at every link and emphasis:
# "write about it in the" / "bug-tracker" / ". In such way". The pieces go back together.
#: Punctuation that never opens a block: a line starting with it goes on from the line before.
_CONTINUES = lazy_compile(r"[,.;:!?)\]»”’%](?:\s|$)")
#: A line ending in one of these stops mid-phrase.
_OPEN_END = frozenset(",(“„‘«-–—/")


def join_inline_splits(blocks: list[Block], function_words: frozenset[str]) -> list[Block]:
    """Rule ``inline-split``: join to the line before it a line that starts with punctuation that
    never opens a block (", and", ". In"), or a lowercase line after one that stops mid-phrase (on
    a comma, an opening bracket or quote, or a function word: "in the" / "bug-tracker"). On a page
    with INLINE_EVIDENCE or more of those, any lowercase line after one that ends no sentence."""
    # Each block with the next: blocks[1:] is one shorter, so the last block pairs with none (strict=False).
    pairs = [
        (a, b) for a, b in zip(blocks, blocks[1:], strict=False) if not b.bullet and b.line == a.line + len(a.lines)
    ]
    loose = sum(1 for a, b in pairs if _goes_on(a.text[-_TAIL:], b.text, function_words)) >= INLINE_EVIDENCE
    out: list[Block] = []
    parts: list[list[str]] = []  # each block's pieces, joined once at the end (linear on any input)
    tails: list[str] = []  # the end of each block's text so far: all the test looks at
    for b in blocks:
        if (
            out
            and not b.bullet
            and b.line == out[-1].line + len(out[-1].lines)
            and _goes_on(tails[-1], b.text, function_words, loose)
        ):
            glue = "" if _CONTINUES.match(b.text) or _spaceless(tails[-1][-1:]) and _spaceless(b.text[:1]) else " "
            parts[-1] += (glue, b.text)
            tails[-1] = (tails[-1] + glue + b.text[-_TAIL:])[-_TAIL:]
            out[-1].lines.extend(b.lines)
        else:
            out.append(b)
            parts.append([b.text])
            tails.append(b.text[-_TAIL:])
    for b, pieces in zip(out, parts, strict=True):  # appended to together: one list of pieces per block
        if len(pieces) > 1:
            b.text = "".join(pieces)
    return out


#: How much of a block's end the join test reads: its last character and last word (a longer
#: last word is no function word).
_TAIL = 64


#: The characters _CONTINUES can start with: a cheap exact test before the expression.
_CONTINUES_FIRST = frozenset(",.;:!?)]»”’%")


def _goes_on(prev: str, text: str, function_words: frozenset[str], loose: bool = False) -> bool:
    if prev[-1:] in ".!?。！？":
        return False
    first = text[:1]
    if first in _CONTINUES_FIRST and _CONTINUES.match(text) is not None:
        return True
    if not first.islower():
        return False  # a capital may open a new block, even after "the": a headline, a name
    return loose or prev[-1:] in _OPEN_END or prev.rsplit(None, 1)[-1].lower() in function_words


#: Sentences broken at inline markup on a page before any lowercase line is taken to go on.
INLINE_EVIDENCE = 3


def split_blocks(text: str) -> list[Block]:
    """The dump as blocks, in page order, each knowing its first line number."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ").split("\n")
    markdown = _is_markdown(text)
    blocks = _split(raw, markdown)
    if markdown:
        for b in blocks:
            b.text = _unmark(b.text)
    return blocks


def _split(raw: list[str], markdown: bool) -> list[Block]:
    width, measure = _wrap(raw, markdown)
    blocks: list[Block] = []
    if not width:
        for i, line in enumerate(raw, 1):
            body, bullet = _clean_line(line)
            if body:
                blocks.append(Block(body, i, [line], bullet))
        return blocks

    cur: Block | None = None
    prev_len = 0
    prev_indent = 0
    for i, line in enumerate(raw, 1):
        s = " ".join(line.split())
        if not s:
            cur = None
            continue
        indent = len(line) - len(line.lstrip())
        body, bullet = _strip_bullet(s)
        first_word = body.split(" ", 1)[0]
        # Renderers keep links and other spans unbroken, so a wrapped line may
        # stop a little short; only a line well short of the width ended.
        fits = prev_len + 1 + measure(first_word) <= width - WRAP_SLACK
        new = cur is None or bullet or fits or indent < prev_indent - 1
        if new or cur is None:
            cur = Block(text=body, line=i, lines=[line], bullet=bullet)
            blocks.append(cur)
        else:
            cur.text = _join(cur.text, s, measure is _cells and prev_len >= width - 1)
            cur.lines.append(line)
        prev_len = measure(line.rstrip())
        prev_indent = indent if new else max(indent, prev_indent)
    return blocks
