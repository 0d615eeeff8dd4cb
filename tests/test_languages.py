"""Language packs: found from their folders, frozen, with code hooks where a word list cannot say it;
a text in a language without a pack is never read as English: its quotations are kept, unattributed,
with the rule "unsupported-language", and one warning says why.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import sqlite3

import pytest
from click.testing import CliRunner

from quotedb import nlp
from quotedb.clean import detect_language
from quotedb.cli import cli
from quotedb.extract import extract
from quotedb.lang import languages, normalize, pack, supports
from quotedb.pipeline import process
from quotedb.sources import RawDocument, iter_documents

KOREAN = '김민수 장관은 "대화의 문은 열려 있다"라고 말했다.\n\n그는 "곧 다시 만날 것"이라고 덧붙였다.'


def test_the_packs_are_the_folders_with_words():
    assert languages() == ("en", "id")


def test_a_new_folder_with_words_is_a_new_language(tmp_path):
    (tmp_path / "ko").mkdir()
    (tmp_path / "ko" / "words.yml").write_text("verbs: {}\n", encoding="utf-8")
    (tmp_path / "shared").mkdir()  # no words.yml: data every language reads, not a language
    assert languages(tmp_path) == ("ko",)


def test_a_pack_is_built_once_and_cannot_be_changed():
    english = pack("en")
    assert pack("en-US") is english and pack("EN") is english
    with pytest.raises(dataclasses.FrozenInstanceError):
        english.determiners = frozenset()


def test_code_hooks_live_in_the_language_folder():
    assert pack("id").grammar.is_verb_form("menyatakan") and pack("id").grammar.is_verb_form("dilaporkan")
    assert not pack("en").grammar.is_verb_form("menyatakan")  # English has no such verb forms
    assert pack("id").country_after_head and not pack("en").country_after_head


def test_a_language_without_a_pack_gets_the_neutral_pack():
    assert not supports("ko") and supports("id-ID") and normalize("id-ID") == "id"
    neutral = pack("ko")
    assert neutral.language == "und" and not neutral.verb_forms and not neutral.determiners


def test_a_text_without_a_pack_keeps_its_quotes_unattributed():
    quotes = extract(KOREAN, "ko")
    assert [q.text for q in quotes] == ["대화의 문은 열려 있다", "곧 다시 만날 것"]
    assert {(q.type, q.rule, q.confidence, q.speaker, q.speaker_kind) for q in quotes} == \
        {("direct", "unsupported-language", 0.0, None, None)}
    assert all(KOREAN[q.start:q.end] == q.text for q in quotes)


def test_english_read_as_korean_is_not_attributed_either():
    quotes = extract('Kim said "the talks failed."', "ko")
    assert [(q.text, q.rule, q.speaker) for q in quotes] == [("the talks failed.", "unsupported-language", None)]


@pytest.mark.parametrize("text, language", [
    (KOREAN, "ko"),
    ("首相は「対話を続ける」と述べた。記者会見で語った。", "ja"),
    ("外交部发言人表示，“对话的大门始终敞开”。", "zh"),
    ("Министр заявил, что «переговоры продолжатся».", "und"),
    ("قال الوزير إن المحادثات ستستمر.", "und"),
    ('The minister, 김민수, said "talks will go on" in Seoul.', "en"),  # a Hangul name in English prose
    ("Menteri itu mengatakan bahwa perundingan akan dilanjutkan dan tidak ada yang berubah.", "id"),
])
def test_the_script_tells_a_language_the_stop_words_cannot(text, language):
    assert detect_language(text) == language


def test_ingesting_a_korean_article_warns_once_and_stores_its_quotes(tmp_path, caplog):
    nlp._WARNED.clear()
    raw = RawDocument("k.txt", "k.txt", KOREAN, "text", "sha-k")
    with caplog.at_level(logging.WARNING, logger="quotedb.nlp"):
        first, second = process(raw), process(RawDocument("k2.txt", "k2.txt", KOREAN + "\n", "text", "sha-k2"))
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1, warnings  # no model warnings either: the rules backend splits the sentences
    assert "no language pack for 'ko'" in warnings[0] and "unsupported-language" in warnings[0]
    assert first.article.language == "ko" and first.annotator == "rules:ko"
    assert [q.rule for q in first.quotes + second.quotes] == ["unsupported-language"] * 4


def test_json_lines_may_name_the_language(tmp_path):
    records = [
        {"id": "a", "text": KOREAN, "language": "ko"},
        {"id": "b", "text": "Kim said the talks failed, a minister said.", "language": "id-ID"},
        {"id": "c", "text": "Kim said the talks failed.", "language": 5},
    ]
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    korean, indonesian, wrong = iter_documents([path])
    assert process(korean).article.language == "ko"
    assert process(indonesian).article.language == "id"  # given beats detected (this text reads as English)
    assert "wrong type for field(s) language" in wrong.reason


def test_the_cli_ingests_a_korean_article_with_one_clear_warning(tmp_path):
    nlp._WARNED.clear()
    article = tmp_path / "korean.txt"
    article.write_text(KOREAN, encoding="utf-8")
    db = tmp_path / "quotes.db"
    result = CliRunner().invoke(cli, ["ingest", str(article), "--db", str(db), "--nlp", "rules"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    with sqlite3.connect(db) as connection:
        assert connection.execute("select language from articles").fetchall() == [("ko",)]
        assert connection.execute("select rule, speaker_id from quotes").fetchall() == \
            [("unsupported-language", None)] * 2
