"""The NLP layer: turn article text into a ``stanza.Document`` for the extraction stages.

Three backends fill the Document, best first:

``official``
    stanza's own pipelines (tokenize, mwt, pos, lemma, depparse, ner), installed by the user
    with internet access: ``quotedb models download --lang en`` (see :func:`download_models`).
    Looked for in ``model_dir``, else ``$STANZA_RESOURCES_DIR``, else stanza's default
    directory (and the pre-1.10 default ``~/stanza_resources``); a language counts as installed
    when the directory has ``resources.json`` and a folder for the language.
``compact``
    small stanza models shipped inside the package (``quotedb/models/<lang>/``), trained with
    stanza's own tools from UD English-EWT / UNER (recipe: ``training/README.md``). English
    only: a tokenizer / sentence splitter (``tokenize.pt``) and, when shipped, an NER model
    (``ner.pt`` with its word vectors ``ner_pretrain.pt``).
``rules``
    :func:`quotedb.annotate.rules_document`: regex sentences and tokens, no model at all.

``annotate(text, language, backend="auto")`` picks official, else compact, else rules, and
never raises for a missing model: each fallback is logged once (``logging`` warning on the
``quotedb.nlp`` logger) and visible in the returned annotator string. A forced backend
("official", "compact", "rules") that cannot load raises :class:`NLPUnavailable`, whose
one-line message names the fix.

Nothing here downloads at run time: pipelines are built with ``download_method=None``.

One repair is applied to every stanza Document: a "sentence" made only of closing quotes or
brackets right after a finished sentence on the same line (EWT-trained tokenizers split
``level."`` + paragraph break into ``level.`` and ``"``) is appended to the sentence it closes.

Global state: loaded pipelines (and load failures, so a broken model is not retried for every
article) are cached per process in ``_PIPELINES`` / ``_FAILURES``, keyed by
``(backend, language, model directory)``. :func:`clear_cache` empties both; it runs after
:func:`download_models`. Worker processes each build their own.
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from pathlib import Path

import stanza
from stanza.models.common.doc import Document

from .annotate import rules_document, split_lines, split_sentences
from .lexicon import load

log = logging.getLogger(__name__)

BACKENDS = ("auto", "official", "compact", "rules")
OFFICIAL_PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")
# Shipped compact models: quotedb/models/<lang>/<file>. Module-level so tests can point it away.
COMPACT_MODEL_DIR = Path(__file__).parent / "models"
COMPACT_TOKENIZER = "tokenize.pt"
COMPACT_NER = "ner.pt"
COMPACT_NER_PRETRAIN = "ner_pretrain.pt"
LEGACY_STANZA_DIR = Path("~/stanza_resources").expanduser()

MAX_PIECE = 600  # characters per stanza input (see _pieces)

_PIPELINES: dict[tuple[str, str, str], tuple[stanza.Pipeline, str]] = {}
_FAILURES: dict[tuple[str, str, str], "NLPUnavailable"] = {}
_WARNED: set[tuple[str, str]] = set()
_LOCK = threading.RLock()
_EMPTY_RESOURCES: str | None = None


class NLPUnavailable(RuntimeError):
    """A requested NLP backend or model cannot be used; the message says how to fix it."""


# ---------------------------------------------------------------------------------------------
# public API


def annotate(
    text: str, language: str = "en", backend: str = "auto", model_dir: str | None = None
) -> tuple[Document, str]:
    """Annotate ``text``; return the Document and the annotator that made it.

    The annotator string is recorded on the article, e.g.
    ``"stanza-official:en:tokenize,mwt,pos,lemma,depparse,ner"``, ``"stanza-compact:en:tokenize"``
    or ``"rules:en"``. ``model_dir`` only concerns the official models.
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown NLP backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    language = _normalize_language(language)
    if backend == "rules":
        return _rules(text, language)
    if backend == "official":
        return _run(_official_pipeline(language, model_dir), text, language)
    if backend == "compact":
        return _run(_compact_pipeline(language), text, language)

    # auto: official if installed, else compact if shipped, else rules. Never raises for models.
    official_dir = _find_official_dir(language, model_dir)
    if official_dir is not None:
        try:
            return _run(_official_pipeline(language, str(official_dir)), text, language)
        except NLPUnavailable as exc:
            warn_once(language, f"official stanza models unusable, falling back: {exc}")
    else:
        warn_once(
            language,
            f"official stanza models for {language!r} not installed in {_official_dir(model_dir)}; "
            f"using a smaller backend (run `quotedb models download --lang {language}` for POS, "
            "lemmas, dependencies and NER)",
        )
    if _compact_paths(language) is not None:
        try:
            return _run(_compact_pipeline(language), text, language)
        except NLPUnavailable as exc:
            warn_once(language, f"compact model unusable, falling back to rules: {exc}")
    else:
        warn_once(language, f"no stanza model for {language!r} (official or compact): using the rules backend")
    return _rules(text, language)


