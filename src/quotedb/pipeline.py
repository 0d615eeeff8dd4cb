"""The whole extraction for one raw document: clean → annotate → extract. No database."""
from __future__ import annotations

from .clean import clean_html, clean_text, parse_date
from .extract import UNSUPPORTED_LANGUAGE, extract
from .lang import languages, normalize, supports
from .nlp import NLPUnavailable, annotate, compact_languages, warn_once
from .records import Processed
from .sources import RawDocument


def process(raw: RawDocument, nlp: str = "auto", model_dir: str | None = None) -> Processed:
    cleaner = clean_html if raw.format == "html" else clean_text
    article = cleaner(raw.content, source=raw.source)
    # Metadata given by the input itself (JSON Lines fields) beats what the page suggests.
    meta = raw.meta
    article.title = meta.get("title") or article.title
    article.outlet = meta.get("outlet") or article.outlet
    article.url = meta.get("url") or article.url
    if meta.get("date"):
        article.published = parse_date(meta["date"]) or article.published
    article.language = normalize(meta.get("language") or article.language)
    if not supports(article.language):  # never read as another language: quotation marks only
        warn_once(article.language, f"no language pack for {article.language!r} (packs: {', '.join(languages())}): "
                                    f"its quotations are stored unattributed (rule {UNSUPPORTED_LANGUAGE!r})")
        doc, annotator = annotate(article.text, article.language, backend="rules")
        return Processed(raw, article, extract(article.text, article.language, doc=doc), annotator)
    try:
        doc, annotator = annotate(article.text, article.language, backend=nlp, model_dir=model_dir)
    except NLPUnavailable as exc:  # a forced backend without a model for this language
        fallback = "compact" if nlp == "official" and article.language in compact_languages() else "rules"
        warn_once(article.language, f"{exc}; using the {fallback} backend for {article.language!r}")
        doc, annotator = annotate(article.text, article.language, backend=fallback)
    quotes = extract(article.text, article.language, doc=doc)
    return Processed(raw, article, quotes, annotator)
