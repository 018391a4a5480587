"""Title, site name, date, authors and tags read from a text dump."""

from __future__ import annotations

import re

from .. import lexicon
from ..lazy_re import lazy_compile
from ..lexicon import CJK_CHARS, has_cjk, word_tokens
from ..model import Block
from .caches import per_line
from .classify import CREDIT, find_byline, is_date_line
from .features import Features

# Separators between a page title and the site's name: "Title | Site", "Title - Site".
_SITE_SEP = lazy_compile(r"\s+[|\-–—·•:»]+\s*|\s*[|–—·•»]+\s+|\s+-(?=\S)")
_TAG_SPLIT = lazy_compile(r"\s*[,;|·•，、；]\s*|\s+/\s+")
_TAG_PREFIX = lazy_compile(r"^([^:：]{1,25})[:：]\s*(.+)$")
_NAME_SPLIT = lazy_compile(r"\s*(?:,|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bи\b|、|;)\s*")


def _tokens(s: str) -> list[str]:
    """Words, and each character of scripts written without spaces (CJK)."""
    if s.isascii():  # the common case: casefold is lower, and no CJK
        return word_tokens(s.lower())
    toks = [t.casefold() for t in word_tokens(s)]
    if has_cjk(s):
        toks = [t for t in toks if not CJK_CHARS.search(t)] + CJK_CHARS.findall(s)
    return toks


@per_line(50_000)  # find_title compares every headline-shaped line: remember per line
def _token_set(s: str) -> frozenset[str]:
    return frozenset(_tokens(s))


#: A gallery's counter: "Image 1 of 8", "Photos 3 / 12", "Bild 2 von 5" (lynx: "Image 1 of / 8").
_GALLERY_COUNTER = lazy_compile(
    r"^(?:images?|photos?|pictures?|slides?|bild(?:er)?|fotos?|imagen(?:es)?|diapositivas?)\s+\d+\s*"
    r"(?:of|/|von|de|sur|di)[\s/]*\d+$",
    re.I,
)
#: One bracketed item: what lynx and w3m print for an image or a widget ("[logo.png]").
_BRACKETED = re.compile(r"\[[^\[\]]*\]")


def _placeholder(text: str) -> bool:
    """Rule ``placeholder-not-title``: a line wholly in brackets ("[info.png]", "[INS::INS]") is
    where lynx and w3m left an image or a widget, "Image 1 of 8" is a gallery's counter and
    "Photo: Jane Doe, AP" a picture's credit: never a headline or a page title."""
    if text[:1] == "[":
        return _BRACKETED.fullmatch(text) is not None
    # Cheap tests first: this runs on every headline-shaped line.
    return (
        len(text) <= 80
        and text[:1].lower() in _PLACEHOLDER_INITIALS
        and (_GALLERY_COUNTER.match(text) is not None or CREDIT.match(text) is not None)
    )


#: First letters of the gallery counters' and the credits' first words.
_PLACEHOLDER_INITIALS = frozenset("ipfbcsqdфи图写사")


def _headline_like(f: Features) -> bool:
    """Rule ``domain-not-title``, besides: two or three words with a web address ("Snopes.com",
    "www.example.org Home") are the site's name, a headline has more to say."""
    return (
        2 <= f.words <= 40
        and not (f.sentence and f.words > 25)
        and not _placeholder(f.text)
        and not (f.words <= 3 and f.urlish)
    )


#: A page title is printed once or twice more (the headline, a breadcrumb's last crumb); a first
#: line printed more often than this is boilerplate ("Link: dns-prefetch" from elinks, a menu word).
TITLE_COPIES = 3


def _boilerplate_first(blocks: list[Block]) -> bool:
    """Rule ``boilerplate-not-title``: the first line repeated more than TITLE_COPIES times on the
    page is no page title, so the headline is not looked for as its repeat."""
    first = blocks[0].text
    return sum(1 for b in blocks if b.text == first) > TITLE_COPIES + 1


