"""Build newsclean/data/months.json: month names of every language babel (CLDR) knows -> month number.

    python bench/make_months.py

The text path reads dates in many languages but must import only the standard library, so the names
are taken from CLDR through babel once, here, and stored as package data that newsclean/text/dates.py
reads on first use. Every regional locale counts for its language ("Sept" from en_GB). Kept: the wide and abbreviated names, in their format (genitive: "dubna",
"Απριλίου", "квітня") and stand-alone forms, case-folded, without a final dot, written as one word
of letters, also without accents ("fevrier") (names with digits, such as "tháng 4" or "4월", are read by the numeric patterns instead).
A name two languages give different months ("listopad": November in Czech and Polish, October in
Croatian) goes to the first of PRIORITY that has it, else to the month most languages give it;
ties are left out.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from babel import Locale
from babel.localedata import locale_identifiers

OUT = Path(__file__).resolve().parents[1] / "newsclean" / "data" / "months.json"
#: Languages whose reading of an ambiguous name wins, most news first.
PRIORITY = (
    "en",
    "es",
    "fr",
    "de",
    "pt",
    "it",
    "ru",
    "ar",
    "zh",
    "ja",
    "pl",
    "nl",
    "tr",
    "uk",
    "cs",
    "el",
    "hu",
    "ro",
    "sv",
    "id",
    "vi",
    "ko",
    "fa",
    "he",
    "hi",
    "da",
    "fi",
    "no",
    "nb",
    "sk",
    "bg",
    "hr",
    "sr",
    "sl",
    "lt",
    "lv",
    "et",
    "ca",
)


def names_of(code: str):
    loc = Locale.parse(code)
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for month, name in dict(loc.months[context][width]).items():
                name = name.casefold().rstrip(".").strip()
                if 3 <= len(name) <= 15 and all(ch.isalpha() for ch in name):
                    yield name, month


def _plain(name: str) -> str:
    """The name without accents ("février" -> "fevrier"), as pages typed without them write it."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


def build() -> dict:
    votes = defaultdict(Counter)
    first = {}
    by_language = defaultdict(set)  # every regional variant of a language counts as that language
    for ident in locale_identifiers():
        if ident == "root":
            continue
        try:
            by_language[ident.split("_")[0]].update(names_of(ident))
        except Exception:
            continue
    for code in sorted(by_language):
        pairs = by_language[code]
        pairs |= {(_plain(n), m) for n, m in pairs if _plain(n) != n and _plain(n).isalpha()}
        for name, month in pairs:
            votes[name][month] += 1
            if code in PRIORITY:
                rank = PRIORITY.index(code)
                if name not in first or rank < first[name][0]:
                    first[name] = (rank, month)
    table = {}
    for name, counter in votes.items():
        if len(counter) == 1:
            table[name] = next(iter(counter))
        elif name in first:
            table[name] = first[name][1]
        else:
            (m1, c1), (m2, c2) = counter.most_common(2)
            if c1 > c2:
                table[name] = m1
    return dict(sorted(table.items()))


if __name__ == "__main__":
    table = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(table)} month names written to {OUT}")
