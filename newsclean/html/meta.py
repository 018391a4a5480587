"""Record fields from trafilatura's metadata and the page head.

No hand-written date parsing: dates come from htmldate (through trafilatura),
asked for a full timestamp and shortened to the day when the page gave none.
"""

from __future__ import annotations

import json
import re
from datetime import datetime

from ..lexicon.tokens import word_tokens

#: htmldate output format; a time of exactly 00:00:00 means "no time given".
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S"


def date_params() -> dict:
    """htmldate parameters as trafilatura sets them, with a timestamp output format."""
    return {
        "original_date": True,
        "extensive_search": True,
        "max_date": datetime.now().astimezone().strftime("%Y-%m-%d"),
        "outputformat": DATE_FORMAT,
    }


def page_metadata(tree, url: str | None):
    """``(document, warning)``: trafilatura's metadata of the page (htmldate finds the date), or,
    when that raises on a tree it did not expect, an empty document and a warning naming the
    error: a failure in the metadata must never lose the page's story."""
    from trafilatura.metadata import extract_metadata
    from trafilatura.settings import Document

    try:
        return extract_metadata(tree, url, date_params()), None
    except Exception as err:  # e.g. an AssertionError inside htmldate's cleaning
        return Document(), f"page metadata could not be read ({type(err).__name__}); title, date and authors left out"


def iso_date(value: str | None) -> str | None:
    """``YYYY-MM-DDTHH:MM:SS`` as htmldate gave it, or ``YYYY-MM-DD`` when the time is midnight (none given)."""
    if not value:
        return None
    if value.endswith("T00:00:00"):
        return value[:10]
    return value


def refine_time(date: str | None, texts) -> str | None:
    """Rule ``date-time-refine``: htmldate gave a day only; if a short visible line carries that
    day with a time in htmldate's own timestamp pattern ("2025-04-12 03:02:51"), htmldate's
    pattern search on that line supplies the time."""
    if not date or len(date) != 10:
        return date
    try:
        from htmldate.core import TIMESTAMP_PATTERN
        from htmldate.extractors import pattern_search
        from htmldate.utils import Extractor
        from htmldate.validators import get_max_date, get_min_date

        options = Extractor(False, get_max_date(None), get_min_date(None), True, DATE_FORMAT)
    except Exception:  # pragma: no cover - htmldate layout changed
        return date
    for text in texts:
        if date not in text or len(text) > 200:
            continue
        try:
            found = pattern_search(text, TIMESTAMP_PATTERN, options)
        except Exception:  # pragma: no cover
            return date
        if found and found[:10] == date and not found.endswith("T00:00:00"):
            return found[:19]
    return date


def split_authors(value: str | None) -> list[str]:
    """trafilatura joins authors with ``"; "``: split, trim, deduplicate."""
    if not value:
        return []
    return list(dict.fromkeys(a.strip() for a in value.split(";") if a.strip()))


_LANG = re.compile(r"^\s*([A-Za-z]{2})(?:$|[-_\s])")


def _lang_code(value: str | None) -> str | None:
    if not value:
        return None
    m = _LANG.match(value)
    return m.group(1).lower() if m else None


