"""The whole extraction for one raw document: clean → annotate → extract. No database."""
from __future__ import annotations

from .clean import clean_html, clean_text, parse_date
from .extract import extract
from .nlp import annotate
from .records import Processed
from .sources import RawDocument


def process(raw: RawDocument, nlp: str = "auto") -> Processed:
    cleaner = clean_html if raw.format == "html" else clean_text
    article = cleaner(raw.content, source=raw.source)
    # Metadata given by the input itself (JSON Lines fields) beats what the page suggests.
    meta = raw.meta
    article.title = meta.get("title") or article.title
    article.outlet = meta.get("outlet") or article.outlet
    article.url = meta.get("url") or article.url
    if meta.get("date"):
        article.published = parse_date(meta["date"]) or article.published
    doc, annotator = annotate(article.text, article.language, backend=nlp)
    quotes = extract(article.text, article.language, doc=doc)
    return Processed(raw, article, quotes, annotator)
