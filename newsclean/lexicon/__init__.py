"""Words that carry meaning for page structure, in many languages.

Shared by the text and the HTML front end, one concern per module:

* :mod:`.sections` — section headings ("Related", "Most read", "Lesen Sie auch",
  "相关新闻" ...) mapped to the kind of block they introduce;
* :mod:`.stoplists` — jusText's stopword lists (which ship with trafilatura),
  read lazily without importing jusText (which would pull in lxml), so that the
  text path stays light;
* :mod:`.language` — the page's language, by script or by stopwords;
* :mod:`.tokens` — the word tokenizer;
* :mod:`.cjk` — spotting scripts written without spaces (Thai, Hangul, kana, Han).

Import a name from the module that owns it. The names below are re-exported for
callers that use the package as a whole (``lexicon.heading_kind(...)``).
"""

from __future__ import annotations

from .cjk import CJK_CHARS, has_cjk
from .language import detect_language, script_language
from .sections import COPYRIGHT, COPYRIGHT_PATTERN, WIDGET_WORDS, footer_phrase, heading_kind, headings, normalise
from .stoplists import FUNCTION_WORDS, LANG_CODES, function_words, read_stoplist, stopwords
from .tokens import ASCII_NON_WORD, WORD, folded_tokens, word_tokens

__all__ = [
    "ASCII_NON_WORD",
    "CJK_CHARS",
    "COPYRIGHT",
    "COPYRIGHT_PATTERN",
    "FUNCTION_WORDS",
    "LANG_CODES",
    "WIDGET_WORDS",
    "WORD",
    "detect_language",
    "folded_tokens",
    "footer_phrase",
    "function_words",
    "has_cjk",
    "heading_kind",
    "headings",
    "normalise",
    "read_stoplist",
    "script_language",
    "stopwords",
    "word_tokens",
]