def find_title(blocks: list[Block], feats: list[Features]) -> tuple[int | None, str | None, str | None]:
    """(index of the headline block, title, site name), or Nones.

    Rule ``title-repeated``: the page title usually appears twice — in the
    first line (the document title, often with the site's name around it)
    and again as the headline above the story. The first later line that the
    first line contains, or shares most of its words with, is the title; what
    the first line has beyond it, after a separator, is the site name.
    """
    if not blocks:
        return None, None, None
    first = blocks[0].text
    if _placeholder(first) or _boilerplate_first(blocks):
        return None, None, None
    first_toks = _token_set(first)
    too_few = 0.4 * len(first_toks)
    best: tuple[float, int] | None = None
    for i in range(1, len(blocks)):
        b, f = blocks[i], feats[i]
        # The cheapest test first (all three are pure, so their order changes nothing): too short
        # whatever its words, as without CJK a line has no more distinct tokens than words.
        if b.bullet or f.words < too_few and not has_cjk(b.text) or not _headline_like(f):
            continue
        toks = _token_set(b.text)
        # Long enough to be the headline rather than a word of it.
        if len(toks) < 2 or len(toks) < 0.4 * len(first_toks):
            continue
        shared = len(toks & first_toks)  # toks is a set: the count of its tokens in first_toks
        if b.text in first or shared >= 0.8 * len(toks) and len(toks) >= 0.5 * len(first_toks):
            # The closest match wins: the blog's name or "34 responses to
            # <headline>" lose to the headline itself.
            score = shared / len(toks | first_toks)
            if best is None or score > best[0]:
                best = (score, i)
    if best is not None:
        i = best[1]
        return i, blocks[i].text, _site_from_first(first, blocks[i].text)
    return None, None, None


#: How far above the story a headline is looked for when it is not repeated.
TITLE_REACH = 6

#: Words that name a page's reading controls (buttons to resize, print, save or read it aloud) ...
_CONTROL_NAMES = frozenset(
    [
        "text",
        "font",
        "size",
        "zoom",
        "print",
        "save",
        "bookmark",
        "share",
        "listen",
        "read",
        "aloud",
        "play",
        "audio",
        "dark",
        "night",
        "mode",
        "reader",
        "reading",
        "translate",
        "email",
        "e-mail",
        "copy",
    ]
)
#: ... and the words that go with them ("Save for later", "Print this page").
_CONTROL_FILLER = frozenset(
    ["later", "this", "page", "article", "story", "to", "for", "a", "the", "it", "view", "light", "link", "on", "off"]
)
#: The letter buttons of a text-size control: "A- A+", "A A A", "T+".
_SIZE_BUTTON = lazy_compile(r"[AaTt][+\-−]?")


def _control_line(text: str) -> bool:
    """Rule ``control-not-title``: a line of a page's reading controls ("Text size A- A+", "Read
    aloud", "Save for later", "Font size: A A A") is never the headline: every word of it is a
    control's name, a word that goes with one or a letter button, and it names a control."""
    words = text.split()
    if not 1 <= len(words) <= 6:
        return False
    named = False
    for w in words:
        if _SIZE_BUTTON.fullmatch(w):
            continue
        low = w.strip(":|·•").lower()
        if low in _CONTROL_NAMES:
            named = True
        elif low not in _CONTROL_FILLER:
            return False
    return named


def fallback_title(
    blocks: list[Block], feats: list[Features], start: int, end: int
) -> tuple[int | None, str | None, str | None]:
    """Rule ``title-first-line``: a first line with a site separator
    ("Headline | Site") gives both. Rule ``title-above-story``: otherwise the
    nearest headline-shaped line above the story that no rule claimed."""
    if not blocks:
        return None, None, None
    first = blocks[0].text
    parts = [p.strip() for p in _SITE_SEP.split(first) if p.strip()]
    if len(parts) >= 2 and blocks[0].decision != "navigation":
        title = max(parts, key=len)
        site = parts[-1] if parts[-1] != title else parts[0]
        site = _clean_site(site)
        if site and lexicon.heading_kind(site):
            site = None  # "Home", "Search": a menu word, not a site name
        return 0, title, site
    if start < end:
        for i in range(start - 1, max(-1, start - 1 - TITLE_REACH), -1):
            b, f = blocks[i], feats[i]
            if (
                b.reason in ("before-story", "menu-item")
                and not b.bullet
                and f.words >= 3
                and _headline_like(f)
                and not _control_line(b.text)
            ):
                return i, b.text, None
    if (
        _headline_like(feats[0])
        and blocks[0].reason in ("before-story", "menu-item", "after-story")
        and not _control_line(first)
    ):
        return 0, first, None
    return None, None, None


def _clean_site(s: str) -> str | None:
    s = s.strip(" -|–—·•:»")
    if not s or len(s) > 60 or len(s.split()) > 6:
        return None
    return s


