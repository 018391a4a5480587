r"""The word tokenizer: ``\w+`` words, fast on text that is mostly ASCII."""

from __future__ import annotations

import re

#: A word: what every tokenizer here splits out (the one home of ``\w+``).
WORD = re.compile(r"\w+")
#: Bytes of ASCII text that ``\w`` does not match, mapped to a space: splitting
#: ``text.encode().translate(ASCII_NON_WORD)`` gives the words of an ASCII
#: text as ``\w+`` does, several times faster.
ASCII_NON_WORD = bytes.maketrans(
    bytes(range(128)), bytes(c if chr(c).isalnum() or c == ord("_") else 32 for c in range(128))
)


#: Non-ASCII punctuation common in prose (quotes, dashes, ellipsis, no-break space): never part of
#: a word, so it is made a space before the words are split out.
_COMMON_PUNCT = "’‘“”„«»–—…\u00a0"


def word_tokens(text: str) -> list[str]:
    r"""``re.findall(r"\w+", text)``, faster on text that is mostly ASCII.

    ASCII punctuation becomes a space (in UTF-8, no byte of a non-ASCII
    character is ASCII); only the pieces left with non-ASCII punctuation
    ("don’t", "«Titel»") go through the regular expression.
    """
    if not text.isascii():
        for ch in _COMMON_PUNCT:  # a C-level search each: the usual non-ASCII punctuation
            if ch in text:
                text = text.replace(ch, " ")
    try:
        spaced = text.encode().translate(ASCII_NON_WORD).decode()
    except UnicodeEncodeError:  # lone surrogates
        return WORD.findall(text)
    pieces = spaced.split()
    if spaced.isascii() or all(map(str.isalnum, pieces)):
        return pieces
    out: list[str] = []
    for piece in pieces:
        if piece.isascii() or piece.isalnum():  # one word ("news", "München")
            out.append(piece)
        else:
            out.extend(WORD.findall(piece))
    return out


def folded_tokens(text: str) -> tuple[str, ...]:
    """The words of ``text`` case-folded: what two lines are compared by ("The Title" = "the title")."""
    return tuple(word_tokens(text.casefold()))
