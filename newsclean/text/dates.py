"""Find a publication date in a short line of a text dump.

The text path must stay light (no dateparser), so this reads the shapes news
pages print: ISO and numeric dates, dates with month names in the main
European languages, and CJK ``2025年4月12日``. A time is kept when the line
gives one. Returns ISO 8601: ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM[:SS]``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, Optional

from ..lazy_re import lazy_compile

_MONTHS: Dict[str, int] = {}
for _i, _names in enumerate(
    (
        "january jan januar janvier enero gennaio janeiro januari janeiro stycznia января ocak",
        "february feb februar février fevrier febrero febbraio fevereiro februari lutego февраля şubat",
        "march mar märz maerz mars marzo março maart marca марта mart",
        "april apr avril abril aprile kwietnia апреля nisan",
        "may mai mayo maggio maio mei maja мая mayıs",
        "june jun juni juin junio giugno junho czerwca июня haziran",
        "july jul juli juillet julio luglio julho lipca июля temmuz",
        "august aug août aout agosto augustus sierpnia августа ağustos",
        "september sep sept septembre septiembre settembre setembro września сентября eylül",
        "october oct oktober octobre octubre ottobre outubro października октября ekim",
        "november nov novembre noviembre novembro listopada ноября kasım",
        "december dec dezember décembre decembre diciembre dicembre dezembro grudnia декабря aralık",
    ),
    1,
):
    for _n in _names.split():
        _MONTHS.setdefault(_n, _i)

# Any word stands where a month name may; the word is then looked up in
# _MONTHS (a long alternation of names is slow to compile and to match).
_MONTH_RE = r"[^\W\d_]{3,12}"
_TIME = r"(?:[T\s,]+(?:at\s+|um\s+|à\s+|a las\s+)?(\d{1,2})[:h.](\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?"

_YEAR_DIGITS = re.compile(r"\d{4}")
_ISO = lazy_compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)" + _TIME, re.I)
_DMY = lazy_compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)" + _TIME, re.I)
_MDY_NAME = lazy_compile(r"\b(" + _MONTH_RE + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)" + _TIME, re.I)
_DMY_NAME = lazy_compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?(" + _MONTH_RE + r")\.?,?\s+(?:de\s+)?(\d{4})(?!\d)" + _TIME, re.I)
_CJK = lazy_compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\D{0,4}?(\d{1,2})[:时時](\d{2}))?")


#: Days of each month in a common year. (Checked here rather than by ``datetime.date``:
#: importing ``datetime`` costs the command line's start-up about 2 ms.)
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(y: int, mo: int) -> int:
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    return _MONTH_DAYS[mo - 1] + (mo == 2 and leap)


def _iso(y, mo, d, h=None, mi=None, s=None, ampm=None) -> Optional[str]:
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


@lru_cache(maxsize=50_000)  # lines repeat across a site's pages: remember per distinct line
def find_date(line: str) -> Optional[str]:
    """The first date in ``line`` as ISO 8601, or ``None``."""
    if _YEAR_DIGITS.search(line) is None:  # every form below has a four-digit year
        return None
    m = _ISO.search(line)
    if m:
        return _iso(*m.groups())
    m = _CJK.search(line)
    if m:
        return _iso(*m.groups())
    for m in _MDY_NAME.finditer(line):
        mon, d, y, *t = m.groups()
        if mon.lower() in _MONTHS:
            return _iso(y, _MONTHS[mon.lower()], d, *t)
    for m in _DMY_NAME.finditer(line):
        d, mon, y, *t = m.groups()
        if mon.lower() in _MONTHS:
            return _iso(y, _MONTHS[mon.lower()], d, *t)
    m = _DMY.search(line)
    if m:
        a, b, y, *t = m.groups()
        a, b = int(a), int(b)
        # Day first (most of the world) unless that is impossible.
        d, mo = (a, b) if b <= 12 else (b, a)
        return _iso(y, mo, d, *t)
    return None
