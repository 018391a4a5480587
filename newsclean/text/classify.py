"""Decide, for every block of a text dump, whether it is story or what was cut.

The pipeline of rules, each named (the name is the block's ``reason``):

1. Local rules look at one line: section headings, counters and widgets,
   breadcrumbs, dates, bylines, copyright lines, ad labels.
2. ``story-region``: each remaining block scores by how much it reads like
   running prose (length, sentence shape, stopword density); the story is the
   contiguous run of blocks with the highest total score that crosses no
   section heading (Kadane's maximum-sum segment). Headline lists, menus and
   counters score negative, so the story's edges fall where the prose ends.
3. Inside the story: inline teasers (a lone bulleted headline between
   paragraphs, or "Read more: …" lines) are cut as ``related``; short lines
   followed by prose are kept as subheadings.
4. Outside the story: blocks under a section heading take the heading's kind;
   the rest are labelled by where they sit and what they look like.
5. ``more-story`` (``runs.py``): runs of prose outside the region that a
   learned model weighs as the story's join it, labelled as in step 3.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .. import lexicon
from ..lazy_re import lazy_compile
from ..model import KEPT, Block
from . import features, runs
from .caches import per_line
from .dates import find_date
from .features import Features

#: Section kinds that end the story: nothing under them is prose of the story.
BARRIER_KINDS = frozenset({"related", "ranking", "recommendation", "comments", "tags"})
#: Sections nothing of the story follows: readers' comments.
HARD_BARRIERS = frozenset({"comments"})
SECTION_WEIGHT = -10.0

# Rule ``counter-widget``: view/like counters and reaction buttons — a word or
# three and a number in brackets ("veryGood! (46413)"), a count with a k/M
# suffix ("1.2K shares"), or a number beside a counter word ("Views 1,204",
# "12 Aufrufe"). Product names with numbers ("iPhone 11") are none of these.
_COUNTER = lazy_compile(
    r"^\W*(?:[^\W\d]{1,20}[!?:]?\s*){0,3}[\(\[]\s*\d[\d,.]*\s*[kKmM]?\s*[\)\]]\W*$"
    r"|^\W*(?:[^\W\d]{1,20}[!?:]?\s*){0,2}\d[\d,.]*\s*[kKmM]\b(?:\s*[^\W\d]{1,20}){0,2}\W*$"
    r"|^\W*[^\W\d]{1,20}[!?]\s*\d[\d,.]*\W*$"  # reaction buttons: "Wow! 12"
)
_COUNTER_WORDS = frozenset(
    [
        "views",
        "view",
        "likes",
        "like",
        "shares",
        "share",
        "reads",
        "votes",
        "vote",
        "reactions",
        "comments",
        "comment",
        "hits",
        "clicks",
        "plays",
        "aufrufe",
        "leser",
        "kommentare",
        "vues",
        "lectures",
        "commentaires",
        "visitas",
        "lecturas",
        "comentarios",
        "visualizzazioni",
        "letture",
        "commenti",
        "visualizações",
        "leituras",
        "weergaven",
        "просмотров",
        "просмотра",
        "просмотры",
        "прочтений",
        "комментариев",
        "阅读",
        "浏览",
        "点赞",
        "评论",
        "閱讀",
        "瀏覽",
        "閲覧",
        "조회",
    ]
)
_COUNTER_NUMBER = lazy_compile(r"^\W*(?:([^\W\d]{1,20})[!?:]?\s*)?\d[\d,.]*\s*(?:([^\W\d]{1,20}))?\W*$")


def _is_counter(text: str) -> bool:
    if _COUNTER.match(text):
        return True
    m = _COUNTER_NUMBER.match(text)
    return m is not None and any(w and w.lower() in _COUNTER_WORDS for w in m.groups())


# Rule ``counter-not-tag``: what follows a tag list and holds a count is a rating, helpfulness or
# reaction counter, not a tag. A tag names a topic, so it may hold a number ("G7", "Formula 1",
# "2024 election") but never a number with nothing else to read ("❤ 318"), two numbers ("4.2 of 5
# by 812 readers"), or a number with a word that counts people or votes ("1,204 readers liked this").
_NUMBER = lazy_compile(r"(?<![\w.,])\d[\d.,\u00a0\u202f']*(?:\s*[kKmM](?![^\W\d_]))?")
_COUNTED = frozenset(
    [
        "readers",
        "reader",
        "people",
        "persons",
        "users",
        "visitors",
        "votes",
        "vote",
        "voters",
        "ratings",
        "rating",
        "rated",
        "reviews",
        "review",
        "stars",
        "star",
        "likes",
        "liked",
        "like",
        "found",
        "helpful",
        "useful",
        "recommend",
        "recommended",
        "reactions",
        "views",
        "reads",
        "shares",
        "comments",
        "leser",
        "personen",
        "bewertungen",
        "bewertet",
        "stimmen",
        "lecteurs",
        "personnes",
        "votes",
        "avis",
        "lectores",
        "personas",
        "votos",
        "valoraciones",
        "lettori",
        "persone",
        "voti",
        "leitores",
        "pessoas",
        "lezers",
        "stemmen",
        "czytelników",
        "głosów",
        "читателей",
        "человек",
        "голосов",
        "оценок",
    ]
)


def is_tag_counter(text: str) -> bool:
    """Whether a line in or right after a tag list is a counter (rule ``counter-not-tag``)."""
    if _DIGIT.search(text) is None:
        return False
    if _is_counter(text):
        return True
    nums = _NUMBER.findall(text)
    if not nums:
        return False
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", text)]
    return not words or len(nums) >= 2 or any(w in _COUNTED for w in words)


# Rule ``breadcrumb``: short segments joined by path separators.
_CRUMB_SEP = lazy_compile(r"\s+(?:>|»|›|/|\\|→|::)\s+|\s*(?:>|»|›|→)\s*")
_CURRENT = lazy_compile(r"^(?:current|you are here|location|sie sind hier|vous êtes ici|usted está aquí)\s*:", re.I)
# Rule ``byline``: "By Jane Doe", "Von Max Muster", "Par …", "Autor: …", "作者：…".
_BYLINE = lazy_compile(
    r"^(?:by|von|par|por|di|door|av|af|de|of|от|автор[ы]?:?|author[s]?:|autor(?:in|es)?:|auteur\s*:|written by|"
    r"reporting by|text:|作者[:：]?|記者|记者|글)\s*(.+)$",
    re.I,
)
# Rule ``copyright``.
_COPYRIGHT = lazy_compile(lexicon.COPYRIGHT_PATTERN + "|all rights reserved", re.I)  # English: as the gate is
# Rule ``inline-prefix``: "Read more: <headline>", "Lesen Sie auch: …".
_PREFIX = lazy_compile(r"^([^:：|]{2,40})\s*[:：|]\s*(\S.*)$")
# Rule ``credit``: photo and image credits printed under pictures.
CREDIT = lazy_compile(
    r"^(?:photo|image|picture|foto|bild|credit|source|quelle|crédit|fotografía|imagen|фото|图片|写真|사진)"
    r"(?:\s+credit|\s+source)?\s*[:：,]",
    re.I,
)


# Rule ``caption``: picture captions and credits.
# Captions that say so, certain even in a long block: a bracketed photo credit, "In this photo
# issued by …", "In this file image …", "Auf diesem Foto …", "(Valley Times via AP)".
_SAYS_CAPTION = (
    r"\((?:photo|image|picture|foto|bild|illustration)[^)]*\)|"
    r"^(?:in this(?: (?:file|handout|undated|aerial|combination|archive))?|auf diese[mn]|sur cette"
    r"|en esta|in questa|nesta|op deze) "
    r"(?:photos?|images?|pictures?|photographs?|fotos?|bild|imagen|immagine|imagem|afbeelding)(?![\w-])|"
    r"\(\w+(?: \w+){0,3} via (?:ap|reuters|afp|getty images)\)"
)
_CAPTION_SAYS = lazy_compile(_SAYS_CAPTION, re.I)
_CAPTION = lazy_compile(
    r"\((?:photo|image|picture|foto|bild|credit|illustration|video)[^)]*\)|"
    r"\b(?:photos?|images?|pictures?|fotos?|bild|illustration|credit)\s*(?:by|credit|courtesy|source|:)|"
    r"getty\s?images|shutterstock|\bap photo\b|submitted photo|file photo|\bimage \d+ of \d+|"
    r"\b(?:foto|photo|bild)\s*[:©]|" + _SAYS_CAPTION,
    re.I,
)
# Rule ``share-widget``: "Share on Facebook", "Click to email this", "Teilen", "分享到".
_SHARE = lazy_compile(
    r"^(?:click to |tap to )?(?:" + "|".join(re.escape(w) for w in lexicon.WIDGET_WORDS) + r")(?:\b|(?=\W)|$)",
    re.I,
)
#: What a line _SHARE matches starts with, lowercased: a widget word, after "click to " or "tap to "
#: or not (by first character). An exact cheap test before the expression, for a line whose first
#: SHARE_HEAD characters are ASCII: under re.I an ASCII character matches a letter of the pattern
#: only when their lowercase forms are equal (the letters whose case pairs cross ASCII, "ſ", "ı", "İ"
#: and the Kelvin sign, are in no widget word: asserted below).
_SHARE_PREFIXES: dict[str, tuple[str, ...]] = {}
for _p in sorted(p + w.lower() for p in ("", "click to ", "tap to ") for w in lexicon.WIDGET_WORDS):
    _SHARE_PREFIXES[_p[0]] = (*_SHARE_PREFIXES.get(_p[0], ()), _p)
SHARE_HEAD = max(len(p) for ps in _SHARE_PREFIXES.values() for p in ps)
assert not any(c in w for w in lexicon.WIDGET_WORDS for c in "ſıİ\u212a")
# Rule ``comment-stream``: comment headers carry a timestamp ("2 days ago",
# "September 12, 2018 at 4:47 pm said:", "vor 3 Stunden", "3 小时前").
_RELATIVE_TIME = lazy_compile(
    r"\b\d+\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|[smhdw])\s+ago\b|"
    r"\bvor\s+\d+\s+(?:sekunden|minuten|stunden|tagen|wochen|monaten|jahren)\b|\bil y a\s+\d+|\bhace\s+\d+|"
    r"\d+\s*(?:минут|час|дн|недел|месяц)\w*\s+назад|\d+\s*(?:分钟|小时|天|秒)前|\d+\s*(?:分|時間|日)前|"
    r"\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:said|wrote|says)?\s*:?$|\bsaid:\s*$|\bsays:\s*$",
    re.I,
)


_CAPTION_HINTS = (
    "photo",
    "image",
    "picture",
    "foto",
    "bild",
    "credit",
    "illustration",
    "getty",
    "shutterstock",
    "video",
    "source",
    "quelle",
    "crédit",
    "imagen",
    "immagine",
    "afbeelding",
    " via ",
    "фото",
    "图片",
    "写真",
    "사진",
)


#: How the openers of _SAYS_CAPTION begin ("in this", "auf diesem", "sur cette", "en esta", ...).
_SAYS_STARTS = frozenset(("in", "au", "su", "en", "ne", "op"))


def _might_say_caption(text: str, f: Features) -> bool:
    """Exact cheap test before the region's caption test: a block that ends a sentence can only
    be a caption that says so, which needs a bracket or one of the openers."""
    return not f.sentence or "(" in text or text[:2].lower() in _SAYS_STARTS


def _maybe_caption(text: str) -> bool:
    """Cheap test before the caption expressions: one of their words occurs. (Substring tests
    in a loop: twice as fast as one regular expression of alternatives over a paragraph.)"""
    low = text.lower()
    for hint in _CAPTION_HINTS:  # noqa: SIM110  (a loop: any() over a generator is slower here)
        if hint in low:
            return True
    return False


#: Captions weigh against the story in blocks of up to this many words (lynx and w3m join a
#: gallery's alt texts into one block): those that say so (a bracketed photo credit, "In this
#: photo …"), and those the caption expression knows that do not end a sentence.
CAPTION_MAX_WORDS = 80


def _is_caption(text: str, f: Features, max_words: int) -> bool:
    """Rule ``caption``: a picture caption or credit ("(Photo by …)", "Getty Images", "Foto: …")."""
    return (
        f.words <= max_words
        and _maybe_caption(text)
        and (f.words <= 12 and CREDIT.match(text) is not None or _CAPTION.search(text) is not None)
    )


def _cut_short_teasers(blocks: list[Block], values: list[float]) -> None:
    """Rule ``cut-short``: teasers' summaries, cut off mid-sentence with an ellipsis ("… and the
    council said it would..."), read like prose but are not the story's; two or more of them
    on a page are a feed of teasers. (One alone is more often the story's own last paragraph,
    cut short by a paywall.)"""
    cut = [i for i, b in enumerate(blocks) if values[i] > 0 and _cut_short(b.text)]
    if len(cut) >= 2:
        for i in cut:
            values[i] = -values[i]


def _cut_short(text: str) -> bool:
    """A text that stops mid-word or mid-sentence with an ellipsis ("…it would…", "at that
    point,..."). Not one inside a closing quote (a quotation's) nor one after a space: some
    writers end paragraphs with " …" as a style."""
    if text.endswith("..."):
        before = text[:-3].rstrip(".")
    elif text.endswith("…"):
        before = text[:-1]
    elif text.endswith(("[…]", "[...]", "(…)", "(...)")):
        return len(text) > 5
    else:
        return False
    return bool(before) and (before[-1].isalnum() or before[-1] in ",;:-–")


def _is_item_like(f: Features, b: Block) -> bool:
    """Short, headline- or menu-shaped: how list entries look."""
    return b.bullet or (f.words <= 30 and not (f.sentence and f.stop >= 0.3 and f.words >= 12))


#: A bulleted line that is no sentence weighs against the story as at most this many words.
LONG_BULLET_WORDS = 12


def _prose_score(b: Block, f: Features, has_stoplist: bool) -> float:
    """How much a block reads like running prose; negative for boilerplate shapes."""
    w = f.words
    if f.cjk:
        good = f.chars >= 25 and f.stop >= 0.08
        near = f.chars >= 10 and f.sentence
    elif has_stoplist:
        good = w >= 10 and f.stop >= 0.2 and (f.sentence or w >= 20)
        near = w >= 4 and f.sentence and f.stop >= 0.12
    else:
        good = w >= 12 and f.sentence
        near = w >= 5 and f.sentence
    if b.bullet and not f.sentence:
        # Rule ``long-bullet``: a bulleted line that is no sentence weighs as a short one, however
        # long (a story's list item: an ingredient with its notes, an agenda entry); a line of links
        # weighs in full.
        return -((w if f.urlish else min(w, LONG_BULLET_WORDS)) + 2.0)
    if good:
        return float(w) * (0.6 if f.urlish else 1.0)
    if near:
        return w * 0.5
    if f.titleish and not f.sentence:
        return -(w + 2.0)
    return -(w * 0.5 + 1.5)


_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"(?<![\d(\[])(?:19|20)\d\d(?![\d)\]])")


#: Breadcrumbs are looked for in this many first blocks of a page.
CRUMB_REACH = 30


class LocalVerdict(NamedTuple):
    """What a local rule decided about one line: its removed ``kind``, the ``rule`` that decided
    (the block's reason), and whether the line is a section ``heading`` that opens a section."""

    kind: str
    rule: str
    heading: bool = False


#: Section headings are looked for in lines of at most this many words ("Related stories").
HEADING_MAX_WORDS = 7
#: A copyright mark without "©" or "rights reserved" decides lines of at most this many words
#: (a paragraph may mention copyright law).
COPYRIGHT_MAX_WORDS = 25
#: Local rules after the copyright line look at lines of at most this many words: longer lines
#: are prose, whatever words they hold.
LOCAL_MAX_WORDS = 30
#: Counters are a word or three and a number.
COUNTER_MAX_WORDS = 6
#: Breadcrumbs and "You are here:" lines hold at most this many words.
CRUMB_MAX_WORDS = 25
#: A breadcrumb has at least this many segments, none longer than CRUMB_PART_CHARS characters.
CRUMB_MIN_PARTS = 3
CRUMB_PART_CHARS = 60
#: Share widgets are a short label ("Share on Facebook"); a sentence of SHARE_SENTENCE_WORDS words
#: or more that starts with a widget word ("Share your story with us ...") is prose.
SHARE_MAX_WORDS = 12
SHARE_SENTENCE_WORDS = 6


def _lr_section_heading(text: str, f: Features, near_top: bool) -> LocalVerdict | None:
    """Rules ``section-heading`` / ``boilerplate-word``: a short line the lexicon knows as a
    section's heading ("Related", "Most read", "Comments") or a boilerplate word ("Advertisement");
    the headings of link boxes and comments open a section."""
    if f.words > HEADING_MAX_WORDS:
        return None
    kind = lexicon.heading_kind(text)
    if not kind:
        return None
    if kind in BARRIER_KINDS:
        return LocalVerdict(kind, "section-heading", True)
    return LocalVerdict(kind, "boilerplate-word")


def _lr_copyright(text: str, f: Features, near_top: bool) -> LocalVerdict | None:
    """Rule ``copyright``: a copyright line ("© 2024 …", "All rights reserved")."""
    if (
        ("©" in text or "opyright" in text or "(c)" in text or "(C)" in text or "ights reserved" in text)
        and (f.words <= COPYRIGHT_MAX_WORDS or "©" in text or "rights reserved" in text.lower())
        and _COPYRIGHT.search(text)
    ):
        return LocalVerdict("footer", "copyright")
    return None


def _lr_inline_tags(text: str, f: Features, near_top: bool) -> LocalVerdict | None:
    """Rule ``inline-tags``: "Tags: a, b, c" on one line."""
    if ":" in text or "：" in text or "|" in text:
        m = _PREFIX.match(text)
        if m and lexicon.heading_kind(m.group(1)) == "tags":
            return LocalVerdict("tags", "inline-tags")
    return None


def _lr_you_are_here(text: str, f: Features, near_top: bool) -> LocalVerdict | None:
    """Rule ``breadcrumb``: a "You are here: …" line."""
    if (":" in text or "：" in text) and not f.sentence and f.words <= CRUMB_MAX_WORDS and _CURRENT.match(text):
        return LocalVerdict("navigation", "breadcrumb")
    return None


def _lr_counter(text: str, f: Features, near_top: bool) -> LocalVerdict | None:
    """Rule ``counter-widget``: a view/like counter or reaction button (not a line with a year)."""
    if f.words <= COUNTER_MAX_WORDS and _DIGIT.search(text) and not _YEAR.search(text) and _is_counter(text):
        return LocalVerdict("widget", "counter-widget")
    return None


def _lr_breadcrumb(text: str, f: Features, near_top: bool) -> LocalVerdict | None:
    """Rule ``breadcrumb``: near the page top, short segments joined by path separators."""
    if (
        near_top
        and f.words <= CRUMB_MAX_WORDS
        and not f.sentence
        and (">" in text or "»" in text or "›" in text or "→" in text)
    ):
        parts = [p for p in _CRUMB_SEP.split(text) if p]
        if len(parts) >= CRUMB_MIN_PARTS and max(len(p) for p in parts) <= CRUMB_PART_CHARS:
            return LocalVerdict("navigation", "breadcrumb")
    return None


def _share_prefix(low: str) -> bool:
    return low.startswith(_SHARE_PREFIXES.get(low[:1], ()))


def _lr_share(text: str, f: Features, near_top: bool) -> LocalVerdict | None:
    """Rule ``share-widget``: "Share on Facebook", "Click to email this", "Teilen", "分享到"."""
    w = f.words
    head = text[:SHARE_HEAD]
    if (
        w <= SHARE_MAX_WORDS
        and not (f.sentence and w >= SHARE_SENTENCE_WORDS)
        and (not head.isascii() or _share_prefix(head.lower()))  # else _SHARE cannot match
        and _SHARE.match(text)
    ):
        return LocalVerdict("widget", "share-widget")
    return None


#: No limit on a rule's line length (the rule weighs length itself).
ANY_LENGTH = 1 << 30

#: The rules that decide a line from itself alone, in order (the first verdict stands), each with
#: the most words a line it can decide has (a longer line is not offered to it; none but those of
#: any length looks at lines over LOCAL_MAX_WORDS words).
LOCAL_RULES = (
    ("section-heading", HEADING_MAX_WORDS, _lr_section_heading),
    ("copyright", ANY_LENGTH, _lr_copyright),
    ("inline-tags", LOCAL_MAX_WORDS, _lr_inline_tags),
    ("you-are-here", CRUMB_MAX_WORDS, _lr_you_are_here),
    ("counter-widget", COUNTER_MAX_WORDS, _lr_counter),
    ("breadcrumb", CRUMB_MAX_WORDS, _lr_breadcrumb),
    ("share-widget", SHARE_MAX_WORDS, _lr_share),
)


@per_line(features.CACHE_LINES)
def _local_rule(text: str, f: Features, near_top: bool) -> LocalVerdict | None:
    """The first verdict of LOCAL_RULES on the line, or ``None``.

    ``f`` is the line's features and ``near_top`` whether it is among the
    first CRUMB_REACH blocks. Cheap substring tests guard each regular
    expression: this runs on every line of every page. Results are
    remembered per distinct line (features are shared per line and language,
    so equal arguments mean an equal answer).
    """
    w = f.words
    for _, max_words, rule in LOCAL_RULES:
        if w <= max_words:
            verdict = rule(text, f, near_top)
            if verdict is not None:
                return verdict
    return None


@per_line(features.CACHE_LINES)
def _has_timestamp(text: str) -> bool:
    """A comment header's timestamp in the line (rule ``comment-stream``)."""
    # Exact cheap gate: every form of the expression holds one of these substrings.
    if ":" not in text and "前" not in text:
        low = text.lower()
        if not ("ago" in low or "vor" in low or "il y a" in low or "hace" in low or "назад" in low):
            return False
    return (text.endswith(":") or _DIGIT.search(text) is not None) and _RELATIVE_TIME.search(text) is not None


def _prefix_kind(text: str) -> str | None:
    if ":" not in text and "：" not in text and "|" not in text:
        return None  # exact cheap test: _PREFIX needs one of its separators
    m = _PREFIX.match(text)
    if not m:
        return None
    kind = lexicon.heading_kind(m.group(1))
    if kind in ("related", "recommendation", "advertisement"):
        return kind
    return None


def best_segment(
    values: list[float], barriers: list[bool], lo: int = 0, hi: int | None = None
) -> tuple[int, int, float]:
    """The [start, end) run with the largest sum that crosses no barrier and
    starts in [lo, hi) (anywhere by default), with its sum (Kadane)."""
    n = len(values)
    hi = n if hi is None else min(hi, n)
    best, best_s, best_e = 0.0, 0, 0
    cur, cur_s = 0.0, lo
    for i in range(lo, n):
        v = values[i]
        if barriers[i]:
            if i >= hi:
                break
            cur, cur_s = 0.0, i + 1
            continue
        if cur <= 0 and i < hi:
            cur, cur_s = v, i
        else:
            cur += v
        if cur > best:
            best, best_s, best_e = cur, cur_s, i + 1
    return best_s, best_e, best


#: Blocks between two comment stamps of one stream at most (a comment of several paragraphs).
STREAM_GAP = 15

#: How far below the headline the story may start (dates, bylines, pictures between).
ANCHOR_REACH = 25
#: The anchored story wins unless a run elsewhere reads as that many times more prose.
ANCHOR_ODDS = 3.0
#: A run above the headline must read as this many times more prose than the one below.
ABOVE_ODDS = 5.0


def story_region(values: list[float], barriers: list[bool], anchor: int | None) -> tuple[int, int]:
    """Rule ``story-region``, anchored: where a headline was found, the story is
    the best run that starts just below it — comments, footers and teaser
    lists further down can hold more prose than a short story does. A run
    above the headline wins only by a landslide (the repeated line was a
    recipe card's or a gallery's title, not the story's)."""
    if anchor is None:
        # Rule ``comments-end-story``: without a headline to start from, the story is still
        # above the readers' comments, which can hold more prose than the story; the thread
        # wins only by ANCHOR_ODDS (then the "comments" heading was a link in a menu or a feed).
        limit = _comments_start(values, barriers, 0)
        s, e, total = best_segment(values[:limit], barriers[:limit])
        a_s, a_e, after = best_segment(values, barriers, limit)
        if after > ANCHOR_ODDS * max(total, 0.0):
            return a_s, a_e
        return s, e
    # Nothing below the first comments heading under the headline is story.
    limit = _comments_start(values, barriers, anchor + 1)
    below_v, below_b = values[:limit], barriers[:limit]
    s, e, total = best_segment(below_v, below_b, anchor + 1)
    a_s, a_e, a_total = best_segment(below_v, below_b, anchor + 1, anchor + 1 + ANCHOR_REACH)
    if a_total > 0 and a_total * ANCHOR_ODDS >= total:
        s, e, total = a_s, a_e, a_total
    b_s, b_e, b_total = best_segment(values[:anchor], barriers[:anchor])
    if b_total > ABOVE_ODDS * max(total, 0.0):
        return b_s, b_e
    return s, e


def _comments_start(values: list[float], barriers: list[bool], start: int) -> int:
    """Index of the first comments heading (a hard barrier) from ``start`` that follows some
    prose, or the end."""
    prose = False
    for i in range(start, len(values)):
        if barriers[i] and prose:
            return i
        prose = prose or values[i] > 0
    return len(values)


#: How much more (precision) or less (recall) non-prose weighs against the story.
FAVOR = {"balanced": 1.0, "precision": 1.5, "recall": 0.6}


def classify(
    blocks: list[Block],
    feats: list[Features],
    has_stoplist: bool,
    anchor: int | None = None,
    favor: str = "balanced",
) -> tuple[int, int]:
    """Set ``decision``/``reason`` on every block; return the story's span (the story region
    widened to the runs that joined it).

    ``favor`` ("balanced", "precision" or "recall") scales what non-prose
    blocks weigh against the story, so the region's edges move in or out.
    The passes, in order: local rules, weak headings, comment streams, prose
    values, the page-wide reweighting rules, the story region and its walls,
    then every block's label.
    """
    # The first CRUMB_REACH blocks are near the top, the rest not (no per-block comparison).
    local: list[LocalVerdict | None] = [
        _local_rule(b.text, f, True) for b, f in zip(blocks[:CRUMB_REACH], feats[:CRUMB_REACH], strict=True)
    ]
    local += [_local_rule(b.text, f, False) for b, f in zip(blocks[CRUMB_REACH:], feats[CRUMB_REACH:], strict=True)]
    _weak_headings(blocks, feats, local)
    _comment_streams(blocks, feats, local, anchor)
    values, barriers = _prose_values(blocks, feats, local, has_stoplist)
    _dated_cards(blocks, feats, local, values, anchor)
    _cut_short_teasers(blocks, values)
    repeated = _repeated(blocks, feats, values)
    if FAVOR[favor] != 1.0:
        values[:] = [v * FAVOR[favor] if v < 0 else v for v in values]
    listed = _introduced_lists(blocks, feats, local, values)
    boxed = _boxes_inside_story(blocks, feats, local, values)
    raw = list(values)
    _escalate_gaps(values, boxed)
    top = None if anchor is None else local[anchor]
    if top is not None and top.kind == "footer":
        anchor = None  # rule ``footer-not-anchor``: a copyright line that names the site is no headline
    core = story_region(values, barriers, anchor)
    floor = 0 if anchor is None else anchor + 1
    start, end = _bridge_walls(blocks, local, raw, core[0], core[1], floor)
    page = Inside(blocks, feats, local, values, start, end)
    marks = Marks(core, listed, repeated, _list_subheadings(blocks, feats, values, start, end))
    _label_blocks(page, marks)
    found = runs.Page(blocks, feats, local, values, raw, barriers, repeated, start, end, floor)
    for run, reason in choose_runs(found, _has_timestamp):
        _label_run(page, marks, run, reason)
        start, end = min(start, run.start), max(end, run.end)  # the story now spans the run
    return start, end


#: Which candidate runs join the story (rule ``more-story``), each with its reason: the learned
#: model's choice (bench/train_text.py replaces it to read the candidates).
choose_runs = runs.choose


def _weak_headings(blocks: list[Block], feats: list[Features], local: list[LocalVerdict | None]) -> None:
    """Rule ``weak-heading``: a one-short-word heading ("In", "Tag", "Ad") only opens a section
    when entries follow it; alone mid-story it is a word."""
    n = len(blocks)
    for i, loc in enumerate(local):
        if loc and loc.heading and len(lexicon.normalise(blocks[i].text)) <= 3:
            j = i + 1
            if j >= n or not blocks[j].bullet and not (_is_item_like(feats[j], blocks[j]) and feats[j].words <= 6):
                local[i] = None


#: Comment headers are lines of at most this many words.
STAMP_MAX_WORDS = 15


def _comment_streams(
    blocks: list[Block], feats: list[Features], local: list[LocalVerdict | None], anchor: int | None
) -> None:
    """Rule ``comment-stream``: three or more different comment headers (a timestamp each), each
    near another one, are a stream of readers' comments; each header opens a comments section.
    The story's own dateline sits just below the headline and is none of them."""
    stamps = [
        i
        for i, f in enumerate(feats)
        if f.words <= STAMP_MAX_WORDS and local[i] is None and _has_timestamp(f.text)  # f.text is the block's
    ]
    stamps = [i for i in stamps if anchor is None or not anchor < i <= anchor + 4]
    # A stream is a run of comments: a stamp with no other one near it is a dateline.
    stamps = [
        i
        for k, i in enumerate(stamps)
        if k and i - stamps[k - 1] <= STREAM_GAP or k + 1 < len(stamps) and stamps[k + 1] - i <= STREAM_GAP
    ]
    if len({blocks[i].text for i in stamps}) >= 3:
        for i in stamps:
            local[i] = LocalVerdict("comments", "comment-stream", True)


#: What a line a local rule decided weighs against the story (a section heading weighs SECTION_WEIGHT).
DECIDED_WEIGHT = -2.0


def _prose_values(
    blocks: list[Block], feats: list[Features], local: list[LocalVerdict | None], has_stoplist: bool
) -> tuple[list[float], list[bool]]:
    """Each block's prose value (``_prose_score``, negated for a caption that reads like prose) and
    whether it is a hard barrier the story never crosses."""
    values: list[float] = []
    barriers: list[bool] = []
    for b, f, loc in zip(blocks, feats, local, strict=True):
        if loc is None:
            v = _prose_score(b, f, has_stoplist)
            if (
                v > 0
                and f.words <= CAPTION_MAX_WORDS
                and _might_say_caption(b.text, f)
                and _maybe_caption(b.text)
                and (_CAPTION_SAYS.search(b.text) or not f.sentence and _CAPTION.search(b.text))
            ):
                # rule ``caption``: reads like prose but is not the story's (a paragraph that only
                # mentions pictures ends its sentence; a caption ends with its credit)
                v = -v
            values.append(v)
            barriers.append(False)
        else:
            # Rule ``section-heading``: comments end the story for good (a
            # "Leave a comment" link in a list is not their heading); a
            # box of links (related, most read, tags) may sit inside it, so
            # it weighs heavily against the story but can be bridged.
            barriers.append(loc.heading and loc.kind in HARD_BARRIERS and not b.bullet)
            values.append(SECTION_WEIGHT if loc.heading else DECIDED_WEIGHT)
    return values, barriers


#: List section heads are at most this many words.
LIST_HEAD_MAX_WORDS = 10


def _list_subheadings(blocks: list[Block], feats: list[Features], values: list[float], start: int, end: int) -> set:
    """Rule ``list-subheadings``: in a listicle the section heads come out as short list items,
    each followed by prose; two or more of them are the story's structure, where one alone is an
    inline teaser."""
    heads = {
        i
        for i in range(start, end - 1)
        if blocks[i].bullet
        and not feats[i].sentence
        and feats[i].words <= LIST_HEAD_MAX_WORDS
        and values[i + 1] > 0
        and not blocks[i + 1].bullet
    }
    return heads if len(heads) >= 2 else set()


class Marks(NamedTuple):
    """The page-wide rules' findings the labelling reads: the best run before walls were read
    across (``core``), the lines of introduced lists, repeated lines and list subheadings."""

    core: tuple[int, int]
    listed: set
    repeated: set
    heads: set


def _label_blocks(page: Inside, marks: Marks) -> None:
    """Label every block: a heading opens its section; blocks inside the story region are labelled
    by ``_label_inside``; outside it, a local verdict stands, an entry under a heading takes the
    section's kind, and the rest are labelled by where they sit (before or after the story).
    (The outside labels are inline: most of a page's blocks are outside, and this runs on each.)"""
    section: tuple[str, str] | None = None
    start, end = page.start, page.end
    for i, (b, f, loc) in enumerate(zip(page.blocks, page.feats, page.local, strict=True)):
        if loc is not None and loc.heading:
            b.is_heading = True
            b.drop(loc.kind, loc.rule)
            section = (loc.kind, b.text)
        elif start <= i < end:
            section = _label_inside(page, marks, i, section)
        elif loc is not None:
            b.drop(loc.kind, loc.rule)
        elif section is not None and (_is_item_like(f, b) or section[0] == "comments" and i >= end):
            if _under_heading(b, section):
                section = None  # a counter ends the tag list
        else:
            section = None
            if i >= start and start != end:
                b.drop("other", "after-story")
            elif f.words <= 5 and not f.sentence:
                b.drop("navigation", "menu-item")
            else:
                b.drop("other", "before-story")


def _under_heading(b: Block, section: tuple[str, str]) -> bool:
    """Rules ``counter-not-tag`` / ``under-heading``: a list entry under a section heading takes the
    heading's kind, except a counter after a tag list. Returns whether it was a counter."""
    if section[0] == "tags" and is_tag_counter(b.text):
        b.drop("widget", "counter-not-tag")
        return True
    b.drop(section[0], "under-heading", heading=section[1])
    return False


def _label_inside(page: Inside, marks: Marks, i: int, section: tuple[str, str] | None) -> tuple[str, str] | None:
    """Label block ``i`` of the story region; return the section open after it."""
    b, f, loc = page.blocks[i], page.feats[i], page.local[i]
    if section is not None and loc is None and i not in marks.listed and _is_item_like(f, b) and page.values[i] <= 0:
        _under_heading(b, section)
        return section
    if loc is None and i in marks.repeated:
        b.drop("other", "repeated-line")
    elif loc is None and i in marks.listed:
        b.keep("introduced-list")
    elif loc is None and i + 1 in marks.listed and page.values[i] <= 0 and b.text.endswith((":", "：")):
        b.keep("list-intro")  # rule ``list-intro``: the short line that introduces a list
    elif loc is None and i in marks.heads:
        b.keep("list-subheading", role="subheading")
    else:
        _decide_inside(page, i)
        if b.reason == "story" and not marks.core[0] <= i < marks.core[1]:
            b.reason = "bridge-wall"  # story prose found across a wall of short lines
    return None


#: A wall of short lines is read across when the prose below it weighs this many times the wall.
BRIDGE_ODDS = 1.0
#: ... and the prose below it holds at least this much (about words of prose).
BRIDGE_MIN = 60.0
#: The longest wall read across, in blocks.
BRIDGE_MAX_GAP = 60


def _bridge_walls(
    blocks: list[Block], local, raw: list[float], start: int, end: int, floor: int = 0
) -> tuple[int, int]:
    """Rule ``bridge-wall``: a story broken by a wall of short lines (a list, a chart, a gallery)
    goes on past it; the best run stops at the wall because each short line in a row weighs more.
    The wall is read across (the story's edge moved past the prose beyond it) when no section
    heading or other rule-decided line stands in it and the prose beyond it weighs at least
    BRIDGE_ODDS times the wall, each line counted at its own weight. Upwards, the story does not
    cross ``floor`` (the line below the headline). Returns the new (start, end)."""
    if start == end:
        return start, end
    n = len(blocks)
    while end < n:
        reach = _across_wall(local, raw, range(end, n))
        if reach is None:
            break
        end = reach + 1
    while start > floor:
        reach = _across_wall(local, raw, range(start - 1, floor - 1, -1))
        if reach is None:
            break
        start = reach
    return start, end


def _across_wall(local, raw: list[float], order: range) -> int | None:
    """The farthest block of the prose beyond the wall that starts ``order``, or None when the
    wall is not to be read across."""
    it = iter(order)
    cost = 0.0
    i = None
    for steps, i in enumerate(it):
        if raw[i] > 0:
            break
        if local[i] is not None or steps >= BRIDGE_MAX_GAP:
            return None
        cost -= raw[i]
    else:
        return None
    total, best, best_i = raw[i], raw[i], i
    for k in it:
        if local[k] is not None:
            break
        total += raw[k]
        if total > best:
            best, best_i = total, k
        if total < best - BRIDGE_MIN:
            break
    if best < BRIDGE_MIN or best < BRIDGE_ODDS * cost:
        return None
    return best_i


#: Non-prose blocks in a row beyond this many weigh more with each one: a
#: subheading or a caption interrupts a story, a box of them ends it.
GAP_FREE = 1
GAP_GROWTH = 0.5


def _escalate_gaps(values: list[float], skip: set) -> None:
    """Rule ``gap``: the k-th non-prose block of a run counts 1 + 0.5·(k-2) times
    (blocks in ``skip`` keep their weight and do not lengthen the run)."""
    run = 0
    for i, v in enumerate(values):
        if v > 0:
            run = 0
            continue
        if i in skip:
            continue
        run += 1
        if run > GAP_FREE:
            values[i] = v * (1.0 + GAP_GROWTH * (run - GAP_FREE))


#: A box the story resumes after costs this much per line to read across.
BOX_HEADING_WEIGHT = -3.0
BOX_ITEM_WEIGHT = -1.0
#: Paragraphs in a row after a box that show the story goes on below it.
RESUME_RUN = 3


def _boxes_inside_story(blocks: list[Block], feats: list[Features], local, values: list[float]) -> set:
    """Rule ``box-inside-story``: a headed box of links ("Most read", "Related")
    followed at once by paragraphs in a row sits inside the story, which
    resumes below it; reading across it costs little. (A box followed by
    teasers — a title, a summary, a title — does not qualify.)"""
    out = set()
    n = len(blocks)
    for h, loc in enumerate(local):
        if not (loc and loc.heading and loc.kind in ("related", "ranking", "recommendation")):
            continue
        j = h + 1
        while j < n and local[j] is None and values[j] <= 0 and _is_item_like(feats[j], blocks[j]):
            j += 1
        if j == h + 1 or j + RESUME_RUN > n or not all(values[k] > 0 for k in range(j, j + RESUME_RUN)):
            continue
        values[h] = BOX_HEADING_WEIGHT
        out.add(h)
        for k in range(h + 1, j):
            values[k] = BOX_ITEM_WEIGHT
            out.add(k)
    return out


#: What a date line weighs when a page prints many: each one starts a card.
CARD_WEIGHT = -15.0


def _dated_cards(blocks: list[Block], feats: list[Features], local, values: list[float], anchor: int | None) -> None:
    """Rule ``dated-cards``: a page that prints three or more date-only lines
    is a feed of cards (teaser, author, date, summary); the story has one
    date, near its headline. Each other date line weighs heavily against
    reading on across it."""
    dated = [i for i, f in enumerate(feats) if f.words <= 8 and local[i] is None and find_date(f.text)]
    if len(dated) < 3:
        return
    for i in dated:
        if anchor is None or not (anchor < i <= anchor + 4):
            values[i] = min(values[i], CARD_WEIGHT)


def _repeated(blocks: list[Block], feats: list[Features], values: list[float]) -> set:
    """Rule ``repeated-line``: a line printed twice on a page is a caption,
    teaser or pull quote, not story prose; every copy of a short one, and the
    later copies of a long one, stop counting as story."""
    seen: dict = {}
    for i, b in enumerate(blocks):
        if feats[i].words >= 4:
            seen.setdefault(b.text, []).append(i)
    out = set()
    for idx in seen.values():
        if len(idx) < 2:
            continue
        drop = idx if feats[idx[0]].words <= 50 else idx[1:]
        for i in drop:
            out.add(i)
            values[i] = -abs(values[i]) if values[i] else -2.0
    return out


#: The longest list a story introduces with a colon that is still read as its part.
MAX_LIST = 80


def _introduced_lists(blocks: list[Block], feats: list[Features], local, values: list[float]) -> set:
    """Rule ``introduced-list``: prose ending in a colon ("The tour dates:")
    introduces the run of list-shaped lines after it; they belong to the story,
    so they stop counting against it."""
    out = set()
    n = len(blocks)
    for i, b in enumerate(blocks):
        if not b.text.endswith((":", "：")) or local[i] is not None:
            continue
        # The introduction is prose, or a short line right after prose ("The banned foods:").
        if values[i] <= 0 and not (i and values[i - 1] > 0 and feats[i].words <= 12 and not b.bullet):
            continue
        j = i + 1
        while j < n and j - i <= MAX_LIST and local[j] is None and _is_item_like(feats[j], blocks[j]):
            out.add(j)
            values[j] = max(values[j], 0.5)
            j += 1
    return out


class Inside:
    """What the rules for a block inside the story region may read: the page's blocks, their
    features, the local rules' verdicts, the prose values and the region ``[start, end)``."""

    __slots__ = ("blocks", "feats", "local", "values", "start", "end")

    def __init__(self, blocks: list[Block], feats: list[Features], local, values: list[float], start: int, end: int):
        self.blocks, self.feats, self.local, self.values, self.start, self.end = (
            blocks,
            feats,
            local,
            values,
            start,
            end,
        )


#: A rule's verdict on one block: (decision, rule, role). The decision is "kept" or a removed kind;
#: role is None or "subheading". A rule returns None when it does not decide the block.
Verdict = tuple[str, str, str | None]


def _rule_local(c: Inside, i: int) -> Verdict | None:
    """A line a local rule decided (a counter, a share widget, ...) stays decided inside the story."""
    loc = c.local[i]
    return (loc.kind, loc.rule, None) if loc is not None else None


def _rule_inline_prefix(c: Inside, i: int) -> Verdict | None:
    """Rule ``inline-prefix``: "Read more: <headline>", "Lesen Sie auch: …" between paragraphs."""
    kind = _prefix_kind(c.blocks[i].text) if c.feats[i].words <= 30 else None
    return (kind, "inline-prefix", None) if kind else None


#: Captions inside the story are looked for in blocks of up to this many words.
INSIDE_CAPTION_MAX_WORDS = 60


def _rule_caption(c: Inside, i: int) -> Verdict | None:
    """Rule ``caption``: a picture caption or credit between paragraphs."""
    return ("other", "caption", None) if _is_caption(c.blocks[i].text, c.feats[i], INSIDE_CAPTION_MAX_WORDS) else None


def _rule_story(c: Inside, i: int) -> Verdict | None:
    """Rule ``story``: a block that reads as prose."""
    return (KEPT, "story", None) if c.values[i] > 0 else None


def _rule_bulleted(c: Inside, i: int) -> Verdict | None:
    """Rules ``story-list`` / ``inline-teaser``: a list inside the story is kept when the story
    introduces it ("…the following:") or its items are sentences; a lone bulleted headline
    between paragraphs is an inline teaser; a bulleted word or three, short-in-story."""
    b, f = c.blocks[i], c.feats[i]
    if not b.bullet:
        return None
    j = i - 1
    while j >= c.start and c.blocks[j].bullet:
        j -= 1
    intro = j >= c.start and c.blocks[j].text.rstrip().endswith((":", "："))
    if intro or f.sentence:
        return KEPT, "story-list", None
    if f.words >= 4:
        return "related", "inline-teaser", None
    return "other", "short-in-story", None


def _rule_subheading(c: Inside, i: int) -> Verdict | None:
    """Rule ``subheading``: a short line that introduces prose."""
    f, nxt = c.feats[i], i + 1
    if (
        2 <= f.words <= 15
        and nxt < c.end
        and c.values[nxt] > 0
        and not c.blocks[nxt].bullet
        and not c.blocks[i].text.endswith(")")
    ):
        return KEPT, "subheading", "subheading"
    return None


def _rule_story_short_line(c: Inside, i: int) -> Verdict | None:
    """Rule ``story-short-line``: any other short line with words inside the story is the story's
    (a list entry, a table cell, an answer, a line of verse) rather than a menu's: on pages nobody
    tuned on, more of them are in the story than not. Not a line wholly in brackets: lynx and
    w3m print a picture as its alt text or file name in brackets ("[photo.jpg]")."""
    text = c.blocks[i].text
    if c.feats[i].words and not (text.startswith("[") and text.endswith("]")):
        return KEPT, "story-short-line", None
    return None


def _rule_short_in_story(c: Inside, i: int) -> Verdict | None:
    """Rule ``short-in-story``: what is left (a line without words, a bracketed placeholder)."""
    return "other", "short-in-story", None


#: The rules that decide a block inside the story region, in order: the first verdict stands.
INSIDE_RULES = (
    ("local", _rule_local),
    ("inline-prefix", _rule_inline_prefix),
    ("caption", _rule_caption),
    ("story", _rule_story),
    ("story-list", _rule_bulleted),
    ("subheading", _rule_subheading),
    ("story-short-line", _rule_story_short_line),
    ("short-in-story", _rule_short_in_story),
)


def verdict_inside(c: Inside, i: int) -> Verdict:
    """The verdict on block ``i`` inside the story region: the first of INSIDE_RULES that gives one."""
    for _, rule in INSIDE_RULES:
        verdict = rule(c, i)
        if verdict is not None:
            return verdict
    raise AssertionError("short-in-story decides every block")


def _decide_inside(c: Inside, i: int) -> None:
    """Decide block ``i`` inside the story region by the first of INSIDE_RULES with a verdict."""
    decision, reason, role = verdict_inside(c, i)
    if decision == KEPT:
        c.blocks[i].keep(reason, role=role)
    else:
        c.blocks[i].drop(decision, reason)


def find_byline(text: str) -> str | None:
    """The author part of a byline line, or ``None``."""
    m = _BYLINE.match(text.strip())
    if not m:
        return None
    rest = m.group(1).strip()
    if not rest or len(rest.split()) > 12 or rest.endswith("."):
        return None
    return rest


#: A word with a digit in it (a day, a year, a time): the date's own words.
_NUMERIC_WORD = lazy_compile(r"\w*\d\w*")
#: A date line has at most this many words besides the date's numbers (a sentence: DATE_SENTENCE_WORDS).
DATE_LINE_WORDS = 14
DATE_SENTENCE_WORDS = 8


def is_date_line(b: Block, f: Features) -> str | None:
    """Rule ``date-line``: a short line that is mostly a date. Its numbers (day, year, time, the
    updated time beside it) are the date, not words around it, so they do not count."""
    words = f.words
    if words > DATE_SENTENCE_WORDS:
        words -= len(_NUMERIC_WORD.findall(b.text))
    if words > DATE_LINE_WORDS or f.sentence and words > DATE_SENTENCE_WORDS:
        return None
    return find_date(b.text)


def _label_run(page: Inside, marks: Marks, run: runs.Run, reason: str) -> None:
    """Label the blocks of a run that joins the story (rule ``more-story``) as the story region's
    are; its prose carries the run's reason."""
    inside = Inside(page.blocks, page.feats, page.local, page.values, run.start, run.end)
    for i in range(run.start, run.end):
        b = page.blocks[i]
        if page.local[i] is not None or i in marks.repeated:
            continue
        b.heading = None
        _decide_inside(inside, i)
        if b.kept and b.reason == "story":
            b.reason = reason
