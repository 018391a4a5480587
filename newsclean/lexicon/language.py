"""The language of a page: by its script (CJK, Thai), else by its stopwords.

Rules ``lang-script`` and ``lang-stopwords``.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from .cjk import CJK_CHARS, has_cjk
from .stoplists import LANG_CODES, head_of_stoplist
from .tokens import word_tokens

#: How many of each list's most frequent words vote in language identification.
_ID_WORDS = 60


@lru_cache(maxsize=1)
def _id_table() -> dict[str, tuple]:
    """Frequent stopword → languages it belongs to."""
    table: dict[str, list] = {}
    for name, code in LANG_CODES.items():
        if not code:
            continue
        for w in head_of_stoplist(name, _ID_WORDS):
            table.setdefault(w, []).append(code)
    return {w: tuple(c) for w, c in table.items()}


def script_language(text: str) -> str | None:
    """Languages told apart by their script alone (no stoplist needed).

    Kana means Japanese, Hangul Korean; Han without either means Chinese;
    Thai likewise.
    """
    sample = text[:3000]
    if not has_cjk(sample):
        return None
    chars = CJK_CHARS.findall(sample)
    if len(chars) < 20:
        return None
    kana = han = hangul = thai = 0
    for ch in chars:
        o = ord(ch)
        if o <= 0x0E7F:
            thai += 1
        elif 0x3040 <= o <= 0x30FF:
            kana += 1
        elif 0x3400 <= o <= 0x9FFF:
            han += 1
        else:
            hangul += 1
    letters = sum(1 for ch in sample if ch.isalpha()) - len(chars)
    if len(chars) < letters * 0.3:
        return None
    if hangul > (han + kana) * 0.5:
        return "ko"
    if kana >= 0.05 * (han + kana):
        return "ja"
    if thai > han:
        return "th"
    return "zh"


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the page's language, or ``None`` when unsure.

    Rule ``lang-script``: CJK and Thai by script; otherwise rule
    ``lang-stopwords``: the language whose most frequent stopwords cover the
    most words of the text wins, if it covers enough of them.
    """
    by_script = script_language(text)
    if by_script:
        return by_script
    table = _id_table()
    toks = word_tokens(text[:12000].casefold())
    votes: dict[str, int] = {}
    for w, k in Counter(filter(table.__contains__, toks)).items():
        for code in table[w]:
            votes[code] = votes.get(code, 0) + k
    n = len(toks)
    if not votes or n < 5:
        return None
    top = max(votes.values())
    # Ties go to English, then to the language first voted for.
    best = "en" if votes.get("en") == top else next(c for c, v in votes.items() if v == top)
    return best if top >= max(3, 0.08 * n) else None
