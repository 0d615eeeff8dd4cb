"""The NLP layer (quotedb.nlp): backends, fallbacks, errors. No network; the compact model is real."""
from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
import requests
import stanza

from quotedb import nlp
from quotedb.nlp import NLPUnavailable, annotate, annotate_many, download_models, stanza_backend

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_d04a632bfa31dd18.txt"
SHIPPED_TOKENIZER = stanza_backend.COMPACT_MODEL_DIR / "en" / "tokenize.pt"


def _assert_offsets(annotation, text: str) -> None:
    assert annotation.text == text
    previous_end = 0
    for start, end in annotation.segmentation.sentences:
        assert previous_end <= start < end <= len(text), "sentences out of order, overlapping or empty"
        assert text[start:end] == text[start:end].strip()
        previous_end = end


def _sentences(annotation) -> list[str]:
    return [annotation.text[start:end] for start, end in annotation.segmentation.sentences]


def test_shipped_compact_tokenizer_is_small():
    assert SHIPPED_TOKENIZER.is_file()
    total = sum(p.stat().st_size for p in SHIPPED_TOKENIZER.parent.parent.rglob("*") if p.is_file())
    assert total <= 25 * 1024 * 1024
    assert (SHIPPED_TOKENIZER.parent.parent / "LICENSE.md").is_file()


