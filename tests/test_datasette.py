"""Datasette in-process: metadata, facets on the flat view, full-text search, canned queries."""
import asyncio
import json
import re
import shutil
import sqlite3
from pathlib import Path
from urllib.parse import urlencode

import pytest
import yaml
from datasette.app import Datasette

from quotedb import db
from quotedb.records import Article, Processed
from quotedb.serve import METADATA, SETTINGS, datasette_args, load_metadata, write_metadata
from quotedb.sources import RawDocument
from quotedb.store import Store
from tests.conftest import quote_of


_TEMPLATES: dict[str, Path] = {}  # databases built once per session, copied for each test


def _from_template(name, build, tmp_path_factory, tmp_path) -> Path:
    template = _TEMPLATES.get(name)
    if template is None or not template.exists():
        template = build(tmp_path_factory.mktemp(f"{name}-template"))
        assert not Path(f"{template}-wal").exists() or not Path(f"{template}-wal").stat().st_size
        _TEMPLATES[name] = template
    return serve_copy(template, tmp_path / name)


@pytest.fixture
def served_db(request, tmp_path, tmp_path_factory) -> Path:
    """A copy of populated_db named quotes.db (built once, copied per test)."""
    return _from_template(
        "served", lambda d: serve_copy(request.getfixturevalue("populated_db"), d), tmp_path_factory, tmp_path
    )


@pytest.fixture
def datasette(served_db):
    return Datasette([str(served_db)], metadata=load_metadata(served_db), settings=SETTINGS)


def serve_args(db_path, **options) -> list[str]:
    """datasette_args, its metadata file removed again (the test reads it first when it needs to)."""
    args = datasette_args(db_path, **options)
    metadata_file = Path(args[args.index("--metadata") + 1])
    args.append(metadata_file.read_text())  # the metadata as served, last, for the tests
    metadata_file.unlink()
    return args


def get_json(ds, path):
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, response.text
    return response.json()


def test_metadata_loaded(datasette):
    data = get_json(datasette, "/-/metadata.json")
    assert data["title"].startswith("quotedb")
    assert data["databases"]["quotes"]["tables"]["attributed_quotes"]["fts_table"] == "quotes_fts"


def test_view_facets(datasette):
    data = get_json(datasette, "/quotes/attributed_quotes.json?_extra=facet_results")
    facets = data["facet_results"]["results"] if "results" in data["facet_results"] else data["facet_results"]
    assert {"speaker", "organization", "speaker_type", "type", "outlet", "language"} <= set(facets)
    speaker_values = {row["value"]: row["count"] for row in facets["speaker"]["results"]}
    assert speaker_values == {"Hong Min": 1, "Unification Ministry": 1, "Korean Central News Agency": 1}
    types = {row["value"] for row in facets["speaker_type"]["results"]}
    assert types == {"expert", "official", "state media"}


def test_full_text_search_on_view(datasette):
    rows = get_json(datasette, "/quotes/attributed_quotes.json?_search=swiftly&_shape=array")
    assert [r["speaker"] for r in rows] == ["Hong Min"]
    rows = get_json(datasette, "/quotes/attributed_quotes.json?_search=Korean%20Central&_shape=array")
    assert [r["quote"] for r in rows] == ["the alliance is solid."]


def test_metadata_renamed_for_other_file_names(tmp_path):
    meta = load_metadata(tmp_path / "news.db")
    assert "news" in meta["databases"] and "quotes" not in meta["databases"]


def test_serve_command_line_is_read_only_and_time_limited(tmp_path):
    args = serve_args(tmp_path / "quotes.db", port=9000, cors=True)
    assert args[args.index("--port") + 1] == "9000"
    assert "sql_time_limit_ms" in args and "max_returned_rows" in args and "--cors" in args
    assert "--immutable" not in args and "-i" not in args


CANNED = {
    "expert_commentary": "topic=troops",
    "speaker_profile": "speaker=KCNA",
    "organization_voices": "organization=KINU",
    "most_quoted": "outlet=",
    "most_quoted_organizations": "outlet=",
    "repeated_statements": "",
    "quoted_together": "speaker=",
    "quote_in_context": "quote_id=1",
}


