"""Per-block features of a text dump: what a line looks like, not where it is."""
from __future__ import annotations

import re
from typing import FrozenSet, List

from ..model import Block

_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
# Sentence-final punctuation, allowing closing quotes/brackets after it.
_SENTENCE_END = re.compile(r"[.!?。！？…:;؟।](?:[\"'”’»）)\]]*)$")
_CJK_PUNCT = re.compile(r"[，。、！？；：「」『』（）]")
_URL = re.compile(r"https?://|www\.|\.com\b|\.html?\b|@\w")


class Features:
    """What one block looks like.

    ``words`` counts words (for scripts without spaces, about two characters a
    word); ``stop`` is the share of stopwords of the page's language.
    """

    __slots__ = ("chars", "words", "stop", "sentence", "upper_start", "titleish", "digits", "cjk", "urlish")

    def __init__(self, text: str, stopwords: FrozenSet[str]):
        self.chars = len(text)
        toks = _WORD.findall(text)
        cjk = len(_CJK.findall(text)) if not text.isascii() else 0
        self.cjk = cjk > len(text) * 0.3
        if self.cjk:
            n = max(len(toks), (cjk + 1) // 2)
            stop = len(_CJK_PUNCT.findall(text)) * 4
        else:
            n = len(toks)
            stop = sum(1 for t in toks if t.lower() in stopwords) if stopwords else 0
        self.words = n
        self.stop = stop / n if n else 0.0
        self.sentence = bool(_SENTENCE_END.search(text))
        self.upper_start = text[:1].isupper()
        alpha = [t for t in toks if t[:1].isalpha()]
        caps = sum(1 for t in alpha if t[:1].isupper())
        # Headline / menu casing: most words capitalised.
        self.titleish = len(alpha) >= 3 and caps >= 0.6 * len(alpha)
        self.digits = sum(1 for t in toks if t.isdigit()) / n if n else 0.0
        self.urlish = bool(_URL.search(text))


def compute(blocks: List[Block], stopwords: FrozenSet[str]) -> List[Features]:
    return [Features(b.text, stopwords) for b in blocks]