def page_language(tree) -> str | None:
    """ISO 639-1 code from ``<html lang>``, ``og:locale`` or a content-language meta, else ``None``."""
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    code = _lang_code(
        root.get("lang") or root.get("xml:lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    )
    if code:
        return code
    for meta in root.iterfind(".//meta"):
        prop = (meta.get("property") or meta.get("name") or "").lower()
        equiv = (meta.get("http-equiv") or "").lower()
        if prop in ("og:locale", "language", "content-language", "dc.language") or equiv == "content-language":
            code = _lang_code(meta.get("content"))
            if code:
                return code
    return None


_TAG_SPLIT = re.compile(r"[,，;；、]")


def _split_tags(values) -> list[str]:
    out = []
    for v in values or ():
        for part in _TAG_SPLIT.split(v):
            part = " ".join(part.split())
            if part:
                out.append(part)
    return out


def page_tags(tags, categories, blocks) -> list[str]:
    """trafilatura's tags and categories, deduplicated (case-insensitively), in page order.

    Page order is the first visible text block that holds the tag; tags that
    are not visible (from meta keywords) keep their relative order at the end.
    """
    seen, items = set(), []
    for t in _split_tags(tags) + _split_tags(categories):
        key = t.casefold()
        if key not in seen:
            seen.add(key)
            items.append(t)
    if len(items) < 2:
        return items
    texts = [b.text.casefold() for b in blocks if b.chars <= 200]
    big = len(texts) + 1

    def pos(i_t):
        i, t = i_t
        key = t.casefold()
        exact = next((k for k, x in enumerate(texts) if x == key), None)
        if exact is None:
            exact = next((k for k, x in enumerate(texts) if key in x), big)
        return (exact, i)

    return [t for _, t in sorted(enumerate(items), key=pos)]


# --- the page's own structured metadata: JSON-LD, meta tags, <time>, <h1>, rel links ----------

#: schema.org types whose object describes the page's story.
ARTICLE_TYPES = frozenset(
    [
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "techarticle",
        "scholarlyarticle",
        "report",
        "webpage",
        "itempage",
        "medicalwebpage",
        "aboutpage",
        "posting",
        "discussionforumposting",
    ]
)
#: Of those, the ones that describe a whole page rather than its story (used when no story object exists).
_PAGE_TYPES = frozenset(["webpage", "itempage", "medicalwebpage", "aboutpage"])

#: Meta names/properties of a publication date, most trusted first.
PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "article.published",
    "published_time",
    "publish_date",
    "publish-date",
    "publishdate",
    "pubdate",
    "date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dc.date.created",
    "citation_publication_date",
    "citation_date",
    "sailthru.date",
    "parsely-pub-date",
    "cxenseparse:recs:publishtime",
    "article_date_original",
    "og:published_time",
    "originalpublicationdate",
    "datecreated",
)
#: ... and of a modification date.
MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "dc.date.modified",
    "last-modified",
    "lastmod",
    "article:updated_time",
    "og:article:modified_time",
)


class PageFacts:
    """What the page says about itself, read once from the whole tree before any pruning."""

    __slots__ = ("metas", "story", "page", "title_tag", "h1", "times", "rel_author", "rel_tag", "html_lang")

    def __init__(self) -> None:
        self.metas: dict = {}  # lower-case name/property/itemprop -> [content, ...] in page order
        self.story: dict | None = None  # the JSON-LD object of the story (an Article type)
        self.page: dict | None = None  # a JSON-LD WebPage object, when no story object exists
        self.title_tag: str | None = None
        self.h1: list[str] = []
        self.times: list[tuple[str, bool]] = []  # (<time datetime>, marked as the publication date)
        self.rel_author: list[str] = []
        self.rel_tag: list[str] = []
        self.html_lang: str | None = None

    def meta(self, *names: str) -> str | None:
        for n in names:
            for v in self.metas.get(n, ()):
                if v:
                    return v
        return None


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _types(obj: dict) -> list[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return [t.lower().rsplit("/", 1)[-1]]
    if isinstance(t, list):
        return [x.lower().rsplit("/", 1)[-1] for x in t if isinstance(x, str)]
    return []


def _ld_objects(value, depth: int = 0):
    """Every JSON-LD object in ``value``: top level, lists and ``@graph``, ``mainEntity``."""
    if depth > 4:
        return
    if isinstance(value, list):
        for v in value:
            yield from _ld_objects(v, depth + 1)
    elif isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(value.get(key), (list, dict)):
                yield from _ld_objects(value[key], depth + 1)


def _read_meta(facts: PageFacts, el) -> None:
    key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "").strip().lower()
    content = el.get("content")
    if key and content and content.strip():
        facts.metas.setdefault(key, []).append(" ".join(content.split()))


def _read_ld(facts: PageFacts, el, story_types: list) -> None:
    if "ld+json" not in (el.get("type") or "").lower() or not el.text:
        return
    try:
        data = json.loads(el.text.strip().rstrip(";"))
    except ValueError:
        return
    for obj in _ld_objects(data):
        types = _types(obj)
        if any(t in ARTICLE_TYPES and t not in _PAGE_TYPES for t in types):
            # a story object with a headline outranks one without
            story_types.append((0 if obj.get("headline") else 1, obj))
        elif any(t in _PAGE_TYPES for t in types) and facts.page is None:
            facts.page = obj