@pytest.mark.parametrize("name", sorted(CANNED))
def test_canned_query_runs(datasette, name):
    rows = get_json(datasette, f"/quotes/{name}.json?_shape=array&{CANNED[name]}")
    assert isinstance(rows, list)


def test_canned_queries_answer(datasette):
    assert [r["speaker"] for r in get_json(datasette, "/quotes/expert_commentary.json?_shape=array&topic=troops")] == [
        "Hong Min"
    ]
    # an alias finds the speaker's profile, an acronym the organization's voices
    assert [r["quote"] for r in get_json(datasette, "/quotes/speaker_profile.json?_shape=array&speaker=KCNA")] == [
        "the alliance is solid."
    ]
    voices = get_json(datasette, "/quotes/organization_voices.json?_shape=array&organization=KINU")
    assert [(v["speaker"], v["quotes"]) for v in voices] == [("Hong Min", 1)]
    pairs = get_json(datasette, "/quotes/quoted_together.json?_shape=array&speaker=")
    assert [(p["speaker"], p["quoted_with"]) for p in pairs] == [("Hong Min", "Unification Ministry")]
    (context,) = get_json(datasette, "/quotes/quote_in_context.json?_shape=array&quote_id=1")
    assert "⟦Russia is moving swiftly to secure troops.⟧" in context["paragraph"]
    assert "talks remain possible" not in context["paragraph"]  # the next paragraph is not included


# --- A richer database: more outlets, dates, languages, aliases, a repeated statement ------

NKNEWS_TEXT = (
    'Hong Min said "Russia is moving swiftly to secure troops." Go Myong-hyun, a senior fellow at the '
    'Institute for National Security Strategy, said Pyongyang wants "troops and technology in return." '
    'He added "Moscow needs shells."\n\n'
    'Koo Byoung-sam, a spokesperson for the Ministry of Unification, said "dialogue is the only way."'
)
ANTARA_TEXT = (
    'Hong dari KINU kata "Rusia bergerak cepat untuk mengamankan pasukan." '
    "Seorang warga mengatakan perang tidak akan terjadi."
)
UNDATED_TEXT = 'Park Won-gon, a professor at Ewha Womans University, said "sanctions have failed."'
KINU = dict(
    affiliation="Korea Institute for National Unification", affiliation_acronym="KINU",
    affiliation_kind="think tank", affiliation_country="South Korea",
)
INSS = dict(
    affiliation="Institute for National Security Strategy", affiliation_acronym="INSS",
    affiliation_kind="think tank", affiliation_country="South Korea",
)


def _article(source, text, quotes, outlet, published, language="en"):
    raw = RawDocument(source, Path(source).name, text, "text", f"sha-{source}")
    article = Article(text=text, title=f"Title of {source}", outlet=outlet, published=published, language=language)
    return Processed(raw, article, quotes, "rules:en")