def download_models(languages: list[str], model_dir: str | None = None) -> None:
    """Download the official stanza models for ``languages`` into ``model_dir``.

    ``model_dir`` defaults to ``$STANZA_RESOURCES_DIR`` or stanza's default directory. Needs
    internet; a network failure raises :class:`NLPUnavailable`.
    """
    import requests

    target = str(_official_dir(model_dir))
    processors = ",".join(OFFICIAL_PROCESSORS)
    for raw in languages:
        language = _normalize_language(raw)
        try:
            stanza.download(language, model_dir=target, processors=processors, logging_level="WARN")
        except requests.exceptions.RequestException as exc:
            raise NLPUnavailable(
                f"could not reach the stanza model hub: {_one_line(exc)}; "
                "quotedb keeps working with the compact/rules backends"
            ) from exc
        except ValueError as exc:  # stanza's UnknownLanguageError, md5 mismatch, ...
            raise NLPUnavailable(f"stanza cannot provide models for {language!r}: {_one_line(exc)}") from exc
        except OSError as exc:
            if _looks_like_network_error(exc):
                raise NLPUnavailable(
                    f"could not reach the stanza model hub: {_one_line(exc)}; "
                    "quotedb keeps working with the compact/rules backends"
                ) from exc
            raise NLPUnavailable(f"could not write stanza models to {target}: {_one_line(exc)}") from exc
    clear_cache()


def clear_cache() -> None:
    """Forget loaded pipelines and remembered load failures (e.g. after installing models)."""
    with _LOCK:
        _PIPELINES.clear()
        _FAILURES.clear()
        _WARNED.clear()


def official_model_dir(model_dir: str | None = None) -> Path:
    """Where official models are looked for / downloaded to when ``model_dir`` is not given."""
    return _official_dir(model_dir)


def compact_languages() -> list[str]:
    """Languages with a shipped compact tokenizer."""
    if not COMPACT_MODEL_DIR.is_dir():
        return []
    return sorted(p.name for p in COMPACT_MODEL_DIR.iterdir() if (p / COMPACT_TOKENIZER).is_file())


# ---------------------------------------------------------------------------------------------
# backends


def _rules(text: str, language: str) -> tuple[Document, str]:
    return rules_document(text, language), f"rules:{language}"


def _run(loaded: tuple[stanza.Pipeline, str], text: str, language: str) -> tuple[Document, str]:
    """Annotate ``text`` one hard line at a time (stanza's bulk mode), offsets into ``text``.

    Lines are the paragraphs every later stage works on (quotes never cross one), so no
    sentence may cross one either.
    """
    pipeline, annotator = loaded
    pieces = list(_pieces(text, language))
    parts = pipeline([Document([], text=text[start:end]) for start, end in pieces]) if pieces else []
    sentences = []
    for (offset, _), part in zip(pieces, parts):
        for sentence in part.sentences:
            rows = sentence.to_dict()
            for row in rows:
                if row.get("start_char") is not None:
                    row["start_char"] += offset
                    row["end_char"] += offset
            sentences.append(rows)
    doc = Document(sentences, text=text)
    if any(token.ner is not None for sentence in doc.sentences for token in sentence.tokens):
        doc.build_ents()  # NER ran: doc.ents / sentence.ents from the token tags
    doc = _merge_stray_closers(doc, text)
    doc.lang = language
    return doc, annotator


def _pieces(text: str, language: str):
    """Hard lines, with lines over MAX_PIECE characters cut at rule-based sentence ends.

    stanza pads every input in a batch to the longest: one 6,000-character line made a whole
    page 10x slower.
    """
    lexicon = load(language)
    for line in split_lines(text):
        start = end = line.start
        for sentence_start, sentence_end in split_sentences(text, line.start, line.end, lexicon):
            if sentence_end - start > MAX_PIECE and end > start:
                yield start, end
                start = sentence_start
            end = sentence_end
        yield start, end


