"""The pipeline: detect HTML/text → decode → front end → blocks → classify → assemble.

``extract`` is the library's entry point; the CLI is a thin layer over it.
"""
from __future__ import annotations

from typing import Iterable, Optional, Union

from .decode import decode
from .detect import detect_input_type
from .model import REMOVED_KINDS, Article, group_removed

INPUT_TYPES = ("auto", "text", "html")
FAVORS = ("balanced", "precision", "recall")


def extract(
    data: Union[str, bytes],
    *,
    url: Optional[str] = None,
    input_type: str = "auto",
    source: Optional[str] = None,
    favor: str = "balanced",
    keep: Iterable[str] = (),
) -> Article:
    """Extract the story from a page.

    ``data`` is the page as bytes (decoded robustly) or str. ``input_type`` is
    ``"auto"`` (detect), ``"text"`` (a whole-page text dump) or ``"html"``.
    ``url`` is the page's address as the caller knows it (it wins over a
    canonical link in the page). ``source`` is copied into the record (the CLI
    passes the path as given). ``favor`` is ``"balanced"``, ``"precision"``
    (cut more at the story's edges) or ``"recall"`` (cut less). ``keep``
    names removed kinds to keep in the text instead (e.g. ``{"tags"}``).
    """
    if input_type not in INPUT_TYPES:
        raise ValueError(f"input_type must be one of {', '.join(INPUT_TYPES)}, not {input_type!r}")
    if favor not in FAVORS:
        raise ValueError(f"favor must be one of {', '.join(FAVORS)}, not {favor!r}")
    keep = frozenset(keep)
    unknown = keep - set(REMOVED_KINDS)
    if unknown:
        raise ValueError(f"unknown kind(s) to keep: {', '.join(sorted(unknown))}; kinds are {', '.join(REMOVED_KINDS)}")
    if input_type == "auto":
        sample = data[:65536].encode("utf-8", "replace") if isinstance(data, str) else data
        input_type = detect_input_type(sample)
    text, encoding = decode(data, is_html=input_type == "html")
    if input_type == "html":
        from .html.frontend import extract_html  # heavy imports live behind this line

        article = extract_html(text, url=url, favor=favor)
    else:
        from .text.frontend import extract_text

        article = extract_text(text, url=url, favor=favor)
    article.source = source
    article.input_type = input_type
    if url:
        article.url = url
    if encoding.endswith("(guessed)"):
        article.warnings.append(f"encoding {encoding}: the bytes are not UTF-8 and declare no usable charset")
    if keep:
        _keep_kinds(article, keep)
    if not article.paragraphs:
        article.warnings.append("no article text found")
    return article


def _keep_kinds(article: Article, keep: frozenset) -> None:
    """Put the blocks of the kinds in ``keep`` back into the text, in page order.

    The text is then rebuilt from the blocks (for HTML, instead of
    trafilatura's lines), so it is done only when such a block exists.
    """
    wanted = [b for b in article.blocks if b.decision in keep and not b.is_heading]
    if not wanted:
        return
    for b in wanted:
        b.keep(f"kept on request ({b.decision})")
    article.paragraphs = [b.text for b in article.blocks if b.kept]
    article.removed = group_removed(article.blocks)
