"""Assemble classified blocks into an Article (shared by both front ends)."""

from __future__ import annotations

from .model import KEPT, Article, Block, group_removed


def assemble(blocks: list[Block]) -> Article:
    """Kept blocks become paragraphs; removed ones are grouped by kind and heading."""
    return Article(
        paragraphs=[b.text for b in blocks if b.decision == KEPT],
        removed=group_removed(blocks),
        blocks=blocks,
    )
