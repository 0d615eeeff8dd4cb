"""Query plans at scale: the indexes of migration 0003 and the summaries of 0005 are used.

A test database is small, and SQLite plans a small database differently; so the statistics
(sqlite_stat1) of a 100,000-article database (1.7 million quotes, benchmarks/queries.py) are
written into it, and the planner plans as it would there.
"""
import sqlite3

import pytest
import yaml
from datasette.utils import escape_fts

from quotedb import db
from quotedb.ingest import ingest
from quotedb.serve import METADATA

# sqlite_stat1 of benchmarks/queries.py's database at 100,000 articles (ANALYZE with analysis_limit)
STATS_100K = {
    ("articles", "ix_articles_annotator"): "105200 1001",
    ("articles", "ix_articles_doc"): "89964 1",
    ("articles", "ix_articles_language"): "52540 1001",
    ("articles", "ix_articles_lookup"): "114460 1 1 1 1 1",
    ("articles", "ix_articles_outlet"): "74682 1001",
    ("articles", "ix_articles_published"): "111824 1001",
    ("articles", "ix_articles_source"): "96064 1",
    ("articles", "sqlite_autoindex_articles_1"): "107800 1",
    ("organization_aliases", "ix_organization_aliases_organization_id"): "54 3",
    ("organization_aliases", "sqlite_autoindex_organization_aliases_1"): "54 1",
    ("organizations", "ix_organizations_acronym"): "20 3",
    ("organizations", "ix_organizations_country"): "20 3",
    ("organizations", "ix_organizations_kind"): "20 3",
    ("organizations", "sqlite_autoindex_organizations_1"): "20 1",
    ("quotes", "ix_quotes_article_joins"): "2164636 15 1 1 1",
    ("quotes", "ix_quotes_organization_joins"): "2317854 1001 3 2",
    ("quotes", "ix_quotes_rule"): "1795608 1001",
    ("quotes", "ix_quotes_speaker_joins"): "1936368 1001 2 2 1",
    ("quotes", "ix_quotes_statement_joins"): "1700424 334 1 1 1",
    ("quotes", "ix_quotes_type_joins"): "2200716 1001 9 2 2",
    ("quotes", "ix_quotes_speaker_type_joins"): "5001084 1001 1001 2",
    ("facet_counts", "sqlite_autoindex_facet_counts_1"): "187 94 24 1",
    ("organization_outlet_stats", "ix_organization_outlet_stats_outlet"): "63 32",
    ("organization_stats", "ix_organization_stats_quotes"): "32 1",
    ("organization_voices", "ix_organization_voices_organization"): "619 20",
    ("repeated_statements", "ix_repeated_statements_speaker"): "1952 14",
    ("speaker_outlet_stats", "ix_speaker_outlet_stats_outlet"): "286 143",
    ("speaker_pairs", "ix_speaker_pairs_speaker"): "10374 63",
    ("speaker_stats", "ix_speaker_stats_quotes"): "144 2",
    ("speaker_aliases", "ix_speaker_aliases_speaker_id"): "181 2",
    ("speaker_aliases", "sqlite_autoindex_speaker_aliases_1"): "181 1",
    ("speakers", "ix_speakers_kind"): "142 48",
    ("speakers", "ix_speakers_speaker_type"): "142 24",
    ("speakers", "sqlite_autoindex_speakers_1"): "142 1",
}
VIEW = "select * from attributed_quotes"
QUERIES = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["quotes"]["queries"]


@pytest.fixture
def planner(populated_db):
    """A connection to populated_db that plans as on 100,000 articles."""
    db.analyze(populated_db)
    with sqlite3.connect(populated_db) as connection:
        connection.execute("DELETE FROM sqlite_stat1")
        connection.executemany("INSERT INTO sqlite_stat1 VALUES (?, ?, ?)", [(*k, v) for k, v in STATS_100K.items()])
    connection = sqlite3.connect(populated_db)  # statistics are read when a connection loads the schema
    connection.create_function("escape_fts", 1, escape_fts)
    connection.create_function("quote_context", 3, lambda *args: None)
    yield connection
    connection.close()


def plan(connection, sql, **params) -> str:
    return "\n".join(row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}", params))