def add_rich_articles(path: Path) -> None:
    """Three more articles on top of populated_db's two (quote ids 4 to 10)."""
    expert = dict(speaker_kind="person", speaker_type="expert", rule="cue-same-sentence", confidence=0.8)
    nknews = [
        quote_of(NKNEWS_TEXT, "Russia is moving swiftly to secure troops.", speaker="Hong Min",
                 speaker_mention="Hong Min", role="senior research fellow", **KINU, **expert),
        quote_of(NKNEWS_TEXT, "troops and technology in return.", speaker="Go Myong-hyun",
                 speaker_mention="Go Myong-hyun", role="senior fellow", **INSS, **expert),
        quote_of(NKNEWS_TEXT, "Moscow needs shells.", speaker="Go Myong-hyun", speaker_mention="He",
                 role="senior fellow", **INSS, **expert),
        quote_of(NKNEWS_TEXT, "dialogue is the only way.", speaker="Koo Byoung-sam", speaker_kind="person",
                 speaker_type="official", role="spokesperson", affiliation="Ministry of Unification",
                 affiliation_aliases=["Unification Ministry"], affiliation_kind="ministry",
                 affiliation_country="South Korea", paragraph=1, rule="cue-same-sentence", confidence=0.9),
    ]
    antara = [
        quote_of(ANTARA_TEXT, "Rusia bergerak cepat untuk mengamankan pasukan.", speaker="Hong Min",
                 speaker_mention="Hong", role="peneliti", cue="kata", **KINU, **expert),
        quote_of(ANTARA_TEXT, "perang tidak akan terjadi.", type="indirect", cue="mengatakan", rule="", confidence=0.0),
    ]
    undated = [
        quote_of(UNDATED_TEXT, "sanctions have failed.", speaker="Park Won-gon", speaker_mention="Park Won-gon",
                 role="professor", affiliation="Ewha Womans University", affiliation_kind="university", **expert),
    ]
    engine = db.engine_for(path)
    # one Store (one ingest run) per article: within a run the Store records a speaker's
    # aliases only the first time it meets the speaker, and "Hong" must become an alias
    for processed in (
        _article("c/nknews.txt", NKNEWS_TEXT, nknews, "NK News", "2024-07-02"),
        _article("d/antara.txt", ANTARA_TEXT, antara, "Antara", "2024-05-10", language="id"),
        _article("e/undated.txt", UNDATED_TEXT, undated, None, None),
    ):
        with engine.begin() as connection:
            Store(connection).save(processed)
    engine.dispose()
    db.refresh_summaries(path)


def serve_copy(source: Path, directory: Path) -> Path:
    """A copy named quotes.db, so that Datasette serves it as /quotes like metadata.yml says."""
    served = directory / "quotes.db"
    served.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, served)
    return served


@pytest.fixture
def rich_db(request, tmp_path, tmp_path_factory) -> Path:
    """populated_db plus add_rich_articles, named quotes.db (built once, copied per test)."""

    def build(directory):
        path = serve_copy(request.getfixturevalue("populated_db"), directory)
        add_rich_articles(path)
        return path

    return _from_template("rich", build, tmp_path_factory, tmp_path)


@pytest.fixture
def rich(rich_db):
    return Datasette([str(rich_db)], metadata=load_metadata(rich_db), settings=SETTINGS)


def canned(ds, name, **params):
    return get_json(ds, f"/quotes/{name}.json?{urlencode({**params, '_shape': 'array'})}")


def test_rich_fixture_ids(rich_db):
    with sqlite3.connect(rich_db) as conn:
        rows = conn.execute("select id, speaker, quote from attributed_quotes order by id").fetchall()
    assert [(i, s) for i, s, _ in rows] == [
        (1, "Hong Min"), (2, "Unification Ministry"), (3, "Korean Central News Agency"), (4, "Hong Min"),
        (5, "Go Myong-hyun"), (6, "Go Myong-hyun"), (7, "Koo Byoung-sam"), (8, "Hong Min"), (9, None),
        (10, "Park Won-gon"),
    ]


# --- Metadata against the real schema -------------------------------------------------------

METADATA_YML = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
DB_META = METADATA_YML["databases"]["quotes"]


def _schema_columns(path) -> dict[str, list[str]]:
    with sqlite3.connect(path) as conn:
        names = [
            name for (name,) in conn.execute("select name from sqlite_master where type in ('table', 'view')")
            if not (name.startswith("quotes_fts_") or name.startswith("sqlite_"))
        ]
        return {name: [row[1] for row in conn.execute(f'pragma table_info("{name}")')] for name in names}


def test_every_column_of_every_table_and_view_is_described(rich_db):
    schema = _schema_columns(rich_db)
    assert "attributed_quotes" in schema and "quotes_fts" in schema
    tables = DB_META["tables"]
    assert set(schema) == set(tables), "metadata.yml names exactly the tables and views of the schema"
    for name, columns in schema.items():
        described = tables[name].get("columns") or {}
        assert set(described) == set(columns), f"{name}: described {sorted(described)} but has {columns}"
        assert all(isinstance(text, str) and len(text) >= 5 for text in described.values()), name
        assert tables[name].get("description"), f"{name} has no description"


