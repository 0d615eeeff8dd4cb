"""The NLP layer (quotedb.nlp): backends, fallbacks, errors. No network; the compact model is real."""
from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
import requests
import stanza
from stanza.models.common.doc import Document

from quotedb import nlp
from quotedb.nlp import NLPUnavailable, annotate, download_models

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_d04a632bfa31dd18.txt"
SHIPPED_TOKENIZER = Path(nlp.__file__).parent / "models" / "en" / "tokenize.pt"


def _assert_offsets(doc: Document, text: str) -> None:
    previous_end = 0
    for sentence in doc.sentences:
        assert sentence.tokens, "empty sentence"
        for token in sentence.tokens:
            assert token.start_char >= previous_end, "tokens out of order or overlapping"
            assert text[token.start_char:token.end_char] == token.text
            previous_end = token.end_char
            for word in token.words:
                assert text[word.start_char:word.end_char] == word.text


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
    _assert_offsets(doc, text)
    sentences = [s.text for s in doc.sentences]
    assert any(s.startswith("North Korea held a Politburo meeting on Wednesday") for s in sentences)


def test_annotate_compact_returns_document_and_annotator():
    text = SEED.read_text(encoding="utf-8")
    doc, annotator = annotate(text, "en", backend="compact")
    assert isinstance(doc, Document)
    assert annotator.startswith("stanza-compact:en:tokenize")
    assert doc.lang == "en"
    assert len(doc.sentences) > 10
    _assert_offsets(doc, text)
    # the pipeline is built once and cached per (backend, language, model dir)
    annotate("One more. And another.", "en", backend="compact")
    assert sum(1 for key in nlp._PIPELINES if key[:2] == ("compact", "en")) == 1


def test_annotate_empty_text():
    doc, annotator = annotate("", "en", backend="compact")
    assert doc.sentences == [] and annotator.startswith("stanza-compact:en")


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
        doc, annotator = annotate("Hello there. General Kenobi.", "en", model_dir=str(tmp_path))
    assert annotator.startswith("stanza-compact:en")
    assert any("official" in r.getMessage() for r in caplog.records)


def test_auto_without_official_models_uses_compact_for_english(tmp_path):
    text = "The minister said talks would resume. Nobody else spoke."
    doc, annotator = annotate(text, "en", backend="auto", model_dir=str(tmp_path))
    assert annotator.startswith("stanza-compact:en:tokenize")
    assert [s.text for s in doc.sentences] == ["The minister said talks would resume.", "Nobody else spoke."]


def test_auto_without_any_model_uses_rules_for_indonesian(tmp_path):
    text = "Menteri itu mengatakan pembicaraan akan dilanjutkan. Tidak ada yang lain berbicara."
    doc, annotator = annotate(text, "id", backend="auto", model_dir=str(tmp_path))
    assert annotator == "rules:id"
    assert isinstance(doc, Document) and doc.sentences


def test_forced_compact_without_the_model_file_raises(tmp_path, monkeypatch):
    monkeypatch.setattr(nlp, "COMPACT_MODEL_DIR", tmp_path)
    with pytest.raises(NLPUnavailable, match="no compact model for 'en'"):
        annotate("Hello there.", "en", backend="compact")
    with pytest.raises(NLPUnavailable, match="no compact model for 'id'"):
        annotate("Halo.", "id", backend="compact")


def test_auto_with_missing_compact_model_falls_back_to_rules(tmp_path, monkeypatch):
    monkeypatch.setattr(nlp, "COMPACT_MODEL_DIR", tmp_path / "models")
    doc, annotator = annotate("Hello there. Bye.", "en", model_dir=str(tmp_path / "official"))
    assert annotator == "rules:en"


def test_corrupt_compact_model_raises_when_forced(tmp_path, monkeypatch):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "tokenize.pt").write_bytes(b"not a model")
    monkeypatch.setattr(nlp, "COMPACT_MODEL_DIR", tmp_path)
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
    doc, _ = annotate(text, "en", backend="compact")
    assert [s.text for s in doc.sentences] == [
        'He said the talks "would elevate ties to a new level."',
        '"He underscored the need," she said.',
    ]
    assert [w.id for w in doc.sentences[0].words] == list(range(1, len(doc.sentences[0].words) + 1))
    _assert_offsets(doc, text)


def test_compact_sentences_never_cross_a_line_and_long_lines_are_cut():
    long_line = " ".join(f"Sentence number {i} of a very long paragraph ends here." for i in range(120))
    text = f"A headline without a stop\nFirst paragraph. It has two sentences.\n\n{long_line}\n"
    assert max(end - start for start, end in nlp._pieces(text, "en")) <= nlp.MAX_PIECE
    doc, _ = annotate(text, "en", backend="compact")
    _assert_offsets(doc, text)
    assert all("\n" not in s.text for s in doc.sentences)
    assert doc.sentences[0].text == "A headline without a stop"
    assert sum(1 for s in doc.sentences if s.text.startswith("Sentence number")) >= 100


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
