"""Why each line went or stayed: the decisions behind a record, line by line.

``explain`` reads the decisions that :func:`newsclean.extract` made — it runs
the same extraction, so the two can never disagree — and lays them out one
entry per input line (text dumps) or per block (HTML):

    >>> for d in newsclean.explain(open("page.txt", "rb").read()):
    ...     print(d.line, d.decision, d.reason, d.text)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .model import KEPT, Article


class Decision:
    """One line (or HTML block): its text, ``"kept"`` or the removed kind, and the rule."""

    __slots__ = ("line", "text", "decision", "reason", "heading")

    def __init__(self, line: int, text: str, decision: str, reason: str, heading: str | None):
        self.line, self.text, self.decision, self.reason, self.heading = line, text, decision, reason, heading

    @property
    def kept(self) -> bool:
        return self.decision == KEPT

    def to_dict(self) -> dict[str, object]:
        return {"line": self.line, "text": self.text, "decision": self.decision, "reason": self.reason}

    def __repr__(self) -> str:
        return f"Decision(line={self.line}, decision={self.decision!r}, reason={self.reason!r})"


def decisions(article: Article) -> Iterator[Decision]:
    """The decisions of an extracted article, in page order.

    A text dump gives one entry per non-blank input line (every line of a
    re-joined wrapped paragraph shares its block's decision); HTML gives one
    entry per block.
    """
    for block in article.blocks:
        heading = block.heading if not block.is_heading else None
        if article.input_type == "text" and block.lines:
            for offset, raw in enumerate(block.lines):
                if raw.strip():
                    yield Decision(block.line + offset, raw.strip(), block.decision, block.reason, heading)
        else:
            yield Decision(block.line, block.text, block.decision, block.reason, heading)


def explain(data: str | bytes, **options: Any) -> list[Decision]:
    """Extract ``data`` (same options as :func:`newsclean.extract`) and list its decisions."""
    from .pipeline import extract

    return list(decisions(extract(data, **options)))
