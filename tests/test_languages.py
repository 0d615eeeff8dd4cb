"""Language packs: found from their folders, frozen, with code hooks where a word list cannot say it;
a text in a language without a pack is never read as English: its quotations are kept, unattributed,
with the rule "unsupported-language", and one warning says why.
"""
from __future__ import annotations

import ast
import dataclasses
import json
import logging
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import quotedb.extract as extract_package
from quotedb import nlp
from quotedb.clean import detect_language
from quotedb.cli import cli
from quotedb.extract import PIPELINE, UNSUPPORTED_LANGUAGE, extract
from quotedb.extract.attribution import CONFIDENCE
from quotedb.extract.cues.cue import ACCORDING_LEMMA
from quotedb.extract.doc import GIVEN, QuoteDoc
from quotedb.extract.stage import STAGES
from quotedb.lang import PACKS, SHARED, Grammar, languages, normalize, pack, supports
from quotedb.lang.base import read_pack, read_yaml
from quotedb.nlp.rules import rules_annotation
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


def test_the_quoted_as_marker_words_drive_the_cue():
    said = "Yonhap quoted the minister as saying that the talks would resume next week."
    stated = said.replace("as saying", "as stating")
    english = pack("en")
    assert [q.cue for q in extract(said, "en")] == ["quoted the minister as saying"]
    assert extract(stated, "en") == []
    stating = dataclasses.replace(english, quoted_as_marker=("as stating",))  # the compiled fields are rebuilt
    [report] = PIPELINE(QuoteDoc(stated, stating, rules_annotation(stated))).records
    assert (report.type, report.text, report.cue) == ("indirect", "the talks would resume next week",
                                                     "quoted the minister as stating")


def test_a_language_sets_its_own_value_of_a_shared_grammar_key():
    english = read_yaml(PACKS / "en" / "words.yml")
    shared = read_yaml(SHARED / "grammar.yml")
    assert shared["participle_endings"] == ["ing"] and pack("en").participle_endings == ("ing",)
    without = read_pack("en", {**english, "participle_endings": []}, SHARED, Grammar())
    assert without.participle_endings == () and without.past_endings == ("ed",)


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


# ---- no word of a language in the extraction core ------------------------------------------------

CORE = Path(extract_package.__file__).parent
# The project's own vocabulary, which the core may name: token kinds, quote-mark families, cue verb
# classes, how a speaker was found, speaker kinds and types, organization kinds, rule names, quote
# types, registry key prefixes, pack option values, the "according to" cue label, Universal
# Dependencies relations, stanza's entity attribute, language codes; and every layer, stage and
# backend capability name (read from the stages themselves below).
PROJECT_VOCABULARY = {
    "word", "punct", "quote", "double", "single",
    "clause", "that", "object", "inverted", "according", "noun", "quoted",
    "none", "name", "surname", "pronoun", "nominal",
    "person", "organization", "anonymous", "group",
    "expert", "official", "state media", "politician", "journalist", "other",
    "ministry", "government", "military", "international", "think tank", "university", "media", "party",
    "direct", "indirect", UNSUPPORTED_LANGUAGE, *CONFIDENCE,
    "org:", "person:", "group:", "country:", "anonymous:", "org:state media",
    "any part", ACCORDING_LEMMA,
    "nsubj", "nsubj:pass", "compound", "flat", "flat:name", "amod", "det", "nmod:poss", "case", "ents",
    *languages(),
}
_ESCAPE = re.compile(r"\\.")
_CHARACTER_CLASS = re.compile(r"\[(?:\\.|[^\]\\])*\]")
_LOWERCASE_WORD = re.compile(r"[a-z]{2,}")


def _layer_and_stage_names() -> set[str]:
    names = set(GIVEN) | {field.name for field in dataclasses.fields(QuoteDoc)}
    for stage in STAGES.values():
        names |= {stage.name, stage.provides, *stage.requires, *stage.uses}
    return names | {"sentences"}


def _word_literals(path: Path) -> list[str]:
    """String constants of a module that hold a lowercase word (regex escapes and character classes
    aside), leaving out docstrings, f-string pieces (messages) and __all__ / __slots__ names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            skipped.add(id(body[0].value))  # a docstring
        if isinstance(node, ast.JoinedStr) or isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id in ("__all__", "__slots__") for t in node.targets):
            skipped |= {id(inner) for inner in ast.walk(node)}
    allowed = PROJECT_VOCABULARY | _layer_and_stage_names()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped \
                and node.value not in allowed \
                and _LOWERCASE_WORD.search(_CHARACTER_CLASS.sub(" ", _ESCAPE.sub(" ", node.value))):
            found.append(f"{path.name}:{node.lineno}: {node.value!r}")
    return found


def test_no_word_of_a_language_is_written_in_the_extraction_core():
    found = [literal for path in sorted(CORE.rglob("*.py")) for literal in _word_literals(path)]
    assert not found, "words belong in the language packs (lang/*/words.yml, lang/shared/):\n" + "\n".join(found)


def test_the_word_scan_finds_a_word_and_a_word_bearing_regex(tmp_path):
    module = tmp_path / "example.py"
    module.write_text('"""A docstring with words."""\nLINKS = ("of", "for")\nPATTERN = r"\\s+(?:at|with)\\s+"\n'
                      'KIND = "punct"\nCLASS = r"[a-z]\\w+"\nMESSAGE = f"stage {KIND} fails"\n', encoding="utf-8")
    assert sorted(line.split(": ", 1)[1] for line in _word_literals(module)) == \
        ["'\\\\s+(?:at|with)\\\\s+'", "'for'", "'of'"]
