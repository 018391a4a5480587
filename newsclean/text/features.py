"""Per-block features of a text dump: what a line looks like, not where it is.

This runs once for every line of every dump, so it is written for speed:
one tokenisation per block, C-level counting, and the casing feature only
for lines short enough to be headlines.
"""
from __future__ import annotations

import re
from typing import FrozenSet, List

from ..lexicon import CJK_CHARS
from ..model import Block

_WORD = re.compile(r"\w+")
# Sentence-final punctuation, allowing closing quotes/brackets after it.
_SENTENCE_CHARS = frozenset(".!?。！？…:;؟।")
_CLOSERS = "\"'”’»）)]"
_CJK_PUNCT = re.compile(r"[，。、！？；：「」『』（）]")
_URL = re.compile(r"https?://|www\.|\.com\b|\.html?\b|@\w")

#: Lines longer than this are never headlines, so their casing is not measured.
TITLE_MAX_WORDS = 40


class Features:
    """What one block looks like.

    ``words`` counts words (for scripts without spaces, about two characters a
    word); ``stop`` is the share of stopwords of the page's language (for CJK,
    a comparable density of sentence punctuation); ``titleish`` is headline
    or menu casing (most words capitalised).
    """

    __slots__ = ("chars", "words", "stop", "sentence", "titleish", "cjk", "urlish")

    def __init__(self, text: str, stopwords: FrozenSet[str]):
        self.chars = len(text)
        toks = _WORD.findall(text.lower())
        self.cjk = cjk = not text.isascii() and CJK_CHARS.search(text) is not None and len(CJK_CHARS.findall(text)) > len(text) * 0.3
        if cjk:
            n = max(len(toks), len(text) // 2)
            stop = len(_CJK_PUNCT.findall(text)) * 4
        else:
            n = len(toks)
            stop = sum(map(stopwords.__contains__, toks)) if stopwords else 0
        self.words = n
        self.stop = stop / n if n else 0.0
        self.sentence = text.rstrip(_CLOSERS)[-1:] in _SENTENCE_CHARS
        if 3 <= n <= TITLE_MAX_WORDS and not cjk:
            alpha = [t for t in _WORD.findall(text) if not t[0].isdigit()]
            caps = sum(1 for t in alpha if t[0].isupper())
            self.titleish = len(alpha) >= 3 and caps >= 0.6 * len(alpha)
        else:
            self.titleish = False
        self.urlish = ("http" in text or "www." in text or ".com" in text or ".htm" in text or "@" in text) and _URL.search(text) is not None


def compute(blocks: List[Block], stopwords: FrozenSet[str]) -> List[Features]:
    return [Features(b.text, stopwords) for b in blocks]
