"""The whole extraction for raw documents: clean → annotate → extract. No database."""
from __future__ import annotations

from itertools import groupby

from .clean import clean_html, clean_text, parse_date
from .extract import UNSUPPORTED_LANGUAGE, extract
from .lang import languages, normalize, supports
from .nlp import annotate_many, warn_once
from .records import Article, Processed
from .sources import Failure, RawDocument

# Articles annotated in one stanza call: batching their lines is faster than a call per article,
# and more than this gains nothing while holding more memory.
ANNOTATION_BATCH = 16


def clean(raw: RawDocument) -> Article:
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
    return article


class NoArticleText(ValueError):
    """A page whose cleaned text is empty: only scripts, navigation or furniture, nothing to quote."""

    def __init__(self):
        super().__init__("no article text found")


def _backend(language: str, nlp: str) -> str:
    """The backend for articles in ``language``: the rules backend where it has no language pack
    (its quotations are stored unattributed), which one warning says."""
    if supports(language):
        return nlp
    warn_once(language, f"no language pack for {language!r} (packs: {', '.join(languages())}): "
                        f"its quotations are stored unattributed (rule {UNSUPPORTED_LANGUAGE!r})")
    return "rules"


def process(raw: RawDocument, nlp: str = "auto", model_dir: str | None = None) -> Processed:
    """One document through the whole pipeline; raises what goes wrong."""
    article = clean(raw)
    if not article.text.strip():
        raise NoArticleText()
    [annotation] = annotate_many([article.text], article.language, _backend(article.language, nlp), model_dir,
                                 fall_back=True)
    return Processed(raw, article, extract(article.text, article.language, annotation), annotation.annotator)


def process_all(items: list[RawDocument | Failure], nlp: str = "auto",
                model_dir: str | None = None) -> list[Processed | Failure]:
    """Every document through the pipeline, in order, the articles of one language annotated in
    batches. A document that fails becomes a Failure: one bad document never stops the others."""
    out: list[Processed | Failure | None] = [None] * len(items)
    articles = []
    for index, item in enumerate(items):
        article = _safely(lambda: clean(item), item)  # noqa: B023 (called at once)
        if isinstance(article, Failure):
            out[index] = article
        elif not article.text.strip():
            out[index] = Failure(item.where, str(NoArticleText()))
        else:
            articles.append((index, item, article))
    articles.sort(key=lambda entry: entry[2].language)  # stable: input order within a language
    for language, group in groupby(articles, key=lambda entry: entry[2].language):
        group = list(group)
        for start in range(0, len(group), ANNOTATION_BATCH):
            batch = group[start:start + ANNOTATION_BATCH]
            try:
                annotations = annotate_many([article.text for _, _, article in batch], language,
                                            _backend(language, nlp), model_dir, fall_back=True)
            except Exception:  # noqa: BLE001 (one text broke the batch: annotate each alone to find it)
                annotations = [None] * len(batch)
            for (index, raw, article), annotation in zip(batch, annotations):
                out[index] = _safely(lambda: _extracted(raw, article, annotation, nlp, model_dir), raw)
    return out


def _extracted(raw: RawDocument, article: Article, annotation, nlp: str, model_dir: str | None) -> Processed:
    if annotation is None:
        [annotation] = annotate_many([article.text], article.language, _backend(article.language, nlp), model_dir,
                                     fall_back=True)
    return Processed(raw, article, extract(article.text, article.language, annotation), annotation.annotator)


def process_safely(item: RawDocument | Failure, nlp: str = "auto", model_dir: str | None = None) -> Processed | Failure:
    """``process``, with a failure (or a document that could not be read) as a Failure."""
    if isinstance(item, Failure):
        return item
    return _safely(lambda: process(item, nlp, model_dir), item)


def _safely(step, raw: RawDocument | Failure):
    if isinstance(raw, Failure):
        return raw
    try:
        return step()
    except NoArticleText as exc:
        return Failure(raw.where, str(exc))
    except Exception as exc:  # noqa: BLE001 (one bad document never stops the batch)
        return Failure(raw.where, f"could not process: {type(exc).__name__}: {exc}")
