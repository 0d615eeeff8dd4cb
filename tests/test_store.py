"""The store: canonical speakers and organizations with every alias, statement ids for repeats."""
import re
import sqlite3
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from quotedb import db
from quotedb.store import Store, _fold, statement_id

from .conftest import make_processed, quote_of


def test_aliases_of_later_mentions_are_recorded_and_repeats_share_a_statement(tmp_path):
    path = tmp_path / "q.db"
    db.upgrade(path)
    first = 'Hong Min, a fellow at KINU, said "Russia moves fast." Hong said "It will not stop."'
    copy = 'Hong Min said “Russia moves fast!”'
    fields = dict(speaker="Hong Min", speaker_kind="person", affiliation="Korea Institute for National Unification")
    quotes = [
        quote_of(first, "Russia moves fast.", speaker_mention="Hong Min", affiliation_acronym="KINU", **fields),
        quote_of(first, "It will not stop.", speaker_mention="Hong", **fields),
    ]
    engine = db.engine_for(path)
    with engine.begin() as connection:
        store = Store(connection)
        store.save(make_processed("a.txt", first, quotes))
        store.save(make_processed("b.txt", copy, [quote_of(copy, "Russia moves fast!", speaker_mention="Hong Min", **fields)]))
    engine.dispose()
    with sqlite3.connect(path) as connection:
        assert connection.execute("select count(*) from speakers").fetchone()[0] == 1
        assert {r[0] for r in connection.execute("select alias from speaker_aliases")} == {"Hong Min", "Hong"}
        assert {r[0] for r in connection.execute("select alias from organization_aliases")} == {
            "Korea Institute for National Unification", "KINU"
        }
        ids = [r[0] for r in connection.execute("select statement_id from quotes order by id")]
    assert ids[0] == ids[2] != ids[1]  # same speaker, same words (punctuation aside) in two articles
    assert statement_id("Hong Min", "Russia moves fast.") == statement_id("hong min", "“Russia moves fast!”")


def test_an_unnamed_source_keeps_its_kind_and_type_without_a_speakers_row(tmp_path):
    from quotedb.export import iter_quotes

    path = tmp_path / "q.db"
    db.upgrade(path)
    text = 'A ministry official, speaking on condition of anonymity, said "the talks are off."'
    quote = quote_of(text, "the talks are off.", speaker_kind="anonymous", speaker_type="official",
                     speaker_mention="A ministry official", role="official", affiliation="Unification Ministry")
    engine = db.engine_for(path)
    with engine.begin() as connection:
        Store(connection).save(make_processed("a.txt", text, [quote]))
    engine.dispose()
    with sqlite3.connect(path) as connection:
        assert connection.execute("select count(*) from speakers").fetchone()[0] == 0
        row = connection.execute(
            "select speaker, speaker_kind, speaker_type, organization from attributed_quotes").fetchone()
    assert row == (None, "anonymous", "official", "Unification Ministry")
    [exported] = iter_quotes(path)
    assert (exported["speaker"], exported["speaker_kind"], exported["speaker_type"]) == (None, "anonymous", "official")


def test_a_failing_article_is_rolled_back_alone_and_the_rest_is_searchable(tmp_path):
    path = tmp_path / "q.db"
    db.upgrade(path)
    fields = dict(speaker="Doo Jin-ho", speaker_kind="person", affiliation="Sejong Institute")
    first = 'Doo Jin-ho said "the balance has shifted."'
    broken = quote_of(first, "the balance has shifted.", **fields)
    broken.end = broken.start - 1  # violates the offsets check: this article cannot be stored
    second = 'Doo said "the talks will resume."'
    engine = db.engine_for(path)
    with engine.begin() as connection:
        outcomes = Store(connection).save_all([
            make_processed("a.txt", first, [broken]),
            make_processed("b.txt", second, [quote_of(second, "the talks will resume.", **fields)]),
        ])
    engine.dispose()
    assert isinstance(outcomes[0], Exception) and outcomes[1] == ("new", 1)
    with sqlite3.connect(path) as connection:
        assert connection.execute("select source from articles").fetchall() == [("b.txt",)]
        # the speaker first created inside the rolled-back savepoint exists again, for b.txt
        assert connection.execute("select speaker, organization from attributed_quotes").fetchall() == [
            ("Doo Jin-ho", "Sejong Institute")
        ]
        found = connection.execute("select rowid from quotes_fts where quotes_fts match 'resume'").fetchall()
        assert found == connection.execute("select id from quotes").fetchall()
        assert connection.execute("select count(*) from quotes_fts").fetchone()[0] == 1


def test_one_source_twice_in_a_batch_keeps_the_second_version_searchable_once(tmp_path):
    path = tmp_path / "q.db"
    db.upgrade(path)
    first, second = 'Doo said "the talks will resume."', 'Doo said "the talks are over."'
    engine = db.engine_for(path)
    with engine.begin() as connection:
        outcomes = Store(connection).save_all([
            make_processed("same.txt", first, [quote_of(first, "the talks will resume.", speaker="Doo Jin-ho")]),
            make_processed("same.txt", second, [quote_of(second, "the talks are over.", speaker="Doo Jin-ho")]),
        ])
    engine.dispose()
    assert outcomes == [("new", 1), ("updated", 1)]
    with sqlite3.connect(path) as connection:
        assert connection.execute("select text from quotes").fetchall() == [("the talks are over.",)]
        assert connection.execute("select rowid from quotes_fts where quotes_fts match 'talks'").fetchall() == \
            connection.execute("select id from quotes").fetchall()


@given(st.text(alphabet=st.characters(max_codepoint=127)) | st.text())
def test_folding_ascii_text_by_byte_table_finds_the_same_words_as_the_regex(text):
    by_regex = " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text).lower()))
    assert _fold(text) == by_regex
