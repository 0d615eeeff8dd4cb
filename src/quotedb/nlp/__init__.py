"""The NLP layer: article text in, an ``Annotation`` (``nlp.base``) out, by one of three backends.

``official``
    stanza's own pipelines (tokenize, mwt, pos, lemma, depparse, ner), once the user has run
    ``quotedb models download --lang en`` (needs internet).
``compact``
    small stanza models shipped inside the package (English tokenizer / sentence splitter).
``rules``
    regular-expression lines and sentences, no model (``nlp.rules``).

``FALLBACK`` is the order of preference, written once: ``auto`` takes the first backend
available for the language; a forced backend that cannot be used raises
:class:`NLPUnavailable` (its one-line message names the fix), unless ``fall_back=True``, which
takes the next available one instead (what ingest does: a missing model never stops it). Each
fallback is logged once (a ``logging`` warning on the ``quotedb.nlp`` logger) and visible in
``Annotation.annotator``. stanza and torch are imported only when a stanza backend runs.
"""
from __future__ import annotations

import logging
import threading

from . import stanza_backend
from .base import DEPENDENCIES, ENTITIES, SENTENCES, Annotation, NLPUnavailable, Segmentation
from .rules import rules_annotation

__all__ = ["BACKENDS", "DEPENDENCIES", "ENTITIES", "FALLBACK", "SENTENCES", "Annotation", "NLPUnavailable",
           "Segmentation", "annotate", "annotate_many", "clear_cache", "compact_languages", "download_models"]

log = logging.getLogger(__name__)

FALLBACK = ("official", "compact", "rules")
BACKENDS = ("auto", *FALLBACK)

_WARNED: set[tuple[str, str]] = set()
_LOCK = threading.Lock()

compact_languages = stanza_backend.compact_languages


def annotate(text: str, language: str = "en", backend: str = "auto", model_dir: str | None = None,
             fall_back: bool = False) -> Annotation:
    """The Annotation of one text (see :func:`annotate_many`)."""
    return annotate_many([text], language, backend, model_dir, fall_back)[0]


def annotate_many(texts: list[str], language: str = "en", backend: str = "auto", model_dir: str | None = None,
                  fall_back: bool = False) -> list[Annotation]:
    """One Annotation per text, all of one language, by ``backend`` (stanza runs them in one batch).

    ``model_dir`` only concerns the official models.
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown NLP backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    language = stanza_backend.normalize_language(language)
    candidates = FALLBACK if backend == "auto" else FALLBACK[FALLBACK.index(backend):]
    for index, name in enumerate(candidates):
        if name == "rules":
            return [rules_annotation(text, language) for text in texts]
        forced = backend != "auto" and index == 0
        if not forced and not _available(name, language, model_dir, quiet=backend != "auto"):
            continue
        try:
            return stanza_backend.annotate_many(name, texts, language, model_dir)
        except NLPUnavailable as exc:
            if forced and not fall_back:
                raise
            following = next(n for n in candidates[index + 1:] if _available(n, language, model_dir, quiet=True))
            warn_once(language, f"{exc}; using the {following} backend for {language!r}")
    raise AssertionError("the rules backend always answers")


def _available(name: str, language: str, model_dir: str | None, quiet: bool = False) -> bool:
    """Is the backend installed for the language? Unless ``quiet``, logs once why not."""
    if name == "rules":
        return True
    if name == "official":
        if stanza_backend.official_installed(language, model_dir):
            return True
        if not quiet:
            warn_once(language, f"official stanza models for {language!r} not installed in "
                                f"{stanza_backend.official_dir(model_dir)}; using a smaller backend (run "
                                f"`quotedb models download --lang {language}` for POS, lemmas, dependencies and NER)")
        return False
    if stanza_backend.compact_shipped(language):
        return True
    if not quiet:
        warn_once(language, f"no stanza model for {language!r} (official or compact): using the rules backend")
    return False


def download_models(languages: list[str], model_dir: str | None = None) -> None:
    """Download the official stanza models for ``languages`` (needs internet; see stanza_backend)."""
    stanza_backend.download_models(languages, model_dir)
    clear_cache()


def clear_cache() -> None:
    """Forget loaded pipelines, remembered load failures and warnings (e.g. after installing models)."""
    stanza_backend.clear_cache()
    with _LOCK:
        _WARNED.clear()


def warn_once(language: str, message: str) -> None:
    with _LOCK:
        if (language, message) in _WARNED:
            return
        _WARNED.add((language, message))
    log.warning(message)
