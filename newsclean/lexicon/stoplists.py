"""jusText's stopword lists (which ship with trafilatura), read lazily.

The files are read without importing jusText (which would pull in lxml), so
that the text path stays light; each list is read once and cached.
"""

from __future__ import annotations

import importlib.util
import os
from functools import cache, lru_cache

#: jusText stoplist file name → ISO 639-1 code (lists with no 639-1 code are left out).
LANG_CODES = {
    "Afrikaans": "af",
    "Albanian": "sq",
    "Arabic": "ar",
    "Aragonese": "an",
    "Armenian": "hy",
    "Asturian": None,
    "Azerbaijani": "az",
    "Basque": "eu",
    "Belarusian": "be",
    "Bengali": "bn",
    "Bosnian": "bs",
    "Breton": "br",
    "Bulgarian": "bg",
    "Catalan": "ca",
    "Chuvash": "cv",
    "Croatian": "hr",
    "Czech": "cs",
    "Danish": "da",
    "Dutch": "nl",
    "English": "en",
    "Esperanto": "eo",
    "Estonian": "et",
    "Finnish": "fi",
    "French": "fr",
    "Galician": "gl",
    "Georgian": "ka",
    "German": "de",
    "Greek": "el",
    "Gujarati": "gu",
    "Haitian": "ht",
    "Hebrew": "he",
    "Hindi": "hi",
    "Hungarian": "hu",
    "Icelandic": "is",
    "Ido": "io",
    "Igbo": "ig",
    "Indonesian": "id",
    "Irish": "ga",
    "Italian": "it",
    "Javanese": "jv",
    "Kannada": "kn",
    "Kazakh": "kk",
    "Korean": "ko",
    "Kurdish": "ku",
    "Kyrgyz": "ky",
    "Latin": "la",
    "Latvian": "lv",
    "Lithuanian": "lt",
    "Luxembourgish": "lb",
    "Macedonian": "mk",
    "Malay": "ms",
    "Malayalam": "ml",
    "Maltese": "mt",
    "Marathi": "mr",
    "Nepali": "ne",
    "Norwegian_Bokmal": "nb",
    "Norwegian_Nynorsk": "nn",
    "Occitan": "oc",
    "Persian": "fa",
    "Polish": "pl",
    "Portuguese": "pt",
    "Quechua": "qu",
    "Romanian": "ro",
    "Russian": "ru",
    "Serbian": "sr",
    "Slovak": "sk",
    "Slovenian": "sl",
    "Spanish": "es",
    "Sundanese": "su",
    "Swahili": "sw",
    "Swedish": "sv",
    "Tagalog": "tl",
    "Tamil": "ta",
    "Telugu": "te",
    "Turkish": "tr",
    "Ukrainian": "uk",
    "Urdu": "ur",
    "Uzbek": "uz",
    "Vietnamese": "vi",
    "Welsh": "cy",
    "West_Frisian": "fy",
    "Yoruba": "yo",
}


@lru_cache(maxsize=1)  # finding jusText's package walks sys.path: ~0.1 ms, and language identification reads 80 lists
def _stoplist_dir() -> str | None:
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(list(spec.submodule_search_locations)[0], "stoplists")
    return path if os.path.isdir(path) else None


@cache
def read_stoplist(name: str) -> tuple:
    """A jusText stoplist by file name ("English"), most frequent words first (empty when missing)."""
    d = _stoplist_dir()
    if d is None:
        return ()
    try:
        with open(os.path.join(d, name + ".txt"), encoding="utf-8") as f:
            return tuple(w.strip().casefold() for w in f if w.strip())
    except OSError:
        return ()


def _stoplist_of(lang: str | None) -> tuple:
    """The stoplist of an ISO 639-1 language, most frequent words first (empty when unknown)."""
    for name, code in LANG_CODES.items():
        if lang and code == lang:  # lists without a code are stored as None: none for "unknown"
            return read_stoplist(name)
    return ()


@cache
def stopwords(lang: str | None) -> frozenset[str]:
    """All stopwords of an ISO 639-1 language (empty set when unknown)."""
    return frozenset(_stoplist_of(lang))


#: How many of a stoplist's most frequent words are its function words (articles, prepositions,
#: conjunctions: "the, of, and, in, to, a"); further down the lists hold words like "album".
FUNCTION_WORDS = 30


@cache
def function_words(lang: str | None) -> frozenset[str]:
    """The most frequent stopwords of an ISO 639-1 language: words a sentence does not end on."""
    return frozenset(_stoplist_of(lang)[:FUNCTION_WORDS])


def head_of_stoplist(name: str, n: int) -> tuple:
    """The n most frequent words of a stoplist (its first lines), read lazily."""
    d = _stoplist_dir()
    if d is None:
        return ()
    out = []
    try:
        with open(os.path.join(d, name + ".txt"), encoding="utf-8") as f:
            for line in f:
                w = line.strip().casefold()
                if w:
                    out.append(w)
                    if len(out) >= n:
                        break
    except OSError:
        return ()
    return tuple(out)
