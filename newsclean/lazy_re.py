r"""Regular expressions compiled the first time they are used.

    >>> _DATE = lazy_compile(r"\d{4}-\d\d-\d\d")   # nothing compiled yet
    >>> _DATE.search(line)                          # compiled here, once

Compiling is a large part of the command line's start-up (the text path holds
some fifty expressions, and those with non-ASCII characters or case-insensitive
alternatives take a millisecond or more each), while a page needs only some of
them: Markdown, CJK dates, captions, HTML charsets come up on few pages. A
lazy pattern costs nothing until it is used, then exactly what the compiled
pattern costs (its methods are copied onto it).
"""

from __future__ import annotations

import re


class LazyPattern:
    """``re.compile(pattern, flags)``, compiled on first use; it has the compiled pattern's methods
    (``search``, ``match``, ``sub``, ...) and attributes (``pattern``, ``flags``, ...)."""

    def __init__(self, pattern, flags: int = 0):
        self._source = (pattern, flags)

    def __getattr__(self, name: str):  # called only until the first use has filled the instance
        if name.startswith("__") or name == "_source":
            raise AttributeError(name)
        compiled = re.compile(*self._source)
        for attr in dir(compiled):
            if not attr.startswith("_"):
                setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self._source[0]!r}, {self._source[1]!r})"


def lazy_compile(pattern, flags: int = 0) -> LazyPattern:
    """``re.compile(pattern, flags)``, done the first time the pattern is used."""
    return LazyPattern(pattern, flags)
