"""The stanza backends: stanza pipelines read back as quotedb ``Annotation`` s.

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

This is the only module that imports stanza (and so torch), and only when a pipeline is
first built or run: an ingest with the rules backend never loads them. Nothing here downloads
at run time: pipelines are built with ``download_method=None``. Torch runs
``QUOTEDB_TORCH_THREADS`` intra-op threads (default 1): ingest's worker processes are the
parallelism, and torch's own threads on the same cores only fight them.

Texts are run in batches (:func:`annotate_many`): the hard lines of several articles go to
stanza in one call, which is faster than one call per article.

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
import os
import tempfile
import threading
from bisect import bisect_right
from pathlib import Path
from typing import TYPE_CHECKING

from ..lexicon import load
from .base import DEPENDENCIES, ENTITIES, SENTENCES, Annotation, NLPUnavailable, Segmentation
from .rules import capped, split_lines, split_sentences

if TYPE_CHECKING:
    import stanza
    from stanza.models.common.doc import Document


BACKENDS = ("auto", "official", "compact", "rules")
OFFICIAL_PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")
# Shipped compact models: quotedb/models/<lang>/<file>. Module-level so tests can point it away.
COMPACT_MODEL_DIR = Path(__file__).resolve().parents[1] / "models"
COMPACT_TOKENIZER = "tokenize.pt"
COMPACT_NER = "ner.pt"
COMPACT_NER_PRETRAIN = "ner_pretrain.pt"
LEGACY_STANZA_DIR = Path("~/stanza_resources").expanduser()

MAX_PIECE = 600  # characters per stanza input (see _pieces)

_PIPELINES: dict[tuple[str, str, str], tuple[stanza.Pipeline, str]] = {}
_FAILURES: dict[tuple[str, str, str], "NLPUnavailable"] = {}
_LOCK = threading.RLock()
_EMPTY_RESOURCES: str | None = None
THREADS_VARIABLE = "QUOTEDB_TORCH_THREADS"


# ---------------------------------------------------------------------------------------------
# public API


def download_models(languages: list[str], model_dir: str | None = None) -> None:
    """Download the official stanza models for ``languages`` into ``model_dir``.

    ``model_dir`` defaults to ``$STANZA_RESOURCES_DIR`` or stanza's default directory. Needs
    internet; a network failure raises :class:`NLPUnavailable`.
    """
    import requests
    import stanza

    target = str(_official_dir(model_dir))
    processors = ",".join(OFFICIAL_PROCESSORS)
    for raw in languages:
        language = normalize_language(raw)
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


def compact_languages() -> list[str]:
    """Languages with a shipped compact tokenizer."""
    if not COMPACT_MODEL_DIR.is_dir():
        return []
    return sorted(p.name for p in COMPACT_MODEL_DIR.iterdir() if (p / COMPACT_TOKENIZER).is_file())


# ---------------------------------------------------------------------------------------------
# backends


def official_installed(language: str, model_dir: str | None) -> bool:
    return _find_official_dir(language, model_dir) is not None


def official_dir(model_dir: str | None) -> Path:
    """Where official models are looked for (and downloaded to) for ``model_dir``."""
    return _official_dir(model_dir)


def compact_shipped(language: str) -> bool:
    return _compact_paths(language) is not None


def annotate_many(backend: str, texts: list[str], language: str, model_dir: str | None = None) -> list[Annotation]:
    """One Annotation per text, by the ``official`` or ``compact`` pipeline, all in one stanza call.

    Each text goes in as its hard lines (long ones cut, see ``_pieces``): the paragraphs every later
    stage works on (quotes never cross one), so no sentence may cross one either.
    """
    loaded = _official_pipeline(language, model_dir) if backend == "official" else _compact_pipeline(language)
    pipeline, annotator = loaded
    pieces = [list(_pieces(text, language)) for text in texts]
    inputs = [text[start:end] for text, spans in zip(texts, pieces) for start, end in spans]
    parts = iter(_run(pipeline, inputs))
    provides = frozenset({SENTENCES} | ({ENTITIES} if "ner" in pipeline.processors else set())
                         | ({DEPENDENCIES} if "depparse" in pipeline.processors else set()))
    out = []
    for text, spans in zip(texts, pieces):
        docs = [(offset, next(parts)) for offset, _ in spans]
        out.append(Annotation(
            text, annotator, segmentation_from_spans(text, _sentence_spans(text, docs)), provides,
            entities=tuple(e for offset, doc in docs for e in neural_entities(doc, text, offset))
            if ENTITIES in provides else (),
            subjects={verb: subject for offset, doc in docs for verb, subject in dependency_subjects(doc, offset).items()}
            if DEPENDENCIES in provides else {},
        ))
    return out


def _run(pipeline: stanza.Pipeline, inputs: list[str]) -> list[Document]:
    from stanza.models.common.doc import Document

    return pipeline([Document([], text=piece) for piece in inputs]) if inputs else []


# ---------------------------------------------------------------------------------------------
# a stanza Document as an Annotation

_NEURAL_LABELS = {"PERSON": "PERSON", "PER": "PERSON", "ORG": "ORG"}
_SUBJECT_RELATIONS = ("nsubj", "nsubj:pass")
_SUBJECT_PARTS = ("compound", "flat", "flat:name", "amod", "det", "nmod:poss", "case")


def annotation_from_document(doc: Document, text: str, annotator: str, provides: frozenset[str]) -> Annotation:
    """What the extraction reads of a stanza Document of ``text`` (read from CoNLL-U, say)."""
    return Annotation(
        text, annotator, segmentation_from_spans(text, _sentence_spans(text, [(0, doc)], merge_closers=False)),
        provides,
        entities=tuple(neural_entities(doc, text)) if ENTITIES in provides else (),
        subjects=dependency_subjects(doc) if DEPENDENCIES in provides else {},
    )


def _sentence_spans(text: str, docs: list[tuple[int, Document]], merge_closers: bool = True) -> list[tuple[int, int]]:
    """(first token start, last token end) of each sentence of Documents of parts of ``text``
    (each at its offset), a stray closing-quote sentence appended to the one it closes."""
    spans: list[tuple[int, int]] = []
    last_token = ""
    for offset, doc in docs:
        for sentence in doc.sentences:
            tokens = [t for t in sentence.tokens if t.start_char is not None and t.end_char is not None]
            if not tokens:
                continue
            start, end = tokens[0].start_char + offset, tokens[-1].end_char + offset
            if merge_closers and spans and _is_stray_closer(tokens, last_token, text[spans[-1][1]:start]):
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
                last_token = tokens[-1].text
    return spans


def segmentation_from_spans(text: str, spans: list[tuple[int, int]]) -> Segmentation:
    """A backend's sentences, cut at hard lines (quotes and attributions never cross one).

    Lines (paragraphs) come from the text itself; a sentence a backend ran across a line
    break is cut there.
    """
    lines = split_lines(text)
    line_starts = [line.start for line in lines]
    sentences, sentence_lines = [], []
    for start, end in spans:
        index = max(bisect_right(line_starts, start) - 1, 0)
        while index < len(lines) and lines[index].start < end:
            line = lines[index]
            piece_start, piece_end = max(start, line.start), min(end, line.end)
            for span in capped(text, piece_start, piece_end):
                if not sentences or span[0] >= sentences[-1][1]:  # keep them ordered, disjoint
                    sentences.append(span)
                    sentence_lines.append(index)
            index += 1
    return Segmentation(text, tuple(lines), tuple(sentences), tuple(sentence_lines))


def neural_entities(doc: Document, text: str, offset: int = 0) -> list[tuple[int, int, str]]:
    """PERSON and ORG spans from the NER of a Document of ``text`` (or of its part at ``offset``)."""
    out = []
    for entity in doc.ents:
        label = _NEURAL_LABELS.get(entity.type)
        if label and entity.start_char is not None and entity.end_char is not None:
            out.append((entity.start_char + offset, _whole_word_end(text, entity.end_char + offset), label))
    return out


def _whole_word_end(text: str, end: int) -> int:
    """Extend an entity cut at a hyphen to the whole word: EWT tokenizers split "Jong-un"."""
    while end + 1 < len(text) and text[end] in "-‐‑" and text[end + 1].isalnum():
        end += 1
        while end < len(text) and text[end].isalnum():
            end += 1
    return end


def dependency_subjects(doc: Document, offset: int = 0) -> dict[int, tuple[tuple[int, int], tuple[int, int]]]:
    """Verb offset -> (subject head word, subject phrase), from a parsed Document (of a part at ``offset``).

    The phrase is the head with its name parts and modifiers, never its relative clauses or
    appositions ("The negotiator who led the talks in Singapore").
    """
    subjects = {}
    for sentence in doc.sentences:
        words = sentence.words
        for word in words:
            if word.deprel not in _SUBJECT_RELATIONS or not word.head or word.start_char is None:
                continue
            verb = words[word.head - 1]
            parts = [w for w in words if w.head == word.id and w.deprel in _SUBJECT_PARTS and w.start_char is not None]
            start = min([word.start_char] + [w.start_char for w in parts])
            end = max([word.end_char] + [w.end_char for w in parts])
            if verb.start_char is not None:
                subjects[verb.start_char + offset] = ((word.start_char + offset, word.end_char + offset),
                                                      (start + offset, end + offset))
    return subjects


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
        pipeline = _load_pipeline(
            f"official stanza models for {language!r} in {directory} failed to load ({{}}): {fix}",
            language, dir=str(directory), processors=",".join(processors), logging_level="WARN")
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
        pipeline = _load_pipeline(
            f"compact stanza model for {language!r} failed to load ({{}}); reinstall quotedb or use --nlp rules",
            language, dir=str(COMPACT_MODEL_DIR), processors=",".join(processors),
            resources_filepath=_empty_resources_file(), allow_unknown_language=True,
            logging_level="ERROR",  # "unsupported language" is expected with an empty resources file
            **options)
        return pipeline, f"stanza-compact:{language}:{','.join(pipeline.processors)}"

    return _cached(key, build)


def _load_pipeline(failure: str, language: str, **options) -> stanza.Pipeline:
    """A stanza Pipeline that downloads nothing, on the CPU, torch at QUOTEDB_TORCH_THREADS threads.

    ``failure`` is the message of the NLPUnavailable raised when it cannot be built, ``{}``
    standing for the cause.
    """
    import stanza
    import torch

    torch.set_num_threads(torch_threads())
    try:
        return stanza.Pipeline(language, download_method=None, use_gpu=False, **options)
    except Exception as exc:  # FileNotFoundError, torch load errors, bad resources...
        raise NLPUnavailable(failure.format(_one_line(exc))) from exc


def torch_threads() -> int:
    """Torch's intra-op threads: QUOTEDB_TORCH_THREADS, default 1 (ingest's processes are the parallelism)."""
    value = os.environ.get(THREADS_VARIABLE, "1")
    try:
        threads = int(value)
    except ValueError:
        raise NLPUnavailable(f"{THREADS_VARIABLE}={value!r} is not a number of threads") from None
    if threads < 1:
        raise NLPUnavailable(f"{THREADS_VARIABLE}={value!r}: at least one thread is needed")
    return threads


_CLOSERS = set("\"'”’»)]}")
_FINAL = set(".!?…")


def _is_stray_closer(tokens, previous_last: str, between: str) -> bool:
    """A sentence that is only closing quotes/brackets right after a finished sentence on the same line.

    stanza's EWT-trained tokenizers split `level."` before a paragraph break into `level.` and a
    one-token sentence `"`; the quote belongs to the sentence it closes.
    """
    if not all(t.text and set(t.text) <= _CLOSERS for t in tokens):
        return False
    if not previous_last or (previous_last[-1] not in _FINAL and not set(previous_last) <= _CLOSERS):
        return False
    return "\n" not in between


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


def normalize_language(language: str | None) -> str:
    code = (language or "en").strip().lower().replace("_", "-")
    return code.split("-", 1)[0] or "en"


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def _looks_like_network_error(exc: OSError) -> bool:
    import socket

    return isinstance(exc, (ConnectionError, TimeoutError, socket.gaierror, socket.timeout))