def _read_time(facts: PageFacts, el) -> None:
    dt = el.get("datetime") or el.get("content")
    if dt:
        marked = (
            "published" in (el.get("itemprop") or "").lower()
            or el.get("pubdate") is not None
            or "publish" in (el.get("class") or "").lower()
        )
        facts.times.append((dt.strip(), marked))


def _read_rel(facts: PageFacts, el) -> None:
    rel = (el.get("rel") or "").lower().split()
    if not rel or el.tag != "a":
        return
    if "author" in rel:
        t = _text(el)
        if t and len(t) <= 80:
            facts.rel_author.append(t)
    elif "tag" in rel:
        t = _text(el)
        if t and len(t) <= 60:
            facts.rel_tag.append(t)


def _read_element(facts: PageFacts, el, story_types: list) -> None:
    tag = el.tag
    if tag == "meta":
        _read_meta(facts, el)
    elif tag == "script":
        _read_ld(facts, el, story_types)
    elif tag == "title":
        if facts.title_tag is None and el.getparent() is not None and el.getparent().tag in ("head", "html"):
            facts.title_tag = _text(el) or None
    elif tag == "h1":
        t = _text(el)
        if t and len(t) <= 300 and len(facts.h1) < 5:
            facts.h1.append(t)
    elif tag == "time":
        _read_time(facts, el)
    else:  # a, link
        _read_rel(facts, el)


