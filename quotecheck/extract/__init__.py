"""Extraction: one document to its quotes, speakers and matching keys.

``extract_all`` is the whole stage for one document; the modules beside it are
its steps (quotes, mentions, attribution, resolution, keys). Nothing here looks
beyond the document.
"""

from quotecheck.extract.document import Extracted, extract, extract_all

__all__ = ["Extracted", "extract", "extract_all"]
