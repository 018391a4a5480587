"""The text front end: a whole-page text dump in, an Article out.

split into blocks → features → classify → metadata → assemble.
Imports only the standard library and newsclean's own modules.
"""
from __future__ import annotations

from typing import Optional

from .. import lexicon
from ..assemble import assemble
from ..model import Article
from . import features
from .blocks import split_blocks
from .classify import classify
from .meta import find_date_and_authors, find_title, tags_from


def extract_text(text: str, url: Optional[str] = None) -> Article:
    blocks = split_blocks(text)
    lang = lexicon.detect_language(text)
    stop = lexicon.stopwords(lang)
    feats = features.compute(blocks, stop)
    start, end = classify(blocks, feats, has_stoplist=bool(stop))

    title_i, title, site = find_title(blocks, feats, start)
    if title_i is not None and not (start <= title_i < end and blocks[title_i].kept and title_i != start):
        b = blocks[title_i]
        if title_i == 0 and b.decision == "navigation":
            pass  # the first line is a breadcrumb that carries the title: keep its label
        else:
            b.is_heading = False
            b.drop("metadata", "title")
    date, date_idx, authors, by_idx = find_date_and_authors(blocks, feats, start, end)
    for i in date_idx:
        blocks[i].is_heading = False
        blocks[i].drop("metadata", "date-line")
    for i in by_idx:
        blocks[i].is_heading = False
        blocks[i].drop("metadata", "byline")

    art = assemble(blocks)
    art.title = title
    art.site_name = site
    art.date = date
    art.authors = authors
    art.language = lang
    art.tags = tags_from(blocks)
    art.url = url
    return art