def _site_from_first(first: str, title: str) -> str | None:
    pos = first.find(title)
    if pos >= 0:
        after = first[pos + len(title) :]
        site = _clean_site(after)
        if site:
            return site
        before = first[:pos]
        parts = [p for p in _SITE_SEP.split(before) if p.strip()]
        if parts and _SITE_SEP.search(before.rstrip() + " "):
            return _clean_site(parts[0])
        return None
    parts = [p for p in _SITE_SEP.split(first) if p.strip()]
    if len(parts) >= 2:
        tt = set(_tokens(title))
        rest = [p for p in parts if not set(_tokens(p)) & tt]
        if rest:
            return _clean_site(rest[-1])
    return None


#: How many blocks above the story's first line, and how many into it, the dateline and the byline are
#: looked for. A page prints them near the headline, but a dump may hold a standfirst, a picture and its
#: caption, share buttons and a menu between them and the story (measured on the look halves of the
#: readability, postlight and htmldate corpora: 12/4 found the date on 0.575 of the pages, 30/8 on 0.656,
#: and the author on 0.275 and 0.297).
DATELINE_ABOVE = 30
DATELINE_BELOW = 8
#: Without a dateline near the top, how many blocks after the story's last line are looked at: some
#: pages print "Published ..." or "Stand: ..." at the story's end.
DATELINE_AFTER = 3


def find_date_and_authors(blocks: list[Block], feats: list[Features], start: int, end: int):
    """(date, [(index, iso)], authors, [byline indexes]) from lines around the story's top.

    Rule ``date-line`` and rule ``byline``: looked for between a few lines
    above the story and its first lines, where pages print them.
    """
    date = None
    date_idx: list[int] = []
    authors: list[str] = []
    by_idx: list[int] = []
    lo = max(0, start - DATELINE_ABOVE)
    hi = min(len(blocks), start + DATELINE_BELOW, max(end, start))
    for i in range(lo, hi):
        b, f = blocks[i], feats[i]
        if f.words > 20:
            continue
        d = is_date_line(b, f)
        if d:
            if date is None:
                date = d
            date_idx.append(i)
            # "By Jane Roe | March 14, 2025", "By Jane Roe March 14, 2025": the byline before the date
            head = _BY_DATE_SEP.split(b.text, 1)[0]
            names = _byline_names(head)
            authors.extend(n for n in names if n not in authors)
            continue
        names = _byline_names(b.text)
        if not names and i + 1 < len(blocks) and _BARE_BY.match(b.text) and feats[i + 1].words <= 5:
            names = clean_names([blocks[i + 1].text])  # "By" on a line of its own, the name below it
        if names:
            authors.extend(n for n in names if n not in authors)
            by_idx.append(i)
    if date is None:
        for i in range(max(hi, end), min(len(blocks), end + DATELINE_AFTER)):
            d = is_date_line(blocks[i], feats[i]) if feats[i].words <= 20 else None
            if d:
                date = d
                date_idx.append(i)
                break
    return date, date_idx, authors, by_idx


def bare_by(text: str) -> bool:
    """Whether the line is "By" (or its translation) alone: the name follows on the next line."""
    return _BARE_BY.match(text) is not None


def byline_names(text: str) -> list[str]:
    """The names of a byline line, before a date if one follows ("By Jane Roe | March 14, 2025")."""
    return _byline_names(_BY_DATE_SEP.split(text, 1)[0])


#: "By" alone on its line (the name is a link on the next).
_BARE_BY = lazy_compile(r"^\W*(?:by|von|par|por|door|av|af|di)\W*$", re.I)
#: What separates a byline from a date printed after it on one line.
_BY_DATE_SEP = lazy_compile(r"\s+[|·•–—]\s+|\s+-\s+")


def _byline_names(text: str) -> list[str]:
    """The author names of a byline line ("By Jane Roe and Max Muster"), or none; cleaned by rule
    ``author-clean`` (no roles, dates or controls after a name)."""
    by = find_byline(text)
    if not by:
        return []
    names = [n.strip() for n in _NAME_SPLIT.split(by) if n.strip()]
    names = [n for n in names if 1 <= len(n.split()) <= 5 and not n[:1].islower()]
    return clean_names(names) if names else []


def tags_from(blocks: list[Block]) -> list[str]:
    """Tags in page order: entries under a tags heading, or "Tags: a, b" lines."""
    out: list[str] = []
    for b in blocks:
        if b.decision != "tags":
            continue
        m = _TAG_PREFIX.match(b.text)
        if m and lexicon.heading_kind(m.group(1)) == "tags":
            items = _TAG_SPLIT.split(m.group(2))  # "Tags: a, b, c"
        elif b.is_heading:
            items = []
        else:
            items = [b.text] if b.bullet else _TAG_SPLIT.split(b.text)
        for t in items:
            t = t.strip().strip("#").strip()
            if t and len(t) <= 60 and t not in out:
                out.append(t)
    return out


