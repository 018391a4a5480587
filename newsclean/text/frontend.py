"""The text front end: a whole-page text dump in, an Article out.

split into blocks → features → classify → metadata → assemble.
Imports only the standard library and newsclean's own modules.
"""

from __future__ import annotations

from ..assemble import assemble
from ..lexicon.language import detect_language
from ..lexicon.stoplists import function_words, stopwords
from ..model import Article
from . import caches, features
from .blocks import join_inline_splits, markdown_title, split_blocks
from .classify import classify
from .meta import fallback_title, find_date_and_authors, find_title, tags_from


def extract_text(text: str, url: str | None = None, favor: str = "balanced") -> Article:
    blocks = split_blocks(text)
    lang = detect_language(_language_sample(blocks) or text[:LANG_SAMPLE])
    stop = stopwords(lang)
    blocks = join_inline_splits(blocks, function_words(lang))
    feats = features.compute(blocks, stop)
    title_i, title, site = find_title(blocks, feats)
    if title_i is None:
        title_i, title = markdown_title(blocks, text)
    start, end = classify(blocks, feats, has_stoplist=bool(stop), anchor=title_i, favor=favor)
    date, date_idx, authors, by_idx = find_date_and_authors(blocks, feats, start, end)
    for i in date_idx:
        _relabel(blocks[i], "date-line")
    for i in by_idx:
        _relabel(blocks[i], "byline")
    if title_i is None:
        title_i, title, site = fallback_title(blocks, feats, start, end)
    if title_i is not None and not blocks[title_i].kept:
        _relabel(blocks[title_i], "title")
    if title and blocks and title_i != 0 and title in blocks[0].text and blocks[0].reason != "breadcrumb":
        _relabel(blocks[0], "document-title")  # "Headline | Site" above the page

    art = Article(
        title=title, site_name=site, date=date, authors=authors, language=lang, tags=tags_from(blocks), url=url
    )
    return assemble(art, blocks)


#: Characters of prose that language identification looks at.
LANG_SAMPLE = 3000


def _language_sample(blocks) -> str:
    """The page's longer lines (prose, not menus), up to LANG_SAMPLE characters."""
    out, size = [], 0
    for b in blocks:
        if len(b.text) >= 80:
            out.append(b.text)
            size += len(b.text)
            if size >= LANG_SAMPLE:
                break
    return " ".join(out)


def clear_caches() -> None:
    """Forget the per-line results remembered across pages (for cold-start timing)."""
    from . import blocks, classify, dates, meta  # noqa: F401  (their caches register on import)

    caches.clear_caches()


def _relabel(block, rule: str) -> None:
    """Mark a block as page metadata (title, date, byline) whatever it was."""
    block.is_heading = False
    block.heading = None
    block.role = None
    block.drop("metadata", rule)