def read_page(tree) -> PageFacts:
    """Rule ``page-facts``: JSON-LD, meta tags, ``<title>``, ``<h1>``, ``<time>`` and rel links of the page."""
    facts = PageFacts()
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    facts.html_lang = _lang_code(root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang"))
    story_types: list[tuple[int, dict]] = []
    for el in root.iter("script", "meta", "title", "h1", "time", "a", "link"):
        _read_element(facts, el, story_types)
    if story_types:
        facts.story = min(story_types, key=lambda p: p[0])[1]
    # itemprop values on other elements (microdata): datePublished, headline, author
    for el in root.iterfind(".//*[@itemprop]"):
        prop = el.get("itemprop").strip().lower()
        if prop in ("datepublished", "datemodified") and el.tag != "meta":
            v = el.get("datetime") or el.get("content")
            if v:
                facts.metas.setdefault(prop, []).append(v.strip())
    return facts


# --- dates ----------------------------------------------------------------------------------

_ISO_DT = re.compile(
    r"^\s*(\d{4})-?(\d{2})-?(\d{2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?",
    re.I,
)
_ISO_LOOSE = re.compile(r"^\s*(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
#: RFC 2822 / HTTP dates: "Fri, 12 Apr 2019 10:00:00 +0000".
_RFC = re.compile(
    r"^\s*(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})"
    r"(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(GMT|UTC|Z|[+-]\d{4})?)?"
)
_EN_MON = {
    m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
}
#: Earliest publication year believed.
MIN_YEAR = 1995


def _offset(tz: str | None) -> str:
    if not tz:
        return ""
    tz = tz.upper()
    if tz in ("Z", "GMT", "UTC"):
        return "Z" if tz == "Z" else "+00:00"
    sign, digits = tz[0], tz[1:].replace(":", "")
    if len(digits) == 2:
        digits += "00"
    if len(digits) != 4 or int(digits[:2]) > 14 or int(digits[2:]) >= 60:
        return ""
    return f"{sign}{digits[:2]}:{digits[2:]}"


def _compose(y, mo, d, h=None, mi=None, s=None, tz=None) -> str | None:
    try:
        day = datetime(int(y), int(mo), int(d))
    except (ValueError, TypeError):
        return None
    if not day.year >= MIN_YEAR or day > datetime.now() + _ONE_DAY:
        return None
    out = day.strftime("%Y-%m-%d")
    if h is None or mi is None:
        return out
    h, mi, s = int(h), int(mi), int(s or 0)
    if h > 23 or mi > 59 or s > 59:
        return out
    off = _offset(tz)
    if (h, mi, s) == (0, 0, 0) and not off:
        return out  # midnight without a zone: the page gave a day, not a time
    return f"{out}T{h:02d}:{mi:02d}:{s:02d}{off}"


def parse_date(value) -> str | None:
    """A date from structured metadata as ISO 8601: ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS[±HH:MM|Z]``
    (the offset as the page gave it), else a date written out in words (any language of the month table)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    if isinstance(value, dict):
        value = value.get("@value")
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        return None
    m = _ISO_DT.match(value)
    if m:
        return _compose(*m.groups())
    m = _ISO_LOOSE.match(value)
    if m:
        return _compose(*m.groups())
    m = _RFC.match(value)
    if m and m.group(2).lower() in _EN_MON:
        d, mon, y, h, mi, s, tz = m.groups()
        return _compose(y, _EN_MON[mon.lower()], d, h, mi, s, tz)
    from ..text.dates import find_date  # words: "12 April 2019", "12. dubna 2019"

    return find_date(value)


from datetime import timedelta as _timedelta  # noqa: E402

_ONE_DAY = _timedelta(days=1)


def _ld(obj: dict | None, *keys: str):
    if not obj:
        return None
    for k in keys:
        v = obj.get(k)
        if v:
            return v
    return None


def structured_dates(facts: PageFacts) -> tuple[str | None, str | None]:
    """(published, modified) from JSON-LD, then meta tags, then ``<time>``, in that order of trust."""
    published = parse_date(_ld(facts.story, "datePublished", "dateCreated", "uploadDate")) or parse_date(
        _ld(facts.page, "datePublished")
    )
    if not published:
        for name in PUBLISHED_META:
            published = parse_date(facts.meta(name))
            if published:
                break
    if not published and facts.times:
        marked = [t for t, m in facts.times if m]
        for t in marked or [facts.times[0][0]]:
            published = parse_date(t)
            if published:
                break
    modified = parse_date(_ld(facts.story, "dateModified")) or parse_date(_ld(facts.page, "dateModified"))
    if not modified:
        for name in MODIFIED_META:
            modified = parse_date(facts.meta(name))
            if modified:
                break
    return published, modified


def visible_date(blocks) -> str | None:
    """Rule ``date-visible``: the dateline printed on the page: a block the labels took for a date line,
    else the first short line above the story's end that holds a full date (any language of the
    month table, with its time when printed)."""
    from ..text.dates import find_date

    first_kept = next((i for i, b in enumerate(blocks) if b.kept), len(blocks))
    lines = [b for b in blocks if b.reason == "date-line"] + [
        b for b in blocks[: first_kept + 10] if b.reason != "date-line" and not b.kept
    ]
    for b in lines:
        if len(b.text) <= 120:
            d = find_date(b.text)
            if d:
                return d
    return None


def choose_date(htmldate: str | None, structured: str | None, blocks) -> str | None:
    """Rule ``date-structured``: htmldate's day (it weighs the page's dates against each other) with the
    time and offset of the page's own metadata when both give that day; the metadata's date when htmldate
    finds none; the visible dateline when htmldate only guessed the year (1 January, no time)."""
    if htmldate and structured and structured[:10] == htmldate[:10]:
        return structured if len(structured) > len(htmldate) else htmldate
    if not htmldate:
        return structured or visible_date(blocks)
    if htmldate.endswith("-01-01") and len(htmldate) == 10:
        better = structured or visible_date(blocks)
        if better and better[:4] <= htmldate[:4]:
            return better
    return htmldate


# --- title ------------------------------------------------------------------------------------

#: What separates a title from the site's name in ``<title>`` and og:title.
_TITLE_SEP = re.compile(
    r"\s+[|\-–—·•:»/]{1,2}\s+|\s*[|–—·•»]\s*|\s*[：｜]\s*|\s+::\s+|\s+-(?=\S)|(?<=[^\x00-\x7f])_(?=[^\x00-\x7f])"
)


def _norm(s: str | None) -> str:
    return " ".join(word_tokens((s or "").casefold()))


def _ld_text(value) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    if isinstance(value, str):
        value = " ".join(value.split())
        return value or None
    return None


def _strip_site(title: str | None, sites: list[str]) -> str | None:
    """Rule ``title-site-suffix``: "Headline | Site" and "Site - Headline" lose the site's name (known from
    og:site_name, JSON-LD's publisher or the URL's host); the part left is the headline."""
    if not title:
        return None
    parts = [p for p in _TITLE_SEP.split(title) if p and p.strip()]
    if len(parts) < 2:
        return title
    keep = [p for p in parts if not any(_site_like(p, s) for s in sites)]
    if keep and len(keep) < len(parts):
        joined = _rejoin(title, keep)
        return joined or title
    return title


def _rejoin(title: str, keep: list[str]) -> str | None:
    """The span of ``title`` from the first to the last kept part (separators inside it stay)."""
    first, last = title.find(keep[0]), title.rfind(keep[-1])
    if first < 0 or last < 0:
        return None
    return title[first : last + len(keep[-1])].strip() or None


def _site_like(part: str, site: str) -> bool:
    a, b = _norm(part).replace(" ", ""), _norm(site).replace(" ", "")
    return bool(a) and bool(b) and (a == b or (len(a) >= 3 and (a in b or b in a) and abs(len(a) - len(b)) <= 12))


def _title_end_sites(facts: PageFacts) -> list[str]:
    """An ``<h1>`` that is the last part of ``<title>`` ("Headline_Section_Site" with the site's logo
    in an h1) is the site's name."""
    parts = [p.strip() for p in _TITLE_SEP.split(facts.title_tag or "") if p and p.strip()]
    if len(parts) < 2:
        return []
    last = _norm(parts[-1])
    return [h for h in facts.h1 if _norm(h) == last]


