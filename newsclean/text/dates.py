"""Find a publication date in a short line of a text dump.

The text path must stay light (no dateparser), so this reads the shapes news
pages print: ISO and numeric dates, dates with month names in every language
of CLDR's table (``newsclean/data/months.json``, built by ``bench/make_months.py``
from babel and read on first use), CJK ``2025年4月12日`` and Korean ``2025년 4월 12일``,
Vietnamese ``12 tháng 4, 2025``. A time is kept when the line
gives one. Returns ISO 8601: ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM[:SS]``.
"""

from __future__ import annotations

import os
import re

from ..lazy_re import lazy_compile
from .caches import per_line

#: Month name (case-folded, no final dot) -> month number, for every language CLDR knows: built by
#: ``bench/make_months.py`` from babel into package data, read on the first date with a month name.
_MONTHS: dict[str, int] = {}
_MONTHS_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "months.json")


def month_number(name: str) -> int | None:
    """The month a name gives ("April", "dubna", "Απριλίου", "квітня", "április", "أبريل"), or ``None``."""
    if not _MONTHS:
        _load_months()
    return _MONTHS.get(name.casefold().rstrip("."))


def _load_months() -> None:
    import json  # here, not at import: the text path's start-up

    try:
        with open(_MONTHS_FILE, encoding="utf-8") as fh:
            _MONTHS.update(json.load(fh))
    except (OSError, ValueError):  # pragma: no cover - a broken install: numeric dates still read
        _MONTHS["\0"] = 0


# Any word stands where a month name may; the word is then looked up in
# _MONTHS (a long alternation of names is slow to compile and to match).
_MONTH_RE = r"[^\W\d_]{3,15}"
_TIME = r"(?:[T\s,]+(?:at\s+|um\s+|à\s+|a las\s+|às\s+|alle\s+|om\s+|o\s+|в\s+|о\s+|v\s+|kl\.?\s+|klo\s+)?(\d{1,2})[:h.](\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?"

_YEAR_DIGITS = re.compile(r"\d{4}")
_ISO = lazy_compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)" + _TIME, re.I)
_DMY = lazy_compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)" + _TIME, re.I)
_MDY_NAME = lazy_compile(r"\b(" + _MONTH_RE + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)" + _TIME, re.I)
_DMY_NAME = lazy_compile(
    r"(?<!\d)(\d{1,2})(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?(" + _MONTH_RE + r")\.?,?\s+(?:de\s+)?(\d{4})(?!\d)" + _TIME,
    re.I,
)
_CJK = lazy_compile(
    r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]"
    r"(?:\D{0,6}?(오전|오후|上午|下午|午前|午後)?\s*(\d{1,2})[:时時시](\d{2}))?"
)
_CJK_PM = frozenset(("오후", "下午", "午後"))
#: Year first with a month name: Hungarian "2025. április 12." (and Lithuanian, Basque ...).
_YMD_NAME = lazy_compile(r"(?<!\d)(\d{4})\.?\s+(" + _MONTH_RE + r")\.?\s+(\d{1,2})\.?(?!\d)" + _TIME, re.I)
#: Vietnamese: "12 tháng 4, 2025", "ngày 12 tháng 4 năm 2025".
_VI = lazy_compile(r"(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2}),?\s+(?:năm\s+)?(\d{4})(?!\d)" + _TIME, re.I)


#: Days of each month in a common year. (Checked here rather than by ``datetime.date``:
#: importing ``datetime`` costs the command line's start-up about 2 ms.)
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(y: int, mo: int) -> int:
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    return _MONTH_DAYS[mo - 1] + (mo == 2 and leap)


def _iso(y, mo, d, h=None, mi=None, s=None, ampm=None) -> str | None:
    y, mo, d = int(y), int(mo), int(d)
    if not 1990 <= y <= 2100:
        return None
    if not 1 <= mo <= 12 or not 1 <= d <= _days_in_month(y, mo):  # a real calendar day: no 31 February
        return None
    out = f"{y:04d}-{mo:02d}-{d:02d}"
    if h is not None and mi is not None:
        h, mi = int(h), int(mi)
        if ampm:
            pm = ampm.lower().startswith("p")
            h = (h % 12) + (12 if pm else 0)
        if h < 24 and mi < 60:
            out += f"T{h:02d}:{mi:02d}"
            if s is not None and int(s) < 60:
                out += f":{int(s):02d}"
    return out


@per_line(50_000)  # lines repeat across a site's pages: remember per distinct line
def find_date(line: str) -> str | None:
    """The first date in ``line`` as ISO 8601, or ``None``."""
    if _YEAR_DIGITS.search(line) is None:  # every form below has a four-digit year
        return None
    m = _ISO.search(line)
    if m:
        return _iso(*m.groups())
    m = _CJK.search(line)
    if m:
        y, mo, d, half, h, mi = m.groups()
        return _iso(y, mo, d, h, mi, None, ("pm" if half in _CJK_PM else "am") if half else None)
    for m in _MDY_NAME.finditer(line):
        mon, d, y, *t = m.groups()
        mo = month_number(mon)
        if mo:
            return _iso(y, mo, d, *t)
    for m in _DMY_NAME.finditer(line):
        d, mon, y, *t = m.groups()
        mo = month_number(mon)
        if mo:
            return _iso(y, mo, d, *t)
    for m in _YMD_NAME.finditer(line):
        y, mon, d, *t = m.groups()
        mo = month_number(mon)
        if mo:
            return _iso(y, mo, d, *t)
    m = _VI.search(line)
    if m:
        d, mo, y, *t = m.groups()
        return _iso(y, mo, d, *t)
    m = _DMY.search(line)
    if m:
        a, b, y, *t = m.groups()
        a, b = int(a), int(b)
        # Day first (most of the world) unless that is impossible.
        d, mo = (a, b) if b <= 12 else (b, a)
        return _iso(y, mo, d, *t)
    return None
