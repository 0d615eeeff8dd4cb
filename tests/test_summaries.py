"""Summaries: whole-corpus answers kept by ingest, read by canned queries and unfiltered facets.

Also the canned queries rewritten for speed without them (expert_commentary, speaker_profile).
"""
import asyncio
import sqlite3
from pathlib import Path
from urllib.parse import urlencode

import pytest
from datasette.app import Datasette

from quotedb import db, summaries
from quotedb.ingest import ingest
from quotedb.serve import SETTINGS, load_metadata
from quotedb.store import Store

from .conftest import make_processed, quote_of

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

# The canned queries as they were before the summaries: the same questions asked of every quote.
LIVE = {
    "expert_commentary": """
        select id, published, speaker, role, organization, quote, outlet, title
        from attributed_quotes where speaker_type = 'expert' order by published desc, id desc""",
    "speaker_profile": """
        select id, published, speaker, role, organization, type, quote, outlet, title
        from attributed_quotes where speaker = :speaker
        order by published is null, published, id""",
    "most_quoted": """
        select speaker, speaker_type, group_concat(distinct organization) as organizations,
               count(*) as quotes, count(distinct statement_id) as statements,
               count(distinct article_id) as articles, count(distinct outlet) as outlets,
               min(published) as first_quoted, max(published) as last_quoted
        from attributed_quotes where speaker is not null
        group by speaker order by quotes desc, speaker limit 100""",
    "most_quoted_organizations": """
        select coalesce(organization, case when speaker_kind = 'organization' then speaker end) as organization,
               count(*) as quotes, count(distinct speaker) as speakers, count(distinct article_id) as articles
        from attributed_quotes
        where coalesce(organization, case when speaker_kind = 'organization' then speaker end) is not null
        group by 1 order by quotes desc, organization limit 100""",
    "organization_voices": """
        select speaker, speaker_type, role, coalesce(organization, speaker) as speaks_for,
               count(*) as quotes, min(published) as first_quoted, max(published) as last_quoted
        from attributed_quotes
        where organization = :organization
           or (speaker = :organization and speaker_kind = 'organization' and organization is null)
        group by speaker, role, organization order by quotes desc, speaker""",
    "repeated_statements": """
        select statement_id, speaker, min(quote) as quote,
               count(distinct coalesce(outlet, doc)) as outlets, count(distinct article_id) as articles,
               group_concat(distinct coalesce(outlet, doc)) as carried_by,
               min(published) as first_published, max(published) as last_published
        from attributed_quotes where statement_id is not null
        group by statement_id having count(distinct article_id) > 1
        order by outlets desc, articles desc, first_published, statement_id""",
    "quoted_together": """
        with present as (select distinct article_id, speaker, published from attributed_quotes
                         where speaker is not null)
        select a.speaker as speaker, b.speaker as quoted_with, count(*) as articles,
               min(a.published) as first_together, max(a.published) as last_together
        from present a join present b on a.article_id = b.article_id and a.speaker < b.speaker
        group by a.speaker, b.speaker order by articles desc, speaker, quoted_with limit 200""",
}


@pytest.fixture(scope="module")
def seeds_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("seeds") / "quotes.db"
    assert not ingest([SEEDS], path, nlp="rules").failed
    # a statement carried twice: the same words of the same speaker in a second article
    with sqlite3.connect(path) as connection:
        speaker, words = connection.execute(
            "select speaker, quote from attributed_quotes where speaker is not null order by id limit 1").fetchone()
    _store_article(path, "copy/again.txt", f'{speaker} said "{words}"', words, speaker)
    # an unnamed expert: no speakers row, the type on the quote alone
    text = 'A defense analyst, who asked not to be named, said "the drills are a message."'
    _store_article(path, "copy/anonymous.txt", text, "the drills are a message.", None,
                   speaker_kind="anonymous", speaker_type="expert")
    db.refresh_summaries(path)
    return path


@pytest.fixture
def seeds_db(seeds_template, tmp_path) -> Path:
    path = tmp_path / "quotes.db"
    with sqlite3.connect(seeds_template) as source, sqlite3.connect(path) as target:
        source.backup(target)
    return path


def _store_article(path: Path, source: str, text: str, words: str, speaker: str | None, **fields) -> None:
    engine = db.engine_for(path)
    with engine.begin() as connection:
        Store(connection).save(make_processed(source, text, [quote_of(text, words, speaker=speaker, **fields)]))
    engine.dispose()


def _get(ds: Datasette, url: str) -> dict:
    response = asyncio.run(ds.client.get(url))
    assert response.status_code == 200, response.text
    return response.json()


def _datasette(path: Path) -> Datasette:
    return Datasette([str(path)], metadata=load_metadata(path), settings=SETTINGS)


def _stale(path: Path) -> bool:
    with sqlite3.connect(path) as connection:
        return summaries.is_stale(connection)