def full_passes(text: str) -> list[str]:
    """Plan lines that read every quote or every article (q and a are the view's aliases)."""
    return [line for line in text.splitlines()
            if line.startswith("SCAN q") or (line.startswith("SCAN") and "ix_articles_" in line)]


def facet(column: str) -> str:
    """The SQL Datasette 0.65 runs for a facet of attributed_quotes."""
    return (f"select {column} as value, count(*) as count from ({VIEW}) where {column} is not null"
            f" group by {column} order by count desc, value limit 31")


def test_ingest_and_upgrade_leave_statistics(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text('Hong Min, a professor, said "talks will resume soon."\n', encoding="utf-8")
    path = tmp_path / "q.db"
    ingest([tmp_path / "in"], path, nlp="rules")
    with sqlite3.connect(path) as connection:
        analyzed = {row[0] for row in connection.execute("select tbl from sqlite_stat1")}
    assert {"articles", "quotes"} <= analyzed


def test_newest_first_reads_the_dates_index(planner):
    # the view's default page: sort_desc published, 50 rows
    text = plan(planner, f"{VIEW} order by published desc limit 51")
    assert "ix_articles_published" in text and "TEMP B-TREE" not in text


@pytest.mark.parametrize("column, index", [
    ("type", "ix_quotes_type_joins"),  # quotes' own facet column, read in order from one index
    ("outlet", "ix_quotes_article_joins"),  # article columns: each article's quotes from one index
    ("language", "ix_quotes_article_joins"),
])
def test_facets_read_covering_indexes(planner, column, index):
    text = plan(planner, facet(column))
    assert index in text
    assert "USING INDEX" not in text  # covering: never the quote or article rows themselves


def test_quotes_and_articles_facets_have_indexes(planner):
    assert "COVERING INDEX ix_quotes_rule" in plan(planner, "select rule, count(*) from quotes group by rule")
    assert "COVERING INDEX ix_articles_annotator" in plan(
        planner, "select annotator, count(*) from articles where annotator is not null group by annotator"
    )


@pytest.mark.parametrize("name, params, index", [
    ("speaker_profile", {"speaker": "Hong Min"}, "ix_quotes_speaker_joins"),
    ("organization_voices", {"organization": "KINU"}, "ix_organization_voices_organization"),
    ("quoted_together", {"speaker": "Hong Min"}, "ix_speaker_pairs_speaker"),
    ("statement_outlets", {"statement_id": "x"}, "ix_quotes_statement_joins"),
    ("quote_in_context", {"quote_id": 1}, "INTEGER PRIMARY KEY"),
])
def test_canned_queries_for_one_name_start_from_it(planner, name, params, index):
    """A query about one speaker, organization or statement reads its rows, not all rows.

    (quoted_together's plan also shows its all-pairs branch, which `:speaker = ''` switches off
    when it runs.)
    """
    text = plan(planner, QUERIES[name]["sql"], **params)
    assert index in text
    assert full_passes(text) == []


@pytest.mark.parametrize("name", [
    "most_quoted", "most_quoted_by_outlet", "most_quoted_organizations", "repeated_statements", "quoted_together",
    "organization_voices",
])
def test_whole_corpus_questions_read_summaries_not_quotes(planner, name):
    params = {p: "" for p in QUERIES[name].get("params") or []}
    text = plan(planner, QUERIES[name]["sql"], **params)
    # (q names quotes in these queries; a names speaker_aliases, v a summary table)
    assert not any(line.split()[1] in ("q", "quotes", "articles", "attributed_quotes") or "ix_quotes_" in line or "ix_articles_" in line
                   for line in text.splitlines() if line.startswith(("SCAN", "SEARCH"))), text


@pytest.mark.parametrize("name, params", [
    ("expert_commentary", {"topic": ""}),
    ("speaker_profile", {"speaker": "Hong Min"}),
])
def test_listing_queries_sort_ids_from_indexes_before_reading_rows(planner, name, params):
    """Only the rows shown are read from the quotes table (by their id), after the sort."""
    text = plan(planner, QUERIES[name]["sql"], **params)
    before_rows = text.split("SCAN p")[0]
    assert "SEARCH q USING INTEGER PRIMARY KEY" in text.split("SCAN p")[1]
    assert all("COVERING INDEX" in line for line in before_rows.splitlines()
               if line.split()[:2] in (["SCAN", "q"], ["SEARCH", "q"])), text