# --- author names, cleaned (shared with the HTML path) ---------------------------------------

#: Words that end a name in a byline: reading and sharing controls, "Updated", "ago", a web address.
_NAME_END = frozenset(
    [
        "updated",
        "published",
        "posted",
        "last",
        "modified",
        "view",
        "see",
        "get",
        "follow",
        "email",
        "link",
        "copied",
        "read",
        "more",
        "share",
        "photo",
        "photos",
        "video",
        "min",
        "mins",
        "minutes",
        "hours",
        "ago",
        "am",
        "pm",
        "on",
        "at",
        "rss",
        "feed",
        "bio",
        "archive",
        "profile",
        "twitter",
        "facebook",
        "com",
        "net",
        "org",
        "lesedauer",
        "lesezeit",
        "aktualisiert",
        "před",
        "aktualizováno",
        "mis",
        "publié",
        "actualizado",
    ]
)
#: Month names end a name only where a date follows or nothing does ("Laura June Topolsky July 10").
_MONTH_WORDS = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
#: Roles printed with a name: dropped ("Jane Roe, Staff Writer" -> "Jane Roe").
_ROLES = frozenset(
    [
        "staff",
        "writer",
        "writers",
        "reporter",
        "reporters",
        "editor",
        "editors",
        "correspondent",
        "correspondents",
        "contributor",
        "contributors",
        "columnist",
        "columnists",
        "senior",
        "chief",
        "associate",
        "deputy",
        "managing",
        "contributing",
        "special",
        "political",
        "business",
        "sports",
        "science",
        "health",
        "editorial",
        "desk",
        "news",
        "producer",
        "photographer",
        "journalist",
        "redakteur",
        "redakteurin",
        "redaktion",
        "autor",
        "autorin",
        "rédacteur",
        "rédactrice",
        "journaliste",
        "periodista",
        "redactor",
        "corresponsal",
    ]
)
_BY = lazy_compile(r"^(?:by|von|par|por|di|door|av|af|от|written by|posted by|reporting by|words by)\s*[:\-]?\s+", re.I)
_NAME_SEP2 = lazy_compile(r"\s*(?:;|,|&|\band\b|\bund\b|\bet\b|\by\b|\bi\b|\be\b|\bmit\b|、|，|/|\|)\s*", re.I)


def clean_names(values) -> list[str]:
    """Rule ``author-clean``: names split at "and", ",", "&"; no "By", no roles, no dates, no controls."""
    out: list[str] = []
    for value in values:
        if not isinstance(value, str):
            continue
        value = _BY.sub("", " ".join(value.split()))
        for part in _NAME_SEP2.split(value):
            name = _clean_name(part)
            if name and name.casefold() not in (n.casefold() for n in out):
                out.append(name)
    return out


def _clean_name(part: str) -> str | None:
    part = _BY.sub("", part.strip(" .:-–—|·•"))
    if not part or "@" in part or "://" in part or part.lower().startswith("www."):
        return None
    words = []
    tokens = part.split()
    for k, w in enumerate(tokens):
        low = w.strip(".,:()").lower()
        if low in _NAME_END or any(c.isdigit() for c in w):
            break
        if low in _MONTH_WORDS and (k + 1 == len(tokens) or any(c.isdigit() for c in tokens[k + 1])):
            break
        words.append(w)
    while words and words[-1].strip(".,").lower() in _ROLES:
        words.pop()
    if words and words[0].strip(".,").lower() in _ROLES:
        return None  # "Senior Staff Technologist" after a comma: the role, not a second name
    # "Meg Wagner NEW YORK DAILY NEWS": an all-capitals run after a name in mixed case is its outlet
    mixed = [i for i, w in enumerate(words) if not w.isupper() and w[:1].isupper()]
    if mixed and len(words) - (mixed[-1] + 1) >= 2:
        words = words[: mixed[-1] + 1]
    name = " ".join(words).strip(" .,:-")
    if not name or len(name) > 60 or len(words) > 6 or name.lower() in _ROLES:
        return None
    if len(words) == 1 and (
        name.islower() or "-" in name and name.lower() == name or "." in name or name.isupper() and len(name) <= 4
    ):
        return None  # "by", "jeffrey-gettleman", "medium.com"; "MA", "TNN": a slug, a domain, a credential
    if not any(ch.isalpha() for ch in name):
        return None
    return name