def _title_rest(title_tag: str | None, title: str | None) -> str | None:
    """Rule ``site-from-title``: in "Headline | Site", what ``<title>`` holds beyond the headline, at its end
    or its start, is the site's name."""
    if not title_tag or not title or title == title_tag:
        return None
    pos = title_tag.find(title)
    if pos < 0:
        return None
    after, before = title_tag[pos + len(title) :], title_tag[:pos]
    for rest in (after, before):
        parts = [p.strip() for p in _TITLE_SEP.split(rest) if p and p.strip()]
        if parts and _TITLE_SEP.search(" " + rest + " "):
            site = parts[-1] if rest is after else parts[0]
            if len(site) <= 60 and len(site.split()) <= 6:
                return site
    return None


def _names_site(title: str, sites: list[str]) -> bool:
    """Rule ``site-not-title``: a candidate that is the site's name, or mostly it ("Politico Logo"), is no headline."""
    n = _norm(title).replace(" ", "")
    for s in sites:
        sn = _norm(s).replace(" ", "")
        if len(sn) >= 3 and sn in n and len(n) <= 2 * len(sn) + 6:
            return True
    return False


def choose_title(facts: PageFacts, traf_title: str | None, sites: list[str]) -> str | None:
    """Rule ``title-agreement``: the headline is the candidate most of the page's other title sources agree
    with: JSON-LD ``headline``, og:title, twitter:title, the ``<h1>`` and ``<title>``, each without the site's
    name. Two agree when one's words are the other's or run inside it. No agreement: trafilatura's title."""
    raw = (
        [
            ("ld", _ld_text(_ld(facts.story, "headline", "name"))),
            ("og", facts.meta("og:title")),
            ("tw", facts.meta("twitter:title")),
        ]
        + [("h1", h) for h in facts.h1[:3]]
        + [("title", facts.title_tag), ("traf", traf_title)]
    )
    cands = []
    for src, t in raw:
        if t and len(t) <= 400:
            cands.append(("og" if src == "tw" else src, _strip_site(t, sites), _norm(t)))
    best = None
    for i, (src, t, _) in enumerate(cands):
        n = _norm(t)
        if not t or not n or len(n.split()) > 60 or _names_site(t, sites):
            continue
        sources = {
            s
            for j, (s, _, full) in enumerate(cands)
            if j != i and s != src and s != "traf" and (full == n or f" {n} " in f" {full} ")
        }
        support = len(sources)
        if best is None or support > best[0]:
            best = (support, t)
    if best is not None and best[0] >= 1:
        return best[1]
    if traf_title and not _names_site(traf_title, sites):
        return _strip_site(traf_title, sites)
    return next((t for _, t, _ in cands if t and not _names_site(t, sites)), None)