def test_configured_facets_sorts_and_labels_exist(rich_db):
    schema = _schema_columns(rich_db)
    checked = 0
    for name, table in DB_META["tables"].items():
        columns = set(schema[name])
        for facet in table.get("facets") or []:
            column = facet if isinstance(facet, str) else next(iter(facet.values()))
            assert column in columns, f"{name}: facet on missing column {column}"
            checked += 1
        for column in table.get("sortable_columns") or []:
            assert column in columns, f"{name}: sortable missing column {column}"
            checked += 1
        for key in ("label_column", "sort", "sort_desc", "fts_pk"):
            if key in table:
                assert table[key] in columns, f"{name}: {key} names missing column {table[key]}"
        if "fts_table" in table:
            assert table["fts_table"] in schema
    assert checked > 20
    # units only make sense on numeric columns (Datasette's units): none of quotedb's are physical
    assert not any("units" in table for table in DB_META["tables"].values())


def test_canned_queries_are_documented_read_only_and_declare_their_parameters():
    assert set(DB_META["queries"]) >= {
        "expert_commentary", "speaker_profile", "organization_voices", "most_quoted", "most_quoted_by_outlet",
        "most_quoted_organizations", "repeated_statements", "statement_outlets", "quoted_together",
        "quote_in_context",
    }
    for name, query in DB_META["queries"].items():
        assert query.get("title") and query.get("description"), name
        assert not query.get("write"), f"{name} would write"
        used = {m for m in re.findall(r"(?<![:\w]):(\w+)", query["sql"]) if not m.startswith("_")}
        assert set(query["params"]) == used, f"{name}: params {query['params']} but SQL uses {sorted(used)}"


def test_facets_and_sorts_answer_on_the_served_view(rich):
    for column in DB_META["tables"]["attributed_quotes"]["sortable_columns"]:
        rows = get_json(rich, f"/quotes/attributed_quotes.json?_sort={column}&_shape=array&_size=100")
        assert len(rows) == 10, column
    response = asyncio.run(rich.client.get("/quotes/attributed_quotes.json?_sort=quote"))
    assert response.status_code != 200 and "Cannot sort table by quote" in response.text  # not sortable


# --- Facets and search on the richer database -----------------------------------------------

def facet_counts(data, name):
    return {row["value"]: row["count"] for row in data["facet_results"][name]["results"]}


def test_facets_count_the_view(rich):
    data = get_json(rich, "/quotes/attributed_quotes.json?_size=0")
    assert facet_counts(data, "language") == {"en": 8, "id": 2}
    assert facet_counts(data, "speaker_type") == {"expert": 6, "official": 2, "state media": 1}
    assert facet_counts(data, "outlet") == {"NK News": 4, "The Korea Herald": 2, "Antara": 2, "Yonhap": 1}
    assert facet_counts(data, "speaker")["Hong Min"] == 3
    assert facet_counts(data, "organization")["Korea Institute for National Unification"] == 3
    assert facet_counts(data, "type") == {"direct": 9, "indirect": 1}
    assert facet_counts(data, "published") == {"2024-07-02": 4, "2024-06-19": 3, "2024-05-10": 2}
    assert data["facet_results"]["published"]["type"] == "column"  # counted ahead of time, shown as a column facet


def test_facet_selection_filters_rows(rich):
    data = get_json(rich, "/quotes/attributed_quotes.json?speaker_type=expert&outlet=NK+News&_size=0")
    assert data["filtered_table_rows_count"] == 3
    assert facet_counts(data, "speaker") == {"Go Myong-hyun": 2, "Hong Min": 1}


def test_search_on_the_view_matches_words_and_speaker_names(rich):
    rows = get_json(rich, "/quotes/attributed_quotes.json?_search=troops&_shape=array")
    assert sorted(r["id"] for r in rows) == [1, 4, 5]
    rows = get_json(rich, "/quotes/attributed_quotes.json?_search=Hong&_shape=array")
    assert sorted(r["id"] for r in rows) == [1, 4, 8]  # by speaker name and by the mention "Hong"
    rows = get_json(rich, "/quotes/attributed_quotes.json?_search=troops&speaker_type=official&_shape=array")
    assert rows == []
    # what a user types is escaped: an apostrophe or a stray quote is no FTS syntax error
    assert get_json(rich, "/quotes/attributed_quotes.json?_search=Korea%27s+%22troops&_shape=array") == []


