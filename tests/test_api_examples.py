"""The JSON API examples of the README, run through Datasette's in-process client.

Each curl line of README.md must be one of EXAMPLES below (same path, same query string),
and each of EXAMPLES is run over a database served as quotes.db, with a check of its answer.
"""
import asyncio
import re
from pathlib import Path

import pytest
from datasette.app import Datasette

from quotedb.serve import SETTINGS, load_metadata
from tests.test_datasette import rich_db  # noqa: F401  (a fixture: populated_db + more rows, as quotes.db)

README = Path(__file__).resolve().parents[1] / "README.md"
CURL = re.compile(r"curl '(?P<origin>http://127\.0\.0\.1:8001)(?P<path>/[^']*)'")


def _search(rows):
    assert sorted(r["id"] for r in rows) == [1, 4, 5]
    assert {r["speaker"] for r in rows} == {"Hong Min", "Go Myong-hyun"}


def _experts_newest_first(rows):
    assert [r["published"] for r in rows] == ["2024-07-02"] * 3 + ["2024-06-19", "2024-05-10", None]
    assert sorted(r["speaker"] for r in rows[:3]) == ["Go Myong-hyun", "Go Myong-hyun", "Hong Min"]
    assert [r["speaker"] for r in rows[3:]] == ["Hong Min", "Hong Min", "Park Won-gon"]
    assert set(rows[0]) == {"speaker", "quote", "published"}  # _col keeps only those


def _facet(data):
    assert data["rows"] == []
    counts = {f["value"]: f["count"] for f in data["facet_results"]["speaker_type"]["results"]}
    assert counts == {"expert": 6, "official": 2, "state media": 1}


def _voices(rows):
    assert [(r["speaker"], r["role"], r["quotes"]) for r in rows] == [
        ("Hong Min", "senior research fellow", 2), ("Hong Min", "peneliti", 1)
    ]


def _commentary(rows):
    assert [(r["id"], r["speaker"]) for r in rows] == [(5, "Go Myong-hyun"), (4, "Hong Min"), (1, "Hong Min")]


def _sql(rows):
    assert rows[0] == {"speaker": "Hong Min", "quotes": 3}
    assert {r["speaker"] for r in rows} >= {"Go Myong-hyun", "Korean Central News Agency", None}


EXAMPLES = {
    "/quotes/attributed_quotes.json?_search=troops&_shape=array": _search,
    "/quotes/attributed_quotes.json?speaker_type=expert&_sort_desc=published&_col=speaker&_col=quote"
    "&_col=published&_size=10&_shape=array": _experts_newest_first,
    "/quotes/attributed_quotes.json?_facet=speaker_type&_size=0": _facet,
    "/quotes/organization_voices.json?organization=KINU&_shape=array": _voices,
    "/quotes/expert_commentary.json?topic=troops&_shape=array": _commentary,
    "/quotes.json?sql=select+speaker,+count(*)+as+quotes+from+attributed_quotes+group+by+speaker"
    "+order+by+quotes+desc&_shape=array": _sql,
}


def readme_paths(text: str) -> list[str]:
    return [m["path"] for m in CURL.finditer(text)]


@pytest.fixture
def datasette(rich_db):
    return Datasette([str(rich_db)], metadata=load_metadata(rich_db), settings=SETTINGS)  # rich_db is quotes.db


def test_readme_curl_examples_are_the_tested_ones():
    paths = readme_paths(README.read_text(encoding="utf-8"))
    assert paths, "README.md shows no curl example"
    unknown = [p for p in paths if p not in EXAMPLES]
    assert not unknown, f"README curl examples without a test here: {unknown}"
    # the README shows at least: a table as a JSON array, a facet, a canned query
    assert any("_shape=array" in p and "attributed_quotes.json" in p for p in paths)
    assert any("_facet=" in p for p in paths)
    assert any(p.startswith("/quotes/organization_voices.json") or p.startswith("/quotes/expert_commentary.json")
               for p in paths)


@pytest.mark.parametrize("path", list(EXAMPLES))
def test_example(datasette, path):
    response = asyncio.run(datasette.client.get(path))
    assert response.status_code == 200, response.text
    EXAMPLES[path](response.json())
