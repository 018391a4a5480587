"""newsclean: turn a raw news page (HTML or a whole-page text dump) into clean JSON.

    >>> import newsclean
    >>> art = newsclean.extract(open("page.txt", "rb").read())
    >>> art.title, art.paragraphs, art.to_dict()

Only the standard library is imported here; the HTML front end (trafilatura,
lxml) is imported the first time an HTML page is extracted.
"""

from .explain import explain
from .model import SCHEMA_VERSION, Article, Block, Removed
from .pipeline import extract

__version__ = "0.1.0"

__all__ = ["extract", "explain", "Article", "Block", "Removed", "SCHEMA_VERSION", "__version__"]