# --- Every canned query, with real answers --------------------------------------------------

def test_expert_commentary(rich):
    rows = canned(rich, "expert_commentary", topic="troops")
    assert [(r["id"], r["speaker"]) for r in rows] == [(5, "Go Myong-hyun"), (4, "Hong Min"), (1, "Hong Min")]
    assert rows[0]["organization"] == "Institute for National Security Strategy"
    # no topic: every expert quote, newest first, undated last; officials never
    assert [r["id"] for r in canned(rich, "expert_commentary", topic="")] == [6, 5, 4, 1, 8, 10]
    assert canned(rich, "expert_commentary", topic="dialogue") == []  # said by an official
    assert canned(rich, "expert_commentary", topic="North Korea's \"") == []  # escaped, not an error


def test_speaker_profile_by_alias_any_case(rich):
    rows = canned(rich, "speaker_profile", speaker="hong")
    assert [(r["id"], r["published"], r["role"]) for r in rows] == [
        (8, "2024-05-10", "peneliti"), (1, "2024-06-19", "senior research fellow"),
        (4, "2024-07-02", "senior research fellow"),
    ]
    assert {r["organization"] for r in rows} == {"Korea Institute for National Unification"}
    assert [r["id"] for r in canned(rich, "speaker_profile", speaker="Hong Min")] == [8, 1, 4]
    assert [r["quote"] for r in canned(rich, "speaker_profile", speaker="KCNA")] == ["the alliance is solid."]
    assert canned(rich, "speaker_profile", speaker="Nobody") == []


def test_organization_voices_by_acronym_alias_and_as_speaker(rich):
    rows = canned(rich, "organization_voices", organization="KINU")
    assert [(r["speaker"], r["role"], r["quotes"]) for r in rows] == [
        ("Hong Min", "senior research fellow", 2), ("Hong Min", "peneliti", 1),
    ]
    assert (rows[0]["first_quoted"], rows[0]["last_quoted"]) == ("2024-06-19", "2024-07-02")
    # an alias names the ministry; the ministry quoted as itself counts too
    rows = canned(rich, "organization_voices", organization="unification ministry")
    assert [(r["speaker"], r["role"], r["speaks_for"]) for r in rows] == [
        ("Koo Byoung-sam", "spokesperson", "Ministry of Unification"),
        ("Unification Ministry", None, "Unification Ministry"),
    ]
    assert [r["speaker"] for r in canned(rich, "organization_voices", organization="kcna")] == [
        "Korean Central News Agency"
    ]
    assert [(r["speaker"], r["quotes"]) for r in canned(rich, "organization_voices", organization="inss")] == [
        ("Go Myong-hyun", 2)
    ]
    assert canned(rich, "organization_voices", organization="NATO") == []


def test_most_quoted_overall_per_outlet_and_type(rich):
    rows = canned(rich, "most_quoted", outlet="", speaker_type="")
    assert [(r["speaker"], r["quotes"]) for r in rows] == [
        ("Hong Min", 3), ("Go Myong-hyun", 2), ("Koo Byoung-sam", 1), ("Korean Central News Agency", 1),
        ("Park Won-gon", 1), ("Unification Ministry", 1),
    ]  # the unattributed quote is no speaker
    hong = rows[0]
    assert (hong["statements"], hong["articles"], hong["outlets"]) == (2, 3, 3)
    rows = canned(rich, "most_quoted", outlet="nk news", speaker_type="")
    assert [(r["speaker"], r["quotes"]) for r in rows] == [("Go Myong-hyun", 2), ("Hong Min", 1), ("Koo Byoung-sam", 1)]
    rows = canned(rich, "most_quoted", outlet="", speaker_type="expert")
    assert [r["speaker"] for r in rows] == ["Hong Min", "Go Myong-hyun", "Park Won-gon"]


