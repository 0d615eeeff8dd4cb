"""The served site under hostile requests: huge strings, huge responses, fts3_tokenizer, facets
fooled by SQL comments, POSTs, and what --public hides.
"""
import asyncio
import json
import subprocess
import sys
import time

import pytest

from quotedb import db
from quotedb.datasette_plugin import MAX_RESPONSE_BYTES, MAX_VALUE_BYTES, repeats_too_long
from quotedb.serve import datasette_app
from quotedb.store import Store

from .conftest import make_processed, quote_of

BIG = 3 * 2**20  # two articles of 3 MB: their text together stays under the 8 MB limit on a value


@pytest.fixture
def big_db(populated_db):
    """populated_db plus two 3 MB articles with three indirect quotes each (summaries refreshed)."""
    engine = db.engine_for(populated_db)
    with engine.begin() as connection:
        store = Store(connection)
        for name in ("long-a", "long-b"):
            sentences = [f"Officials in {name} said the talks would resume in round {n}." for n in range(3)]
            text = " ".join(sentences) + "\n\n" + "filler words " * (BIG // 13)
            quotes = [quote_of(text, sentence.split(" said ")[1], type="indirect", speaker="Unification Ministry",
                               speaker_kind="organization", speaker_type="official", rule="indirect-cue",
                               confidence=0.6) for sentence in sentences]
            store.save(make_processed(f"{name}.txt", text, quotes))
    engine.dispose()
    db.refresh_summaries(populated_db)
    return populated_db


@pytest.fixture
def site(big_db):
    return datasette_app(big_db)


def get(ds, path, **params):
    return asyncio.run(ds.client.get(path, params=params or None))


def sql(ds, query):
    started = time.monotonic()
    response = get(ds, "/q.json", sql=query, _shape="objects")
    return response, time.monotonic() - started


def test_one_string_stops_at_the_length_limit_at_once(site):
    # SQLite repeats %c a character at a time, even past the limit: 4-7 s no time limit could stop.
    response, seconds = sql(site, "select length(printf('%.*c', 900000000, 'x')) as n")
    assert response.status_code == 200 and response.json()["rows"] == [{"n": None}] and seconds < 2
    response, seconds = sql(site, "with recursive r(s) as (select 'x' union all select s || s from r) "
                                  "select length(s) from r")  # 10.6 s, a doubling a step
    assert response.status_code == 400 and "string or blob too big" in response.json()["error"] and seconds < 2
    response, _ = sql(site, "select length(group_concat(a.text)) from articles a, articles b")
    assert response.status_code == 400 and "string or blob too big" in response.json()["error"]
    response, _ = sql(site, "select printf('%d quotes by %s', 3, 'Hong') as a, format('%.3c|%5.1f', 'x', 2.5) as b")
    assert response.json()["rows"] == [{"a": "3 quotes by Hong", "b": "xxx|  2.5"}]


def test_printf_repeats_are_found_in_every_form():
    assert repeats_too_long("%.*c", (MAX_VALUE_BYTES, "x"))
    assert repeats_too_long(f"%5d %-10.{MAX_VALUE_BYTES}c", (1, "x"))
    assert repeats_too_long("%*.*c", (3, "900000000", "x"))  # width and precision both from arguments
    assert not repeats_too_long("%%.900000000c %.*c %s", (10, "x", "y"))  # %% is no conversion
    assert not repeats_too_long("%.900000000s", ("x",))  # a precision that only cuts


def test_a_response_is_bounded_in_bytes(site):
    quotes = get(site, "/q.json", sql="select count(*) as n from quotes", _shape="array").json()[0]["n"]
    assert quotes * 2 * BIG > MAX_RESPONSE_BYTES  # each row below carries both long texts
    started = time.monotonic()
    response, _ = sql(site, "select (select group_concat(text) from articles) as everything from quotes")
    assert response.status_code == 400, len(response.content)
    assert "result too large" in response.json()["error"] and time.monotonic() - started < 10
    pages = get(site, "/q/articles.json", _shape="array", _col="title")  # the long articles themselves: fine
    assert pages.status_code == 200 and len(pages.json()) == 4
    assert get(site, "/q/articles.json", _shape="array").status_code == 200  # 6 MB of text in one page


@pytest.mark.parametrize("call", ["fts3_tokenizer('simple')", "FTS3_TOKENIZER('simple', x'0000000000000000')"])
def test_fts3_tokenizer_is_refused(site, call):
    response, _ = sql(site, f"select {call} as pointer")  # it returned the tokenizer's native address
    assert response.status_code == 400
    assert "not authorized to use function" in response.json()["error"]


def _facet(ds, column, **params):
    data = get(ds, "/q/attributed_quotes.json", _size="0", _extra="facet_results", **params).json()
    return {row["value"]: row["count"] for row in data["facet_results"][column]["results"]}


def test_filtered_pages_never_show_the_summary_counts(site):
    whole = _facet(site, "speaker")
    assert whole["Unification Ministry"] == 7  # one direct quote, six indirect ones
    indirect = {"Unification Ministry": 6}
    assert _facet(site, "speaker", type="indirect") == indirect
    # A comment naming the table made the SQL look unfiltered: the whole corpus's counts showed.
    assert _facet(site, "speaker", _where="type = 'indirect' -- from attributed_quotes") == indirect
    assert _facet(site, "speaker", _search="resume") == indirect
    assert _facet(site, "speaker", _sort_desc="published", _col="quote") == whole  # no filter: the kept counts


@pytest.mark.parametrize("path", ["/q/most_quoted", "/q/most_quoted.json", "/-/messages", "/q/attributed_quotes"])
def test_post_is_405_with_a_message(site, path):
    response = asyncio.run(site.client.post(path))  # a canned query answered 500
    assert response.status_code == 405
    assert "POST is not allowed: this site is read-only" in response.text
    if path.endswith(".json"):
        assert response.json()["status"] == 405


def test_public_mode_hides_paths_and_arbitrary_sql(big_db):
    site = datasette_app(big_db.resolve(), public=True)
    assert get(site, "/-/databases.json").json()[0]["path"] == "q.db"
    assert get(site, "/q.json", sql="select file from pragma_database_list").status_code == 403
    assert get(site, "/q/attributed_quotes.json", _where="1").status_code in (400, 403)
    assert get(site, "/q/most_quoted.json", outlet="", speaker_type="", _shape="array").status_code == 200
    assert get(site, "/q/attributed_quotes.json", _search="resume").status_code == 200
    settings = get(site, "/-/settings.json").json()
    assert settings["default_allow_sql"] is False and settings["num_sql_threads"] > 3
    local = datasette_app(big_db.resolve())  # not public: a local tool may show where its file is
    assert get(local, "/-/databases.json").json()[0]["path"] == str(big_db.resolve())


def test_serve_public_on_the_command_line(big_db):
    result = subprocess.run([sys.executable, "-m", "quotedb", "serve", "--public", "--db", str(big_db.resolve()),
                             "--get", "/-/databases.json"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert json.loads(result.stdout)[0]["path"] == "q.db"
