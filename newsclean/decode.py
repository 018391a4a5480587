"""Bytes to text: BOM, UTF-16 by its zero bytes, valid UTF-8, the declared charset, mostly-UTF-8, detection.

    >>> decode('<meta charset="utf-8"><p>Ol\xe1'.encode("utf-8"), is_html=True)
    ('<meta charset="utf-8"><p>Olá', 'utf-8')

Never raises, whatever the bytes. The order is the one that gets crawled pages
right most often:

1. a BOM (UTF-8, UTF-16, UTF-32) decides;
2. text in UTF-16 without a BOM is recognised by its zero bytes;
3. bytes that are valid UTF-8 (and not plain ASCII) are UTF-8, whatever the page
   declares: a page that says ``iso-8859-1`` but is served in UTF-8 is common,
   the converse (legacy bytes that happen to be valid UTF-8) all but unknown;
4. the declared charset, even when a few bytes do not decode (they become
   U+FFFD): the one the HTTP ``Content-Type`` header gave (``charset=``, for a
   page from a WARC record or fetched from a URL), else the page's own
   (``<meta charset>`` or the ``<?xml?>`` prolog);
5. bytes that are mostly UTF-8 with a few stray legacy bytes (a page pasted
   together from two sources) are read as UTF-8, the stray bytes as
   windows-1252;
6. otherwise the encoding is detected, and the name returned ends in
   ``" (guessed)"``: ASCII bytes with ISO-2022-JP's escape sequences are
   ISO-2022-JP; other bytes go to ``charset_normalizer``, limited to the
   legacy encodings browsers decode (:data:`WEB_CODECS`), whose candidates
   are then weighed by how well their letters fit the page's language
   (:func:`_best_guess`). ``python bench/charsets.py`` measures it on short
   pages in 20 languages and 27 charsets.
"""

from __future__ import annotations

import codecs
import re

from .lazy_re import lazy_compile

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = lazy_compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = lazy_compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)

# Labels pages declare that Python spells otherwise or that browsers widen
# (WHATWG encoding standard: latin-1 and ascii are decoded as windows-1252,
# Shift_JIS as windows-31j, Big5 as Big5-HKSCS, ...).
_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "iso-8859-8-i": "iso8859-8",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "shift_jis": "cp932",
    "x-sjis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "ms_kanji": "cp932",
    "csshiftjis": "cp932",
    "windows-31j": "cp932",
    "big5": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "x-mac-roman": "mac-roman",
    "x-user-defined": "cp1252",
}
#: Declared charsets that are never believed: ASCII bytes in a ``<meta>`` cannot be UTF-16/32
#: (pages that say so are served in UTF-8), and UTF-7 is no charset of the web.
_NEVER_DECLARED = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "utf-7"})

#: The escape sequences that switch ISO-2022-JP (7-bit Japanese) to JIS X 0208 or 0212: plain ASCII
#: text holding one is Japanese in ISO-2022-JP.
_ISO2022_JP = lazy_compile(rb"\x1b\$[@B]|\x1b\$\(D")
#: Codecs (Python's names) of stateful 7-bit charsets, whose text is plain ASCII bytes.
_SEVEN_BIT = ("iso2022", "hz")
#: How much of the bytes the heuristics (UTF-16 without a BOM, mostly UTF-8, detection) look at.
_SAMPLE = 262144
#: Bytes 0x80-0xFF that UTF-8 could not decode, as ``surrogateescape`` writes them.
_ESCAPED = lazy_compile("[\udc80-\udcff]+")


#: Codecs Python has that no page is written in: bytes-to-bytes and escape codecs, and
#: ones that refuse error handlers. A page declaring one (``<meta charset="base64">``)
#: declares nothing usable.
_NOT_CHARSETS = frozenset(
    {
        "idna",
        "punycode",
        "undefined",
        "unicode-escape",
        "raw-unicode-escape",
        "unicode_escape",
        "raw_unicode_escape",
        "utf-7",
        "mbcs",
        "oem",
    }
)


def _codec(label: bytes) -> str | None:
    name = label.decode("ascii", "ignore").strip().lower()
    name = _ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_CHARSETS:
        return None
    return info.name


def charset_codec(label: str | None) -> str | None:
    """Python's codec for a charset label such as an HTTP header gives (``'"KOI8-R"'``), or ``None``."""
    if not label:
        return None
    return _codec(label.strip().strip("'\"").encode("ascii", "ignore"))


def declared_charset(data: bytes) -> str | None:
    head = data[:8192]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return _codec(m.group(1)) if m else None