@pytest.mark.parametrize("name", sorted(LIVE))
def test_canned_queries_answer_as_the_plain_queries_did(seeds_db, name):
    with sqlite3.connect(seeds_db) as connection:
        connection.row_factory = sqlite3.Row
        organization = connection.execute("select organization from organization_stats order by quotes desc").fetchone()
        params = {"outlet": "", "speaker_type": "", "speaker": "", "organization": organization[0], "topic": ""}
        if name == "speaker_profile":
            params["speaker"] = connection.execute("select speaker from speaker_stats order by quotes desc").fetchone()[0]
        expected = [dict(row) for row in connection.execute(LIVE[name], params)]
    rows = _get(_datasette(seeds_db), f"/quotes/{name}.json?{urlencode({**params, '_shape': 'array'})}")
    assert expected and rows == expected


def test_ingest_refreshes_summaries_even_after_a_run_killed_before_its_refresh(seeds_db):
    assert not _stale(seeds_db)
    # what a run killed after its last batch leaves: an article stored, the summaries not refreshed
    _store_article(seeds_db, "late/one.txt", 'Ra Jong-il said "the door is open."', "the door is open.", "Ra Jong-il")
    assert _stale(seeds_db)
    report = ingest([SEEDS], seeds_db, nlp="rules")  # the re-run: nothing new to store
    assert report.new == report.updated == 0
    assert not _stale(seeds_db)
    with sqlite3.connect(seeds_db) as connection:
        assert connection.execute("select quotes from speaker_stats where speaker = 'Ra Jong-il'").fetchone() == (1,)


def test_unfiltered_facets_read_kept_counts_and_any_other_page_counts_live(seeds_db):
    with sqlite3.connect(seeds_db) as connection:
        live = dict(connection.execute("select type, count(*) from attributed_quotes group by type").fetchall())
        # marks the kept counts, so that the page shows which it read
        connection.execute("update facet_counts set count = count + 1000 where table_name = 'attributed_quotes'")
    kept = {value: count + 1000 for value, count in live.items()}

    def type_counts(url: str) -> dict:
        data = _get(_datasette(seeds_db), url)
        return {row["value"]: row["count"] for row in data["facet_results"]["type"]["results"]}

    assert type_counts("/quotes/attributed_quotes.json?_size=0") == kept
    assert type_counts("/quotes/attributed_quotes.json?_size=0&type=direct") == {"direct": live["direct"]}
    assert type_counts("/quotes/attributed_quotes.json?_size=0&_search=said")["direct"] < kept["direct"]
    _store_article(seeds_db, "late/two.txt", 'Ra Jong-il said "no."', "no.", "Ra Jong-il")  # now stale
    assert type_counts("/quotes/attributed_quotes.json?_size=0") == {**live, "direct": live["direct"] + 1}


def test_every_counted_facet_of_metadata_has_kept_counts(seeds_db):
    metadata = load_metadata(seeds_db)["databases"]["quotes"]["tables"]
    for table, options in metadata.items():
        for facet in options.get("facets") or []:
            if isinstance(facet, dict) and "counted" in facet:
                assert facet["counted"] in summaries.COUNTED_FACETS.get(table, ()), (table, facet)


def test_db_refresh_rebuilds_summaries_after_a_change_by_hand(seeds_db):
    from click.testing import CliRunner

    from quotedb.cli import cli

    with sqlite3.connect(seeds_db) as connection:
        connection.execute("delete from quotes where speaker_id = (select speaker_id from quotes"
                           " where speaker_id is not null group by speaker_id order by count(*) desc limit 1)")
    assert _stale(seeds_db)
    result = CliRunner().invoke(cli, ["db", "refresh", "--db", str(seeds_db)])
    assert result.exit_code == 0 and "summaries rebuilt" in result.output
    assert not _stale(seeds_db)
    with sqlite3.connect(seeds_db) as connection:
        assert connection.execute("select sum(quotes) from speaker_stats").fetchone() == connection.execute(
            "select count(*) from quotes where speaker_id is not null").fetchone()
    missing = CliRunner().invoke(cli, ["db", "refresh", "--db", str(seeds_db.parent / "none.db")])
    assert missing.exit_code != 0 and "no such database" in missing.output


def test_summaries_refreshed_by_two_processes_equal_those_of_one(seeds_db):
    def contents():
        with sqlite3.connect(seeds_db) as connection:
            return {table: sorted(map(repr, connection.execute(f"select * from {table}"))) for table in summaries.SUMMARIES}

    db.refresh_summaries(seeds_db, workers=1)
    by_one = contents()
    with sqlite3.connect(seeds_db) as connection:  # so that equal contents prove the second refresh
        for table in summaries.SUMMARIES:
            connection.execute(f"delete from {table}")
    db.refresh_summaries(seeds_db, workers=2)
    assert contents() == by_one
    assert sum(map(bool, by_one.values())) >= 7  # the seeds fill (nearly) every summary
