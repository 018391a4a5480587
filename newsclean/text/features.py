"""Per-block features of a text dump: what a line looks like, not where it is.

This runs once for every line of every dump, so it is written for speed:
one tokenisation per block (a byte translation for ASCII lines, which are
most), C-level counting, and the casing and address features only when a
rule asks for them.
"""

from __future__ import annotations

from ..lazy_re import lazy_compile
from ..lexicon.cjk import CJK_CHARS, has_cjk
from ..lexicon.tokens import ASCII_NON_WORD, word_tokens
from ..model import Block
from .caches import per_line

# Sentence-final punctuation, allowing closing quotes/brackets after it.
_SENTENCE_CHARS = frozenset(".!?。！？…:;؟।")
_CLOSERS = "\"'”’»）)]"
_CJK_PUNCT = lazy_compile(r"[，。、！？；：「」『』（）]")
_URL = lazy_compile(r"https?://|www\.|\.com\b|\.html?\b|@\w")

#: Lines longer than this are never headlines, so their casing is not measured.
TITLE_MAX_WORDS = 40


class Features:
    """What one block looks like.

    ``words`` counts words (for scripts without spaces, about two characters a
    word); ``stop`` is the share of stopwords of the page's language (for CJK,
    a comparable density of sentence punctuation); ``titleish`` is headline
    or menu casing (most words capitalised); ``urlish``, a web or mail address
    in the line. The last two are measured only when a rule asks for them.
    """

    __slots__ = ("text", "chars", "words", "stop", "sentence", "cjk", "_spaced", "_titleish")
    _spaced: str | None

    def __init__(self, text: str, stopwords: frozenset[str]):
        self.text = text
        self.chars = len(text)
        if text.isascii():
            # The words of ASCII text, without a regular expression: every
            # character \w does not match becomes a space (same tokens, faster).
            spaced = text.encode().translate(ASCII_NON_WORD).decode()
            toks = spaced.lower().split()
            self._spaced = spaced
            self.cjk = cjk = False
        else:
            toks = word_tokens(text.lower())
            self._spaced = None
            self.cjk = cjk = has_cjk(text) and len(CJK_CHARS.findall(text)) > len(text) * 0.3
        if cjk:
            n = max(len(toks), len(text) // 2)
            stop = len(_CJK_PUNCT.findall(text)) * 4
        else:
            n = len(toks)
            stop = sum(map(stopwords.__contains__, toks)) if stopwords else 0
        self.words = n
        self.stop = stop / n if n else 0.0
        self.sentence = text.rstrip(_CLOSERS)[-1:] in _SENTENCE_CHARS
        self._titleish: bool | None = None

    @property
    def titleish(self) -> bool:
        """Headline or menu casing: three or more words, most of them capitalised."""
        if self._titleish is None:
            self._titleish = self._casing()
        return self._titleish

    def _casing(self) -> bool:
        if not 3 <= self.words <= TITLE_MAX_WORDS or self.cjk:
            return False
        toks = self._spaced.split() if self._spaced is not None else word_tokens(self.text)
        alpha = [t for t in toks if not t[0].isdigit()]
        caps = sum(1 for t in alpha if t[0].isupper())
        return len(alpha) >= 3 and caps >= 0.6 * len(alpha)

    @property
    def urlish(self) -> bool:
        """A web or mail address in the line."""
        text = self.text
        return ("http" in text or "www." in text or ".com" in text or ".htm" in text or "@" in text) and _URL.search(
            text
        ) is not None


#: Distinct lines whose features are remembered. Crawls repeat lines heavily
#: (menus, footers, teasers on every page of a site); a bounded cache keeps
#: the memory of a long-running process flat.
CACHE_LINES = 50_000


@per_line(CACHE_LINES)
def line_features(text: str, stopwords: frozenset[str]) -> Features:
    """The features of one line, for one language's stopwords (shared: never modify them)."""
    return Features(text, stopwords)


def compute(blocks: list[Block], stopwords: frozenset[str]) -> list[Features]:
    return [line_features(b.text, stopwords) for b in blocks]