# --- authors ----------------------------------------------------------------------------------

from ..text.meta import clean_names  # noqa: E402  (rule ``author-clean``, shared with the text path)


def _ld_names(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        n = value.get("name")
        if isinstance(n, str) and not str(value.get("@type", "")).lower().endswith("organization"):
            return [n]
        return []
    if isinstance(value, list):
        out: list[str] = []
        for v in value:
            out.extend(_ld_names(v))
        return out
    return []


def choose_authors(facts: PageFacts, traf_authors: list[str], blocks=()) -> list[str]:
    """JSON-LD ``author`` (people, not organisations), then rel=author links, then meta author tags, then
    trafilatura's byline, then (rule ``byline-visible``) a byline printed above the story as the text path
    reads it ("By" and the name, on one line or two); each cleaned by rule ``author-clean``."""
    for values in (
        _ld_names(_ld(facts.story, "author", "creator")),
        facts.rel_author,
        [
            v
            for n in ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl")
            for v in facts.metas.get(n, ())
        ],
        traf_authors,
    ):
        names = [n for n in clean_names(values) if not n.lower().startswith(("http", "www"))]
        if names:
            return names
    return _visible_byline(blocks)


#: How many blocks above the story's first kept block a visible byline is looked for.
BYLINE_REACH = 30


def _visible_byline(blocks) -> list[str]:
    from ..text.meta import bare_by, byline_names

    first_kept = next((i for i, b in enumerate(blocks) if b.kept), None)
    if first_kept is None:
        return []
    for i in range(max(0, first_kept - BYLINE_REACH), min(len(blocks), first_kept + 3)):
        text = blocks[i].text
        if len(text) > 120 or any(ch in text for ch in "。，！？"):
            continue  # a sentence ("本报记者从市园林局获悉，…"), not a byline
        names = byline_names(text)
        if not names and bare_by(text) and i + 1 < len(blocks) and len(blocks[i + 1].text.split()) <= 5:
            names = clean_names([blocks[i + 1].text])
        if names:
            return names
    return []


# --- tags, description, image -----------------------------------------------------------------


def choose_tags(facts: PageFacts, traf_tags: list[str], block_tags: list[str]) -> list[str]:
    """Tags from the removed ``tags`` block, article:tag, JSON-LD ``keywords`` and rel=tag links, then
    trafilatura's; deduplicated case-insensitively. A counter line is never a tag (rule ``counter-not-tag``)."""
    from ..text.classify import is_tag_counter

    kw = _ld(facts.story, "keywords")
    ld_tags = _split_tags(kw if isinstance(kw, list) else [kw]) if isinstance(kw, (str, list)) else []
    ld_tags = [t for t in ld_tags if isinstance(t, str)]
    others = [t for g in (facts.metas.get("article:tag", []), ld_tags, facts.rel_tag, traf_tags) for t in g]
    known = {_norm(t) for t in others}
    # "In: basil herbs gardening": an HTML tag list's links joined in one block, when the tags are known singly
    block_tags = [t for t in block_tags if not (len(_norm(t).split()) > 1 and _joined(_norm(t), known))]
    out, seen = [], set()
    for group in (block_tags, facts.metas.get("article:tag", []), ld_tags, facts.rel_tag, traf_tags):
        for t in group:
            t = " ".join(str(t).split()).strip("#").strip()
            key = t.casefold()
            if not t or len(t) > 60 or key in seen or is_tag_counter(t):
                continue
            seen.add(key)
            out.append(t)
    return out


def _joined(text: str, known: set) -> bool:
    """Whether ``text`` (normalised) is two or more of the ``known`` tags one after another."""
    words = text.split()
    n = len(words)
    reach = [False] * (n + 1)
    reach[0] = True
    count = [0] * (n + 1)
    for i in range(n):
        if not reach[i]:
            continue
        for j in range(i + 1, n + 1):
            if " ".join(words[i:j]) in known:
                reach[j] = True
                count[j] = max(count[j], count[i] + 1)
    return reach[n] and count[n] >= 2


def choose_description(facts: PageFacts) -> str | None:
    v = _ld_text(_ld(facts.story, "description")) or facts.meta("og:description", "description", "twitter:description")
    return v[:1000] if v else None


def choose_image(facts: PageFacts, url: str | None) -> str | None:
    img = _ld(facts.story, "image", "thumbnailUrl")
    if isinstance(img, list):
        img = img[0] if img else None
    if isinstance(img, dict):
        img = img.get("url") or img.get("contentUrl")
    if not isinstance(img, str) or not img.strip():
        img = facts.meta("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
    if not img:
        return None
    img = img.strip()
    if url and not img.startswith(("http://", "https://", "data:")):
        from urllib.parse import urljoin

        img = urljoin(url, img)
    return img if img.startswith(("http://", "https://")) else None


# --- all of it --------------------------------------------------------------------------------


def _host_name(url: str | None) -> str | None:
    if not url:
        return None
    from urllib.parse import urlsplit

    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    parts = [p for p in host.split(".") if p not in ("www", "m", "amp")]
    return parts[-2] if len(parts) >= 2 else (parts[0] if parts else None)


#: Languages whose stopwords overlap so much that the text alone may take one for the other.
_CLOSE = {
    code: group
    for group, codes in {
        "ibero": "pt gl es ca oc an ast",
        "scand": "da nb nn no sv",
        "bcms": "bs hr sr sh me sl",
        "eslav": "ru uk be bg mk",
        "wslav": "cs sk pl",
        "germ": "de lb nl af fy",
        "malay": "ms id",
        "roman": "ro mo",
        "baltic": "lt lv",
    }.items()
    for code in codes.split()
}


def finish(article, facts: PageFacts, url: str | None) -> None:
    """Rules ``title-agreement``, ``date-structured``, ``author-clean``, tags, description, image and
    ``lang-text`` on an HTML page's record, once its story and labels are known."""
    from ..lexicon.language import detect_language
    from ..text.meta import tags_from

    pub = _ld(facts.story, "publisher")
    traf_site = article.site_name
    if traf_site and (_norm(traf_site) in (_norm(article.title), _norm(facts.title_tag)) or len(traf_site.split()) > 8):
        traf_site = None  # trafilatura fell back to the page's title for the site's name
    sites = [
        s
        for s in (
            facts.meta("og:site_name", "application-name", "twitter:site"),
            pub.get("name") if isinstance(pub, dict) else None,
            traf_site,
            _host_name(article.url or url),
        )
        if isinstance(s, str) and s
    ]
    sites = [s.lstrip("@") for s in sites] + _title_end_sites(facts)
    article.title = choose_title(facts, article.title, sites)
    named = [
        s
        for s in (
            facts.meta("og:site_name", "application-name"),
            pub.get("name") if isinstance(pub, dict) else None,
            traf_site,
        )
        if isinstance(s, str) and s
    ]
    article.site_name = named[0] if named else _title_rest(facts.title_tag, article.title)
    published, modified = structured_dates(facts)
    article.date = choose_date(article.date, published, article.blocks)
    article.date_modified = modified if modified and modified != article.date else None
    article.authors = choose_authors(facts, article.authors, article.blocks)
    article.tags = choose_tags(facts, article.tags, tags_from(article.blocks))
    article.description = choose_description(facts)
    article.image = choose_image(facts, article.url or url)
    # Rule ``lang-text``: the language of the story's text; <html lang> only when the text does not tell.
    text_lang = detect_language(" ".join(article.paragraphs)[:3000]) if article.paragraphs else None
    declared = article.language
    if text_lang and declared and text_lang != declared and _CLOSE.get(text_lang) == _CLOSE.get(declared, ""):
        text_lang = declared  # stopwords cannot tell Galician from Portuguese: the page can
    article.language = text_lang or declared