def test_most_quoted_by_outlet(rich):
    rows = canned(rich, "most_quoted_by_outlet", top="1")
    assert [(r["outlet"], r["speaker"], r["quotes"]) for r in rows] == [
        ("Antara", "Hong Min", 1),
        ("NK News", "Go Myong-hyun", 2),
        ("The Korea Herald", "Hong Min", 1), ("The Korea Herald", "Unification Ministry", 1),  # tied
        ("Yonhap", "Korean Central News Agency", 1),
        ("(unknown outlet)", "Park Won-gon", 1),
    ]
    assert len(canned(rich, "most_quoted_by_outlet", top="")) == 8  # default top 5: everyone here


def test_most_quoted_organizations(rich):
    rows = canned(rich, "most_quoted_organizations", outlet="")
    assert [(r["organization"], r["quotes"]) for r in rows] == [
        ("Korea Institute for National Unification", 3), ("Institute for National Security Strategy", 2),
        ("Ewha Womans University", 1), ("Korean Central News Agency", 1), ("Ministry of Unification", 1),
        ("Unification Ministry", 1),
    ]
    rows = canned(rich, "most_quoted_organizations", outlet="Yonhap")
    assert [(r["organization"], r["quotes"], r["speakers"]) for r in rows] == [("Korean Central News Agency", 1, 1)]


def test_repeated_statements_and_one_statement(rich):
    (row,) = canned(rich, "repeated_statements", speaker="")
    assert (row["speaker"], row["quote"], row["outlets"], row["articles"]) == (
        "Hong Min", "Russia is moving swiftly to secure troops.", 2, 2
    )
    assert set(row["carried_by"].split(",")) == {"The Korea Herald", "NK News"}
    assert (row["first_published"], row["last_published"]) == ("2024-06-19", "2024-07-02")
    assert [r["statement_id"] for r in canned(rich, "repeated_statements", speaker="hong")] == [row["statement_id"]]
    assert canned(rich, "repeated_statements", speaker="KCNA") == []
    rows = canned(rich, "statement_outlets", statement_id=row["statement_id"])
    assert [(r["id"], r["outlet"], r["published"]) for r in rows] == [
        (1, "The Korea Herald", "2024-06-19"), (4, "NK News", "2024-07-02")
    ]
    assert canned(rich, "statement_outlets", statement_id="no-such-statement") == []


def test_quoted_together(rich):
    rows = canned(rich, "quoted_together", speaker="")
    assert [(r["speaker"], r["quoted_with"], r["articles"]) for r in rows] == [
        ("Go Myong-hyun", "Hong Min", 1), ("Go Myong-hyun", "Koo Byoung-sam", 1),
        ("Hong Min", "Koo Byoung-sam", 1), ("Hong Min", "Unification Ministry", 1),
    ]
    rows = canned(rich, "quoted_together", speaker="hong")  # by alias: always in the first column
    assert [(r["speaker"], r["quoted_with"]) for r in rows] == [
        ("Hong Min", "Go Myong-hyun"), ("Hong Min", "Koo Byoung-sam"), ("Hong Min", "Unification Ministry")
    ]
    assert (rows[0]["first_together"], rows[0]["last_together"]) == ("2024-07-02", "2024-07-02")


def test_quote_in_context(rich):
    (row,) = canned(rich, "quote_in_context", quote_id="7")
    assert row["paragraph"] == (
        'Koo Byoung-sam, a spokesperson for the Ministry of Unification, said "⟦dialogue is the only way.⟧"'
    )
    assert (row["speaker"], row["organization"], row["outlet"], row["paragraph_number"]) == (
        "Koo Byoung-sam", "Ministry of Unification", "NK News", 1
    )
    (row,) = canned(rich, "quote_in_context", quote_id="9")
    assert row["speaker"] is None and "⟦perang tidak akan terjadi.⟧" in row["paragraph"]
    assert canned(rich, "quote_in_context", quote_id="999") == []


def test_canned_query_pages_render_forms(rich):
    for name in DB_META["queries"]:
        response = asyncio.run(rich.client.get(f"/quotes/{name}"))
        assert response.status_code == 200, name
        for param in DB_META["queries"][name]["params"]:
            assert f'name="{param}"' in response.text, (name, param)


