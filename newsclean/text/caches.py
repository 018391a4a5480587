"""Per-line caches of the text path, in one registry.

Lines repeat across a site's pages (menus, footers, bylines), so the costly per-line results are
remembered by ``functools.lru_cache``. Every such cache is made with :func:`per_line`, so that
:func:`clear_caches` forgets them all at once (cold-start timing in bench/speed.py and bench/ab_text.py)
and no module reaches into another's private functions to do it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import _lru_cache_wrapper, lru_cache
from typing import Any, TypeVar

T = TypeVar("T")

_CACHES: list[_lru_cache_wrapper[Any]] = []


def per_line(maxsize: int) -> Callable[[Callable[..., T]], _lru_cache_wrapper[T]]:
    """``lru_cache(maxsize)``, registered for :func:`clear_caches`."""

    def wrap(fn: Callable[..., T]) -> _lru_cache_wrapper[T]:
        cached = lru_cache(maxsize=maxsize)(fn)
        _CACHES.append(cached)
        return cached

    return wrap


def clear_caches() -> None:
    """Forget every per-line result made so far (in the modules imported so far)."""
    for cached in _CACHES:
        cached.cache_clear()
