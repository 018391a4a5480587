"""Scripts written without spaces between words (Thai, Hangul, kana, Han)."""

from __future__ import annotations

from ..lazy_re import lazy_compile

#: Characters of scripts written without spaces between words (Thai, Hangul,
#: kana, Han). One expression shared by the text path: compiling such ranges
#: is slow (about 6 ms), so it happens once, and only on a page that has such
#: characters (:func:`has_cjk` tells without it).
CJK_CHARS = lazy_compile(r"[\u0e00-\u0e7f\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
#: The same characters in UTF-8 (all three bytes long), as a bytes expression, which compiles
#: ten times faster. It opens with the lead bytes they can have, so that a search skips
#: everything else (Latin, Cyrillic, dashes and quotes) as fast as CJK_CHARS does; the
#: second byte, checked against its lead byte, narrows them to the ranges above.
_CJK_UTF8 = lazy_compile(
    rb"[\xe0\xe1\xe3-\xed]"
    rb"(?:(?<=\xe0)[\xb8\xb9]"  # U+0E00-0E7F
    rb"|(?<=\xe1)[\x84-\x87]"  # U+1100-11FF
    rb"|(?<=\xe3)[\x81-\x83\x90-\xbf]"  # U+3040-30FF, U+3400-3FFF
    rb"|(?<=[\xe4-\xe9\xeb\xec])[\x80-\xbf]"  # U+4000-9FFF, U+B000-CFFF
    rb"|(?<=\xea)[\xb0-\xbf]"  # U+AC00-AFFF
    rb"|(?<=\xed)(?:[\x80-\x9d]|\x9e(?=[\x80-\xaf])))"  # U+D000-D7AF
    rb"[\x80-\xbf]"
)


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds one of :data:`CJK_CHARS` (``CJK_CHARS.search(text) is not None``)."""
    return not text.isascii() and _CJK_UTF8.search(text.encode("utf-8", "surrogatepass")) is not None