#: Bytes of an HTML page decoded at most. Its text takes up to four bytes a character (one
#: character past U+FFFF is enough), beside the bytes: a 64 MiB page (the --max-bytes default)
#: decoded whole held 256 MB of text before its parse. What the parse reads of a page is
#: bounded anyway (html.parse: MAX_PARSE, MAX_ELEMENTS, MAX_TEXT).
MAX_HTML_BYTES = 16_000_000
#: Bytes of a text dump decoded at most: more than the MAX_TEXT_CHARS (1,000,000) characters the
#: pipeline reads, at four bytes a character at most.
MAX_TEXT_BYTES = 4_000_004


def _cut(data: bytes, size: int, is_html: bool) -> bytes:
    """``data`` cut to ``size`` bytes: an HTML page before the last ``<`` near the cut when there
    is one (in UTF-8 and the legacy web charsets a ``<`` byte is always the character), else at
    the start of the UTF-8 character the cut falls in (a split one made the page "not UTF-8")."""
    cut = data.rfind(b"<", max(0, size - 65536), size) if is_html else -1
    if cut <= 0:
        cut = size
        while cut > size - 3 and 0x80 <= data[cut] < 0xC0:  # a UTF-8 continuation byte
            cut -= 1
    return data[:cut]


def decode(data: bytes | str, is_html: bool = False, charset: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``; never raises on any byte string.

    ``charset`` is the label a transport declared (the HTTP ``Content-Type``
    header's ``charset``); it wins over the page's own declaration.
    ``encoding`` names the codec; when the encoding had to be detected it ends
    in ``" (guessed)"`` (``" (guessed; declared X did not fit)"`` when a
    charset was declared but the bytes are not in it), and when some bytes
    could not be decoded as it, the name is followed by a parenthesis saying
    so (see :func:`encoding_note`). Only the first MAX_HTML_BYTES bytes of an HTML
    page are decoded, MAX_TEXT_BYTES of a text dump, and the encoding then says so too.
    """
    if isinstance(data, str):
        return data, "str"
    size = MAX_HTML_BYTES if is_html else MAX_TEXT_BYTES
    if len(data) > size:
        text, encoding = decode(_cut(data, size, is_html), is_html, charset)
        return text, f"{encoding} (page too large: only its first {size} bytes decoded)"
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, "replace"), enc
    utf16 = utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, "replace"), utf16
    declared = charset_codec(charset)
    if declared is None or declared in _NEVER_DECLARED:
        declared = declared_charset(data) if is_html else None
    if declared in _NEVER_DECLARED:
        declared = None
    found = _as_utf8(data, declared)
    if found is None and declared and declared != "utf-8":
        found = _as_declared(data, declared)
    if found is not None:
        return found
    return _guessed(data, declared)


def _as_utf8(data: bytes, declared: str | None) -> tuple[str, str] | None:
    """``data`` decoded when it is UTF-8 (or 7-bit text in the 7-bit charset it declares), else ``None``."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if declared is None and data.isascii() and _ISO2022_JP.search(data):
        return data.decode("iso2022_jp", "replace"), "iso2022_jp (guessed)"  # by its escape sequences
    if declared is None or not declared.startswith(_SEVEN_BIT) or not data.isascii():
        return text, "utf-8"
    # plain ASCII that declares a 7-bit charset (ISO-2022-JP, HZ): it needs that charset
    try:
        return data.decode(declared), declared
    except (UnicodeError, LookupError, TypeError, ValueError):
        return text, "utf-8"


def _as_declared(data: bytes, declared: str) -> tuple[str, str] | None:
    """``data`` decoded in the charset it declares when that fits but for a few bytes, else ``None``."""
    try:
        text = data.decode(declared, "replace")
    except (UnicodeError, LookupError, TypeError, ValueError):  # a codec that fails anyway
        return None
    bad = text.count("\ufffd")
    if bad <= max(8, _high_bytes(data) // 100):  # the declaration holds, but for a few bytes
        note = f"{bad} undecodable sequence{'s' if bad > 1 else ''} replaced"
        return text, declared if not bad else f"{declared} ({note})"
    return None


def _guessed(data: bytes, declared: str | None) -> tuple[str, str]:
    """``data`` decoded in the charset detected: mostly UTF-8, or charset_normalizer's guess."""
    mixed = _mostly_utf8(data)
    if mixed is not None:
        return mixed
    from charset_normalizer import from_bytes  # only for bytes that are not UTF-8

    sample = _sample(data)
    enc = _best_guess(from_bytes(sample, cp_isolation=list(WEB_CODECS)), sample)
    if declared:
        return data.decode(enc, "replace"), f"{enc} (guessed; declared {declared} did not fit)"
    return data.decode(enc, "replace"), f"{enc} (guessed)"


def encoding_note(encoding: str) -> str | None:
    """The warning an ``encoding`` returned by :func:`decode` calls for, or ``None``."""
    if encoding.endswith("(guessed)"):
        return f"encoding {encoding}: the bytes are not UTF-8 and declare no usable charset"
    if "(guessed;" in encoding:
        return f"encoding {encoding}: the bytes are not UTF-8 nor in the declared charset"
    if "(" in encoding:
        return f"encoding {encoding}"
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` when ``data`` is text in UTF-16 without a BOM, else ``None``.

    UTF-16 text in a script written with the Latin alphabet (and all markup)
    has a zero byte in every other position, always on the same side; no
    other text has.
    """
    sample = data[:4096]
    n = len(sample) // 2
    if n < 8:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= 0.4 * n and even <= 0.02 * n:
        return "utf-16-le"
    if even >= 0.4 * n and odd <= 0.02 * n:
        return "utf-16-be"
    return None


_ASCII = bytes(range(128))
_HIGH_BYTE = lazy_compile(rb"[\x80-\xff]")


def _high_bytes(data: bytes) -> int:
    return len(data.translate(None, _ASCII))


def _sample(data: bytes) -> bytes:
    """What the heuristics look at: the first ``_SAMPLE`` bytes from just before the first non-ASCII byte
    (a big page may open with a long run of ASCII markup and scripts)."""
    m = _HIGH_BYTE.search(data)
    start = max(0, m.start() - 1024) if m else 0
    return data[start : start + _SAMPLE]


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few stray bytes of another encoding: the stray bytes read as windows-1252.

    When at least three in four of the non-ASCII characters are valid UTF-8
    (in legacy single-byte text almost none are, in double-byte text at most
    about one in four), the page is UTF-8 with some windows-1252 text pasted
    in, and only the bytes that are not UTF-8 are read as windows-1252.
    """
    sample = _sample(data).decode("utf-8", "surrogateescape")
    stray = sum(len(m) for m in _ESCAPED.findall(sample))
    valid = len(sample) - len(sample.encode("ascii", "ignore")) - stray
    if not valid or valid < 3 * stray:
        return None
    text = _ESCAPED.sub(_as_cp1252, data.decode("utf-8", "surrogateescape"))
    return text, "utf-8 (some bytes not UTF-8 were read as windows-1252)"


def _as_cp1252(m: re.Match) -> str:
    # windows-1252 leaves five bytes (0x81 0x8D 0x8F 0x90 0x9D) undefined: they become U+FFFD
    return bytes(ord(c) - 0xDC00 for c in m.group()).decode("cp1252", "replace")


#: The legacy encodings of the WHATWG Encoding Standard (Python's names): the only ones a browser
#: decodes a page in, so the only ones pages are written in. Detection chooses among these only:
#: over every codec Python has, short pages came out as mac_latin2 or shift_jis_2004. (UTF-8 and
#: UTF-16 are recognised before detection.)
WEB_CODECS = (
    "cp866",
    "iso8859_2",
    "iso8859_3",
    "iso8859_4",
    "iso8859_5",
    "iso8859_6",
    "iso8859_7",
    "iso8859_8",
    "iso8859_10",
    "iso8859_13",
    "iso8859_14",
    "iso8859_15",
    "iso8859_16",
    "koi8_r",
    "koi8_u",
    "mac_roman",
    "mac_cyrillic",
    "cp874",
    "cp1250",
    "cp1251",
    "cp1252",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
    "gb18030",
    "big5",
    "euc_jp",
    "iso2022_jp",
    "cp932",
    "cp949",
)


def _best_guess(matches, sample: bytes = b"") -> str:
    """The detector's best encoding, among those whose text reads as one language's letters.

    Single-byte charsets of one script (windows-1250, -1252, -1254, -1257 …)
    all decode a Latin page into letters, so the detector's scores tie or
    mislead on short pages ("zdecydowa³a", "salý günü"). Each candidate's
    text is scored by how many of its non-ASCII letters one language's
    alphabet holds (:func:`_alphabet_fit`, the alphabets read from jusText's
    stoplists); the candidates within ``_FIT_MARGIN`` of the best fit stay,
    and among them the detector's order decides, windows-1252 winning a tie
    (as good on the detector's scores and the alphabet's: it decodes most of
    the web's legacy pages).
    """
    best = matches.best()
    if best is None:
        return "cp1252"
    candidates = list(matches)[:_FIT_CANDIDATES]
    fits: dict = {}
    if sample and len(candidates) > 1:
        head = sample[:_FIT_SAMPLE]
        languages = _languages(head)
        fits = {m.encoding: _alphabet_fit(head.decode(m.encoding, "replace"), languages) for m in candidates}
        top = max(fits.values())
        candidates = [m for m in candidates if fits[m.encoding] >= top - _FIT_MARGIN]
        best = candidates[0]
    for m in candidates:
        if (
            m.encoding == "cp1252"
            and m.chaos <= best.chaos
            and m.coherence >= best.coherence
            and fits.get("cp1252", 0) >= fits.get(best.encoding, 0)
        ):
            return "cp1252"
    return best.encoding


#: How much worse than the best a candidate's alphabet fit may be and still be chosen by the detector's
#: order: the stoplists hold most of a language's letters, not always all (a rare letter).
_FIT_MARGIN = 0.1
#: How many bytes of the sample the alphabet fit reads (from just before the first non-ASCII byte):
#: enough words to tell, and cheap for each candidate.
_FIT_SAMPLE = 4096
#: How many of the detector's best candidates are scored (it returns every codec that decodes cleanly).
_FIT_CANDIDATES = 12


def _languages(head: bytes) -> list:
    """The languages (codes) whose stopwords (jusText's lists) the ASCII words of ``head`` are most
    often: "bude", "lesz", "bus" tell Czech, Hungarian, Lithuanian even when every word with an
    accent is misread. Every language with an alphabet when no stopword tells."""
    alphabets = _alphabets()
    table = _stopword_languages()
    votes: dict = {}
    for word in _MARKUP.sub(b" ", head).lower().translate(_ASCII_WORDS).split():
        if word.isalpha():
            for lang in table.get(word.decode("ascii"), ()):
                if lang in alphabets:
                    votes[lang] = votes.get(lang, 0) + 1
    if not votes:
        return list(alphabets)
    most = max(votes.values())
    return [lang for lang, n in votes.items() if n == most]


#: A tag or entity, whose words ("head", "title", "nbsp") are no language's.
_MARKUP = lazy_compile(rb"<[^>]*>|&#?\w+;")
#: Bytes to split ASCII words on: ASCII letters stay, non-ASCII bytes become "#" (so that a word
#: holding one is no ASCII word, rather than split into pieces), every other byte a space.
_ASCII_WORDS = bytes.maketrans(
    bytes(range(256)), bytes(c if chr(c).isascii() and chr(c).isalpha() else 35 if c > 127 else 32 for c in range(256))
)


def _alphabet_fit(text: str, languages: list) -> float:
    """The share of the non-ASCII characters inside words of ``text`` that are letters of the
    alphabet of one of ``languages`` (the one that fits best); 1.0 for text with none.

    A word mixing ASCII letters with another script's counts against every
    language: no language writes that.
    """
    counts: dict = {}
    mixed = 0
    for word in _WORD_WITH_NON_ASCII.findall(text):
        others = [c for c in word if ord(c) > 127]
        if _NON_LATIN.search(word) and _ASCII_LETTER.search(word):
            mixed += len(others)
            continue
        for c in others:
            c = c.lower()
            counts[c] = counts.get(c, 0) + 1
    total = sum(counts.values()) + mixed
    if not total:
        return 1.0
    alphabets = _alphabets()
    best = max(sum(n for c, n in counts.items() if c in alphabets[lang]) for lang in languages)
    return best / total


#: Letters of scripts other than Latin (Greek, Cyrillic, Hebrew, Arabic, Thai, CJK …), leaving
#: out Latin Extended Additional (Vietnamese).
_NON_LATIN = lazy_compile("[\u0370-\u1dff\u1f00-\uffff]")
_ASCII_LETTER = lazy_compile("[A-Za-z]")


#: A word with a non-ASCII character in it (symbols such as "³" included when a letter is beside them).
_WORD_WITH_NON_ASCII = lazy_compile(r"[^\W\d_]*(?:[^\x00-\x7f\s]+[^\W\d_]+)+|[^\W\d_]+[^\x00-\x7f\s]+")


_ALPHABETS: dict[str, frozenset[str]] | None = None


_STOPWORD_LANGUAGES = None


def _stopword_languages() -> dict:
    """Stopword → the languages (codes) whose jusText stoplist holds it."""
    global _STOPWORD_LANGUAGES
    if _STOPWORD_LANGUAGES is None:
        from .lexicon.stoplists import LANG_CODES as _LANG_CODES
        from .lexicon.stoplists import read_stoplist as _read_stoplist

        table: dict = {}
        for name, code in _LANG_CODES.items():
            if code:
                for word in _read_stoplist(name):
                    table.setdefault(word, set()).add(code)
        _STOPWORD_LANGUAGES = {word: tuple(codes) for word, codes in table.items()}
    return _STOPWORD_LANGUAGES


def _alphabets() -> dict[str, frozenset[str]]:
    """Language code → the non-ASCII letters its jusText stoplist uses (languages with some)."""
    global _ALPHABETS
    if _ALPHABETS is None:
        from .lexicon.stoplists import LANG_CODES as _LANG_CODES
        from .lexicon.stoplists import read_stoplist as _read_stoplist

        _ALPHABETS = {}
        for name, code in _LANG_CODES.items():
            letters = {c for word in _read_stoplist(name) for c in word if ord(c) > 127 and c.isalpha()}
            if code and letters:
                _ALPHABETS[code] = frozenset(letters)
    return _ALPHABETS