# --- Read-only serving --------------------------------------------------------------------

def test_served_database_cannot_be_written(rich, rich_db):
    database = rich.get_database("quotes")
    with pytest.raises(sqlite3.OperationalError, match="readonly|read-only"):
        asyncio.run(database.execute_write("delete from quotes"))
    response = asyncio.run(rich.client.get("/quotes.json?sql=delete+from+quotes"))
    assert response.status_code == 400
    with sqlite3.connect(rich_db) as conn:
        assert conn.execute("select count(*) from quotes").fetchone()[0] == 10


def test_settings_limit_time_and_rows(rich):
    settings = get_json(rich, "/-/settings.json")
    assert settings["sql_time_limit_ms"] == 3000 and settings["max_returned_rows"] == 1000
    assert settings["allow_download"] is False
    assert settings["facet_time_limit_ms"] == 1000 and settings["suggest_facets"] is False


def test_command_line_settings_are_what_datasette_parses(tmp_path):
    args = serve_args(tmp_path / "quotes.db")
    given = {args[i + 1]: args[i + 2] for i, arg in enumerate(args) if arg == "--setting"}
    assert given == {
        "sql_time_limit_ms": "3000", "max_returned_rows": "1000", "facet_time_limit_ms": "1000",
        "suggest_facets": "off", "allow_download": "off",
    }
    assert args[args.index("--host") + 1] == "127.0.0.1"
    metadata = json.loads(args[-1])
    assert metadata["databases"]["quotes"]["queries"].keys() == DB_META["queries"].keys()
    assert serve_args(tmp_path / "quotes.db")[:-1] == args[:-1]  # the same file each time


def test_metadata_file_per_database_without_leftovers(tmp_path):
    first, second = write_metadata(tmp_path / "quotes.db"), write_metadata(tmp_path / "quotes.db")
    other = write_metadata(tmp_path / "news.db")
    try:
        assert first == second != other
        assert json.loads(other.read_text())["plugins"]["datasette-dashboards"]["quotes-overview"]["charts"][
            "top-experts"]["db"] == "news"
        assert not list(first.parent.glob(f".{first.name}.*"))  # no temporary file left behind
    finally:
        first.unlink()
        other.unlink()


def test_immutable_only_when_asked_and_refused_while_the_wal_has_pages(rich_db):
    from quotedb.serve import ServeError

    assert "-i" not in serve_args(rich_db)
    args = serve_args(rich_db, immutable=True)
    assert args[args.index("-i") + 1] == str(rich_db)
    Path(f"{rich_db}-wal").write_bytes(b"\0" * 32)  # an ingest's uncheckpointed pages
    with pytest.raises(ServeError, match="-wal holds pages not yet checkpointed"):
        serve_args(rich_db, immutable=True)
    Path(f"{rich_db}-wal").write_bytes(b"")  # emptied by a checkpoint
    assert "-i" in serve_args(rich_db, immutable=True)


def test_immutable_datasette_serves_the_view(rich_db):
    ds = Datasette(immutables=[str(rich_db)], metadata=load_metadata(rich_db), settings=SETTINGS)
    assert not ds.get_database("quotes").is_mutable
    assert len(get_json(ds, "/quotes/attributed_quotes.json?_search=troops&_shape=array")) == 3


def test_metadata_for_another_file_name_renames_dashboards_and_links(tmp_path):
    meta = load_metadata(tmp_path / "news.db")
    dashboard = meta["plugins"]["datasette-dashboards"]["quotes-overview"]
    assert {chart["db"] for chart in dashboard["charts"].values()} == {"news"}
    assert dashboard["filters"]["outlet"]["db"] == "news"
    assert 'href="/news/attributed_quotes"' in meta["description_html"]
    assert 'href="/news#queries"' in meta["description_html"]
    assert 'href="/quotes' not in meta["description_html"]
    # the file on disk is not touched: the next load for quotes.db is as written
    assert load_metadata(tmp_path / "quotes.db")["plugins"]["datasette-dashboards"]["quotes-overview"]["charts"][
        "quotes-count"]["db"] == "quotes"


