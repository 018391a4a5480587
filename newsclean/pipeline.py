"""The pipeline: detect HTML/text → decode → front end → blocks → classify → assemble.

``extract`` is the library's entry point; the CLI is a thin layer over it.
"""
from __future__ import annotations

from typing import Optional, Union

from .decode import decode
from .detect import detect_input_type
from .model import Article

INPUT_TYPES = ("auto", "text", "html")


def extract(
    data: Union[str, bytes],
    *,
    url: Optional[str] = None,
    input_type: str = "auto",
    source: Optional[str] = None,
) -> Article:
    """Extract the story from a page.

    ``data`` is the page as bytes (decoded robustly) or str. ``input_type`` is
    ``"auto"`` (detect), ``"text"`` (a whole-page text dump) or ``"html"``.
    ``source`` is copied into the record (the CLI passes the path as given).
    """
    if input_type not in INPUT_TYPES:
        raise ValueError(f"input_type must be one of {', '.join(INPUT_TYPES)}, not {input_type!r}")
    if input_type == "auto":
        sample = data[:65536].encode("utf-8", "replace") if isinstance(data, str) else data
        input_type = detect_input_type(sample)
    text, _encoding = decode(data, is_html=input_type == "html")
    if input_type == "html":
        from .html.frontend import extract_html  # heavy imports live behind this line

        article = extract_html(text, url=url)
    else:
        from .text.frontend import extract_text

        article = extract_text(text, url=url)
    article.source = source
    article.input_type = input_type
    if url and not article.url:
        article.url = url
    if not article.paragraphs:
        article.warnings.append("no article text found")
    return article