def test_real_stanza_pipeline_on_shipped_tokenizer_slices_the_seed_article(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    empty_resources = tmp_path / "resources.json"
    empty_resources.write_text("{}")
    pipeline = stanza.Pipeline(
        "en", dir=str(tmp_path), processors="tokenize", tokenize_model_path=str(SHIPPED_TOKENIZER),
        download_method=None, resources_filepath=str(empty_resources), allow_unknown_language=True,
        logging_level="ERROR", use_gpu=False,
    )
    doc = pipeline(text)
    assert len(doc.sentences) > 10
    annotation = stanza_backend.annotation_from_document(doc, text, "stanza", frozenset({nlp.SENTENCES}))
    _assert_offsets(annotation, text)
    sentences = _sentences(annotation)
    assert any(s.startswith("North Korea held a Politburo meeting on Wednesday") for s in sentences)


def test_annotate_compact_returns_an_annotation_with_its_annotator():
    text = SEED.read_text(encoding="utf-8")
    annotation = annotate(text, "en", backend="compact")
    assert annotation.annotator.startswith("stanza-compact:en:tokenize")
    assert annotation.provides == {nlp.SENTENCES}  # a tokenizer only: no entities, no dependencies
    assert len(annotation.segmentation.sentences) > 10
    _assert_offsets(annotation, text)
    # the pipeline is built once and cached per (backend, language, model dir)
    annotate("One more. And another.", "en", backend="compact")
    assert sum(1 for key in stanza_backend._PIPELINES if key[:2] == ("compact", "en")) == 1


def test_annotate_many_gives_each_text_what_it_gets_alone():
    texts = [SEED.read_text(encoding="utf-8"), "Short one. Another.", "", 'He said "yes." She left.']
    together = annotate_many(texts, "en", backend="compact")
    assert [a.segmentation for a in together] == [annotate(t, "en", backend="compact").segmentation for t in texts]


def test_torch_runs_the_configured_number_of_threads(monkeypatch):
    import torch

    monkeypatch.setenv("QUOTEDB_TORCH_THREADS", "1")
    stanza_backend.clear_cache()
    annotate("One. Two.", "en", backend="compact")
    assert torch.get_num_threads() == 1
    monkeypatch.setenv("QUOTEDB_TORCH_THREADS", "lots")
    stanza_backend.clear_cache()
    with pytest.raises(NLPUnavailable, match="QUOTEDB_TORCH_THREADS='lots' is not a number"):
        annotate("One. Two.", "en", backend="compact")
    stanza_backend.clear_cache()


def test_rules_backend_loads_no_torch():
    import subprocess
    import sys

    code = ("import sys; from quotedb.pipeline import process_all; from quotedb.sources import RawDocument; "
            "process_all([RawDocument('a.txt', 'a.txt', 'Kim said \"yes.\"', 'text', '0' * 64)], 'rules'); "
            "print('torch' in sys.modules, 'stanza' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split() \
        == ["False", "False"]


def test_annotate_empty_text():
    annotation = annotate("", "en", backend="compact")
    assert annotation.segmentation.sentences == () and annotation.annotator.startswith("stanza-compact:en")


def test_forced_official_without_models_names_the_fix(tmp_path):
    with pytest.raises(NLPUnavailable) as excinfo:
        annotate("Hello there.", "en", backend="official", model_dir=str(tmp_path))
    message = str(excinfo.value)
    assert "quotedb models download --lang en" in message
    assert str(tmp_path) in message
    assert "\n" not in message


def test_forced_official_with_broken_install_raises_and_auto_falls_back(tmp_path, caplog):
    (tmp_path / "resources.json").write_text("{}")
    (tmp_path / "en").mkdir()
    with pytest.raises(NLPUnavailable, match="quotedb models download"):
        annotate("Hello there.", "en", backend="official", model_dir=str(tmp_path))
    with caplog.at_level(logging.WARNING, logger="quotedb.nlp"):
        annotation = annotate("Hello there. General Kenobi.", "en", model_dir=str(tmp_path))
    assert annotation.annotator.startswith("stanza-compact:en")
    assert any("official" in r.getMessage() for r in caplog.records)


def test_auto_without_official_models_uses_compact_for_english(tmp_path):
    text = "The minister said talks would resume. Nobody else spoke."
    annotation = annotate(text, "en", backend="auto", model_dir=str(tmp_path))
    assert annotation.annotator.startswith("stanza-compact:en:tokenize")
    assert _sentences(annotation) == ["The minister said talks would resume.", "Nobody else spoke."]


def test_auto_without_any_model_uses_rules_for_indonesian(tmp_path):
    text = "Menteri itu mengatakan pembicaraan akan dilanjutkan. Tidak ada yang lain berbicara."
    annotation = annotate(text, "id", backend="auto", model_dir=str(tmp_path))
    assert annotation.annotator == "rules:id"
    assert len(_sentences(annotation)) == 2


def test_forced_compact_without_the_model_file_raises(tmp_path, monkeypatch):
    monkeypatch.setattr(stanza_backend, "COMPACT_MODEL_DIR", tmp_path)
    with pytest.raises(NLPUnavailable, match="no compact model for 'en'"):
        annotate("Hello there.", "en", backend="compact")
    with pytest.raises(NLPUnavailable, match="no compact model for 'id'"):
        annotate("Halo.", "id", backend="compact")


def test_auto_with_missing_compact_model_falls_back_to_rules(tmp_path, monkeypatch):
    monkeypatch.setattr(stanza_backend, "COMPACT_MODEL_DIR", tmp_path / "models")
    annotation = annotate("Hello there. Bye.", "en", model_dir=str(tmp_path / "official"))
    assert annotation.annotator == "rules:en"


def test_corrupt_compact_model_raises_when_forced(tmp_path, monkeypatch):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "tokenize.pt").write_bytes(b"not a model")
    monkeypatch.setattr(stanza_backend, "COMPACT_MODEL_DIR", tmp_path)
    with pytest.raises(NLPUnavailable, match="failed to load"):
        annotate("Hello there.", "en", backend="compact")


def test_unknown_backend_is_a_value_error():
    with pytest.raises(ValueError, match="unknown NLP backend"):
        annotate("Hello.", "en", backend="spacy")


def test_download_models_without_network_raises_clear_error(tmp_path, monkeypatch):
    calls = []

    def offline(lang, **kwargs):
        calls.append((lang, kwargs))
        raise requests.exceptions.ConnectionError("Max retries exceeded with url: resources.json")

    monkeypatch.setattr(stanza, "download", offline)
    with pytest.raises(NLPUnavailable) as excinfo:
        download_models(["en"], str(tmp_path))
    message = str(excinfo.value)
    assert message.startswith("could not reach the stanza model hub")
    assert "quotedb keeps working with the compact/rules backends" in message
    assert calls[0][0] == "en"
    assert calls[0][1]["model_dir"] == str(tmp_path)
    assert calls[0][1]["processors"] == "tokenize,mwt,pos,lemma,depparse,ner"


def test_download_models_passes_each_language(tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr(stanza, "download", lambda lang, **kwargs: seen.append(lang))
    download_models(["en", "ID"], str(tmp_path))
    assert seen == ["en", "id"]


def test_closing_quote_before_a_paragraph_break_stays_with_its_sentence():
    text = 'He said the talks "would elevate ties to a new level."\n\n"He underscored the need," she said.'
    annotation = annotate(text, "en", backend="compact")
    assert _sentences(annotation) == [
        'He said the talks "would elevate ties to a new level."',
        '"He underscored the need," she said.',
    ]
    _assert_offsets(annotation, text)


def test_compact_sentences_never_cross_a_line_and_long_lines_are_cut():
    long_line = " ".join(f"Sentence number {i} of a very long paragraph ends here." for i in range(120))
    text = f"A headline without a stop\nFirst paragraph. It has two sentences.\n\n{long_line}\n"
    assert max(end - start for start, end in stanza_backend._pieces(text, "en")) <= stanza_backend.MAX_PIECE
    annotation = annotate(text, "en", backend="compact")
    _assert_offsets(annotation, text)
    sentences = _sentences(annotation)
    assert all("\n" not in s for s in sentences)
    assert sentences[0] == "A headline without a stop"
    assert sum(1 for s in sentences if s.startswith("Sentence number")) >= 100


def test_forced_backend_without_a_model_for_the_language_falls_back_to_rules(caplog):
    from quotedb.pipeline import process
    from quotedb.sources import RawDocument

    text = 'Jakarta - "Kami siap berunding," kata Menteri Luar Negeri Retno Marsudi kepada wartawan.'
    raw = RawDocument("berita.txt", "berita.txt", text, "text", "0" * 64)
    with caplog.at_level(logging.WARNING, logger="quotedb.nlp"):
        processed = process(raw, nlp="compact")
    assert processed.annotator == "rules:id"
    assert "no compact model for 'id'" in caplog.text and "using the rules backend" in caplog.text
    assert [q.text for q in processed.quotes] == ["Kami siap berunding,"]


def test_ingest_with_official_forced_but_not_installed_falls_back_and_records_it(tmp_path):
    from click.testing import CliRunner

    from quotedb.cli import cli

    db = tmp_path / "quotes.db"
    empty_models = tmp_path / "stanza"
    result = CliRunner().invoke(
        cli, ["ingest", str(SEED), "--db", str(db), "--nlp", "official", "--model-dir", str(empty_models)]
    )
    assert result.exit_code == 0, result.output
    assert "articles: 1 new" in result.output
    with sqlite3.connect(db) as connection:
        [(annotator,)] = connection.execute("select annotator from articles").fetchall()
    assert annotator == "stanza-compact:en:tokenize"