# --- Plugins: dashboards, search-all --------------------------------------------------------

DASHBOARD = METADATA_YML["plugins"]["datasette-dashboards"]["quotes-overview"]


def chart_rows(ds, chart, **filters):
    """What the dashboard's JavaScript fetches for one chart (see dashboards.js getDataUrl)."""
    from datasette_dashboards import replace_opts_in_query

    sql = replace_opts_in_query(DASHBOARD["charts"][chart]["query"], filters)
    return get_json(ds, f"/quotes.json?{urlencode({'sql': sql, **filters, '_shape': 'array'})}")


def test_plugins_installed_with_datasette_065():
    plugins = {p["name"]: p["version"] for p in json.loads(
        asyncio.run(Datasette([]).client.get("/-/plugins.json")).text)}
    assert {"datasette-dashboards", "datasette-search-all", "quotedb"} <= set(plugins)
    versions = json.loads(asyncio.run(Datasette([]).client.get("/-/versions.json")).text)
    assert versions["datasette"]["version"].startswith("0.65.")


def test_dashboard_pages_answer(rich):
    response = asyncio.run(rich.client.get("/-/dashboards"))
    assert response.status_code == 200 and "/-/dashboards/quotes-overview" in response.text
    response = asyncio.run(rich.client.get("/-/dashboards/quotes-overview"))
    assert response.status_code == 200
    for chart in DASHBOARD["charts"].values():
        assert chart["title"] in response.text
    assert "<option value=\"NK News\"" in response.text  # the outlet filter lists the outlets
    response = asyncio.run(rich.client.get("/-/dashboards/quotes-overview/top-experts"))
    assert response.status_code == 200


def test_dashboard_charts_query(rich):
    assert chart_rows(rich, "quotes-count") == [{"quotes": 10}]
    assert chart_rows(rich, "experts-count") == [{"experts": 3}]
    assert chart_rows(rich, "quotes-count", outlet="NK News") == [{"quotes": 4}]
    assert chart_rows(rich, "experts-count", date_start="2024-06-01", date_end="2024-06-30") == [{"experts": 1}]
    over_time = chart_rows(rich, "quotes-over-time")
    assert {(r["month"], r["speaker_type"]): r["quotes"] for r in over_time} == {
        ("2024-05-01", "expert"): 1, ("2024-05-01", "unattributed"): 1,
        ("2024-06-01", "expert"): 1, ("2024-06-01", "official"): 1, ("2024-06-01", "state media"): 1,
        ("2024-07-01", "expert"): 3, ("2024-07-01", "official"): 1,
    }
    assert chart_rows(rich, "top-organizations")[:2] == [
        {"organization": "Korea Institute for National Unification", "quotes": 3},
        {"organization": "Institute for National Security Strategy", "quotes": 2},
    ]
    assert [(r["speaker"], r["quotes"]) for r in chart_rows(rich, "top-experts")] == [
        ("Hong Min", 3), ("Go Myong-hyun", 2), ("Park Won-gon", 1)
    ]
    for name, chart in DASHBOARD["charts"].items():  # every chart is laid out, every vega-lite chart encodes
        assert any(name in row for row in DASHBOARD["layout"]), name
        if chart["library"] == "vega-lite":
            row = chart_rows(rich, name)[0]
            assert {enc["field"] for enc in chart["display"]["encoding"].values()} <= set(row), name


def test_search_all_finds_the_view(rich):
    response = asyncio.run(rich.client.get("/-/search?q=troops"))
    assert response.status_code == 200
    assert 'data-searchable-url="/quotes/attributed_quotes"' in response.text
    # the URL its JavaScript fetches for each searchable table or view
    data = get_json(rich, "/quotes/attributed_quotes.json?_shape=objects&_labels=on&_size=5&_search=troops")
    assert sorted(r["id"] for r in data["rows"]) == [1, 4, 5]
    home = asyncio.run(rich.client.get("/"))
    assert 'action="/-/search"' in home.text and "Search all tables" in home.text
