"""Assemble labelled blocks into an Article: the last step of both front ends."""

from __future__ import annotations

from .model import KEPT, Article, Block, group_removed


def assemble(article: Article, blocks: list[Block], paragraphs: list[str] | None = None) -> Article:
    """Give ``article`` its story and the audit of what was removed, and return it.

    ``paragraphs`` are the story's paragraphs when the front end wrote them itself (the HTML
    path keeps trafilatura's lines, which do not map one to one to blocks); by default they
    are the text of the blocks kept. Removed blocks are grouped by kind and heading.
    """
    article.paragraphs = [b.text for b in blocks if b.decision == KEPT] if paragraphs is None else paragraphs
    article.blocks = blocks
    article.removed = group_removed(blocks)
    return article