def _official_pipeline(language: str, model_dir: str | None) -> tuple[stanza.Pipeline, str]:
    directory = _find_official_dir(language, model_dir) if model_dir is None else Path(model_dir).expanduser()
    if directory is None:
        directory = _official_dir(None)
    key = ("official", language, str(directory))

    def build() -> tuple[stanza.Pipeline, str]:
        where = f" --model-dir {directory}" if model_dir is not None else ""
        fix = f"run `quotedb models download --lang {language}{where}` (needs internet)"
        resources_file = directory / "resources.json"
        if not _installed(directory, language):
            raise NLPUnavailable(f"official stanza models for {language!r} are not installed in {directory}: {fix}")
        try:
            resources = json.loads(resources_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise NLPUnavailable(f"unreadable {resources_file} ({_one_line(exc)}): {fix}") from exc
        from stanza.resources.common import get_language_resources

        lang_resources = get_language_resources(resources, language) or {}
        processors = [p for p in OFFICIAL_PROCESSORS if p in lang_resources]
        if "tokenize" not in processors:
            raise NLPUnavailable(f"stanza's resources.json in {directory} has no tokenizer for {language!r}: {fix}")
        try:
            pipeline = stanza.Pipeline(
                language,
                dir=str(directory),
                processors=",".join(processors),
                download_method=None,
                logging_level="WARN",
                use_gpu=False,
            )
        except Exception as exc:  # FileNotFoundError, torch load errors, bad resources...
            raise NLPUnavailable(
                f"official stanza models for {language!r} in {directory} failed to load ({_one_line(exc)}): {fix}"
            ) from exc
        loaded = ",".join(pipeline.processors)
        return pipeline, f"stanza-official:{language}:{loaded}"

    return _cached(key, build)


def _compact_paths(language: str) -> dict[str, Path] | None:
    folder = COMPACT_MODEL_DIR / language
    tokenizer = folder / COMPACT_TOKENIZER
    if not tokenizer.is_file():
        return None
    paths = {"tokenize": tokenizer}
    ner, pretrain = folder / COMPACT_NER, folder / COMPACT_NER_PRETRAIN
    if ner.is_file() and pretrain.is_file():
        paths["ner"] = ner
        paths["ner_pretrain"] = pretrain
    return paths


def _compact_pipeline(language: str) -> tuple[stanza.Pipeline, str]:
    key = ("compact", language, str(COMPACT_MODEL_DIR))

    def build() -> tuple[stanza.Pipeline, str]:
        paths = _compact_paths(language)
        if paths is None:
            shipped = ", ".join(compact_languages()) or "none"
            raise NLPUnavailable(
                f"no compact model for {language!r} in {COMPACT_MODEL_DIR / language / COMPACT_TOKENIZER} "
                f"(shipped: {shipped}); use --nlp rules, or install official models with "
                f"`quotedb models download --lang {language}`"
            )
        options = {"tokenize_model_path": str(paths["tokenize"])}
        processors = ["tokenize"]
        if "ner" in paths:
            processors.append("ner")
            options["ner_model_path"] = str(paths["ner"])
            options["ner_pretrain_path"] = str(paths["ner_pretrain"])
        try:
            pipeline = stanza.Pipeline(
                language,
                dir=str(COMPACT_MODEL_DIR),
                processors=",".join(processors),
                download_method=None,
                resources_filepath=_empty_resources_file(),
                allow_unknown_language=True,
                logging_level="ERROR",  # "unsupported language" is expected with an empty resources file
                use_gpu=False,
                **options,
            )
        except Exception as exc:
            raise NLPUnavailable(
                f"compact stanza model for {language!r} failed to load ({_one_line(exc)}); "
                "reinstall quotedb or use --nlp rules"
            ) from exc
        return pipeline, f"stanza-compact:{language}:{','.join(pipeline.processors)}"

    return _cached(key, build)


_CLOSERS = set("\"'”’»)]}")
_FINAL = set(".!?…")


def _is_stray_closer(sentence, previous, text: str) -> bool:
    """A sentence that is only closing quotes/brackets right after a finished sentence on the same line.

    stanza's EWT-trained tokenizers split `level."` before a paragraph break into `level.` and a
    one-token sentence `"`; the quote belongs to the sentence it closes.
    """
    tokens = sentence.tokens
    if not tokens or not all(t.text and set(t.text) <= _CLOSERS for t in tokens):
        return False
    last = previous.tokens[-1]
    if not last.text or (last.text[-1] not in _FINAL and not set(last.text) <= _CLOSERS):
        return False
    return "\n" not in text[last.end_char:tokens[0].start_char]


def _merge_stray_closers(doc: Document, text: str) -> Document:
    """Append stray closing-quote sentences to the sentence before them (ids and heads renumbered)."""
    sentences = doc.sentences
    if not any(_is_stray_closer(s, p, text) for p, s in zip(sentences, sentences[1:])):
        return doc
    merged: list[list[dict]] = []
    for index, sentence in enumerate(sentences):
        rows = sentence.to_dict()
        if index and _is_stray_closer(sentence, sentences[index - 1], text):
            target = merged[-1]
            offset = max(w["id"] for w in target if isinstance(w["id"], int))
            root = next((w["id"] for w in target if isinstance(w["id"], int) and w.get("head") == 0), None)
            for row in rows:
                ident = row["id"]
                row["id"] = tuple(i + offset for i in ident) if isinstance(ident, (tuple, list)) else ident + offset
                if "head" in row:
                    row["head"] = root if row["head"] == 0 and root is not None else row["head"] + offset
                    if row["head"] == root:
                        row["deprel"] = "punct"
                target.append(row)
        else:
            merged.append(rows)
    rebuilt = Document(merged, text=text)
    rebuilt.lang = getattr(doc, "lang", None)
    if any(token.ner is not None for sentence in sentences for token in sentence.tokens):
        rebuilt.build_ents()  # NER ran: rebuild doc.ents / sentence.ents from the token tags
    return rebuilt


# ---------------------------------------------------------------------------------------------
# helpers


def _cached(key, build):
    with _LOCK:
        if key in _PIPELINES:
            return _PIPELINES[key]
        if key in _FAILURES:
            raise _FAILURES[key]
        try:
            loaded = build()
        except NLPUnavailable as exc:
            _FAILURES[key] = exc
            raise
        _PIPELINES[key] = loaded
        return loaded


def _empty_resources_file() -> str:
    """A resources.json holding ``{}``: stanza then needs no downloaded index at all."""
    global _EMPTY_RESOURCES
    with _LOCK:
        if _EMPTY_RESOURCES is None or not os.path.exists(_EMPTY_RESOURCES):
            folder = tempfile.mkdtemp(prefix="quotedb-stanza-")
            path = os.path.join(folder, "resources.json")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write("{}")
            _EMPTY_RESOURCES = path
        return _EMPTY_RESOURCES


def _official_dir(model_dir: str | None) -> Path:
    if model_dir:
        return Path(model_dir).expanduser()
    env = os.environ.get("STANZA_RESOURCES_DIR")
    if env:
        return Path(env).expanduser()
    from stanza.resources.common import DEFAULT_MODEL_DIR

    return Path(DEFAULT_MODEL_DIR).expanduser()


def _installed(directory: Path, language: str) -> bool:
    return (directory / "resources.json").is_file() and (directory / language).is_dir()


def _find_official_dir(language: str, model_dir: str | None) -> Path | None:
    """The directory holding official models for ``language``, or None if not installed."""
    candidates = [_official_dir(model_dir)]
    if not model_dir and not os.environ.get("STANZA_RESOURCES_DIR"):
        candidates.append(LEGACY_STANZA_DIR)
    for directory in candidates:
        if _installed(directory, language):
            return directory
    return None


def _normalize_language(language: str | None) -> str:
    code = (language or "en").strip().lower().replace("_", "-")
    return code.split("-", 1)[0] or "en"


def warn_once(language: str, message: str) -> None:
    with _LOCK:
        if (language, message) in _WARNED:
            return
        _WARNED.add((language, message))
    log.warning(message)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def _looks_like_network_error(exc: OSError) -> bool:
    import socket

    return isinstance(exc, (ConnectionError, TimeoutError, socket.gaierror, socket.timeout))
