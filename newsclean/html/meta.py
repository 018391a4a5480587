"""Record fields from trafilatura's metadata and the page head.

No hand-written date parsing: dates come from htmldate (through trafilatura),
asked for a full timestamp and shortened to the day when the page gave none.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import List, Optional

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


def page_metadata(tree, url: Optional[str]):
    """``(document, warning)``: trafilatura's metadata of the page (htmldate finds the date), or,
    when that raises on a tree it did not expect, an empty document and a warning naming the
    error: a failure in the metadata must never lose the page's story."""
    from trafilatura.metadata import extract_metadata
    from trafilatura.settings import Document

    try:
        return extract_metadata(tree, url, date_params()), None
    except Exception as err:  # e.g. an AssertionError inside htmldate's cleaning
        return Document(), f"page metadata could not be read ({type(err).__name__}); title, date and authors left out"


def iso_date(value: Optional[str]) -> Optional[str]:
    """``YYYY-MM-DDTHH:MM:SS`` as htmldate gave it, or ``YYYY-MM-DD`` when the time is midnight (none given)."""
    if not value:
        return None
    if value.endswith("T00:00:00"):
        return value[:10]
    return value


def refine_time(date: Optional[str], texts) -> Optional[str]:
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


def split_authors(value: Optional[str]) -> List[str]:
    """trafilatura joins authors with ``"; "``: split, trim, deduplicate."""
    if not value:
        return []
    return list(dict.fromkeys(a.strip() for a in value.split(";") if a.strip()))


_LANG = re.compile(r"^\s*([A-Za-z]{2})(?:$|[-_\s])")


def _lang_code(value: Optional[str]) -> Optional[str]:
    if not value:
        return None
    m = _LANG.match(value)
    return m.group(1).lower() if m else None


def page_language(tree) -> Optional[str]:
    """ISO 639-1 code from ``<html lang>``, ``og:locale`` or a content-language meta, else ``None``."""
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    code = _lang_code(root.get("lang") or root.get("xml:lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang"))
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


def _split_tags(values) -> List[str]:
    out = []
    for v in values or ():
        for part in _TAG_SPLIT.split(v):
            part = " ".join(part.split())
            if part:
                out.append(part)
    return out


def page_tags(tags, categories, blocks) -> List[str]:
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
