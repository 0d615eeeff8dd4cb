"""Query speed: the facet page, full-text search and every canned query, through Datasette.

    python benchmarks/queries.py [--articles 100000] [--db PATH] [--repeat 5]

Builds a database of N synthetic articles (benchmarks/corpus.py, rules backend, 2 workers),
or reuses --db PATH when that file exists (a --db that does not exist yet is built there and
kept). The Datasette app is the one `quotedb serve` runs (quotedb.serve.datasette_app: same
metadata, settings and plugins), queried in-process: the attributed_quotes page with all its
facets (HTML and JSON), a full-text search on it, the quotes table page, and every canned
query of metadata.yml as JSON (--html: their HTML pages too), with parameters taken from the
database (the most-quoted speaker, organization and statement: the largest answers; and a
speaker of median weight). Each URL is fetched once to warm up,
then --repeat times, and the median is printed. Figures of SLOW_MS or more are marked, as are
pages whose facets timed out (a facet that times out vanishes from the page, so the page is
fast but incomplete).
"""
from __future__ import annotations

import argparse
import asyncio
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import make_corpus  # noqa: E402

from quotedb import db  # noqa: E402
from quotedb.serve import METADATA, SETTINGS, datasette_app  # noqa: E402

SLOW_MS = 500
BEYOND_TARGET = " *"  # marks pages timed for information, outside the 500 ms target
TABLES = ("articles", "quotes", "speakers", "speaker_aliases", "organizations", "organization_aliases", "quotes_fts")
SEARCH_WORDS = "military"  # a common word of the seed paragraphs: a search with many hits


def build(db_path: Path, articles: int) -> None:
    from quotedb.ingest import ingest

    with tempfile.TemporaryDirectory(prefix="quotedb-corpus-") as tmp:
        started = time.perf_counter()
        size = make_corpus(Path(tmp), articles)
        print(f"corpus: {articles} articles, {size / 1e6:.0f} MB in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        report = ingest([tmp], db_path, nlp="rules", workers=2)
        elapsed = time.perf_counter() - started
        print(f"ingest: {report.summary()} in {elapsed:.0f} s ({articles / elapsed:.0f} articles/s)", flush=True)


def describe(db_path: Path) -> dict:
    """Print the database's size and row counts; return realistic parameters for the queries."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as connection:
        size = sum(Path(f"{db_path}{suffix}").stat().st_size
                   for suffix in ("", "-wal") if Path(f"{db_path}{suffix}").exists())
        print(f"database: {db_path} ({size / 1e6:.0f} MB)")
        print("rows: " + ", ".join(
            f"{table} {connection.execute(f'select count(*) from {table}').fetchone()[0]:,}" for table in TABLES
        ))

        def one(sql: str, default="", params=()):
            row = connection.execute(sql, params).fetchone()
            return row[0] if row and row[0] is not None else default

        # The most-quoted ones: the largest answers, the worst case for each query; and a
        # speaker of median weight, the typical case.
        by_weight = ("select s.name from quotes q join speakers s on s.id = q.speaker_id {where}"
                     " group by s.id order by count(*) desc, s.id limit 1 offset {offset}")
        speaker = one(by_weight.format(where="", offset=0))
        typical = one(by_weight.format(where="", offset="(select count(*) / 2 from speakers)"), speaker)
        expert = one(by_weight.format(where="where s.speaker_type = 'expert'", offset=0), speaker)
        # an alias of the most-quoted speaker (a short form: "Putin"), the profile's other way in
        alias = one("select a.alias from speaker_aliases a join speakers s on s.id = a.speaker_id"
                    " where s.name = ? and a.alias <> s.name collate nocase order by length(a.alias) limit 1",
                    speaker, (speaker,))
        organization = one("select coalesce(o.acronym, o.name) from quotes q join organizations o"
                           " on o.id = q.organization_id group by o.id order by count(*) desc limit 1")
        outlet = one("select outlet from articles where outlet is not null group by outlet order by count(*) desc limit 1")
        statement = one("select statement_id from quotes where statement_id is not null"
                        " group by statement_id order by count(distinct article_id) desc limit 1")
        quote_id = one("select id from quotes order by id limit 1 offset (select count(*) / 2 from quotes)", 1)
    return {"speaker": speaker, "typical": typical, "expert": expert, "alias": alias, "organization": organization,
            "outlet": outlet, "statement_id": statement, "quote_id": quote_id}


def urls(database: str, p: dict, html: bool = False) -> list[tuple[str, str]]:
    """(label, URL) for every page timed: the view, search, quotes, then each canned query.

    Canned queries are timed as JSON (the query itself); with html=True their HTML pages too,
    where rendering up to max_returned_rows long rows adds a cost of its own.
    """
    view = f"/{database}/attributed_quotes"
    pages = [
        ("attributed_quotes, all facets (HTML)", view),
        ("attributed_quotes, all facets (.json)", f"{view}.json"),
        (f"search '{SEARCH_WORDS}', all facets (HTML){BEYOND_TARGET}", f"{view}?{urlencode({'_search': SEARCH_WORDS})}"),
        (f"search '{SEARCH_WORDS}', all facets (.json){BEYOND_TARGET}", f"{view}.json?{urlencode({'_search': SEARCH_WORDS})}"),
        # A filtered page counts its facets live over every quote that matches: timed to show
        # what a broad filter costs, outside the target (the facet page and the canned queries).
        (f"speaker_type=expert, all facets (.json){BEYOND_TARGET}", f"{view}.json?speaker_type=expert"),
        ("quotes table (HTML)", f"/{database}/quotes"),
    ]
    queries = (yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["quotes"].get("queries") or {})
    examples = {
        "expert_commentary": [{"topic": SEARCH_WORDS}, {"topic": ""}],
        "speaker_profile": [{"speaker": p["speaker"]}, {"speaker": p["alias"]}, {"speaker": p["typical"]}],
        "organization_voices": [{"organization": p["organization"]}],
        "most_quoted": [{"outlet": "", "speaker_type": ""}, {"outlet": p["outlet"], "speaker_type": "expert"}],
        "most_quoted_by_outlet": [{"top": ""}],
        "most_quoted_organizations": [{"outlet": ""}],
        "repeated_statements": [{"speaker": ""}, {"speaker": p["speaker"]}],
        "statement_outlets": [{"statement_id": p["statement_id"]}],
        "quoted_together": [{"speaker": ""}, {"speaker": p["expert"]}, {"speaker": p["typical"]}],
        "quote_in_context": [{"quote_id": p["quote_id"]}],
    }
    for name, query in queries.items():
        params = query.get("params") or []
        for example in examples.get(name) or [{param: "" for param in params}]:
            shown = ", ".join(f"{k}={v!r}" for k, v in example.items())
            pages.append((f"{name}({shown})", f"/{database}/{name}.json?{urlencode(example)}"))
            if html:
                pages.append((f"{name}({shown}) (HTML)", f"/{database}/{name}?{urlencode(example)}"))
    return pages


def configured_facets(table: str) -> list[str]:
    tables = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["quotes"]["tables"]
    facets = (tables.get(table) or {}).get("facets") or []
    return [f if isinstance(f, str) else next(iter(f.values())) for f in facets]


async def fetch(ds, url: str) -> tuple[float, str]:
    """Milliseconds for one request, and what went wrong with the page ('' when nothing)."""
    started = time.perf_counter()
    response = await ds.client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        too_long = "took too long" in response.text
        return elapsed, f"HTTP {response.status_code}" + (" (over sql_time_limit_ms: no answer)" if too_long else "")
    problem = ""
    if ".json" in url:
        data = response.json()
        if "facet_results" in data:  # Datasette 0.65 leaves a timed-out facet out of the JSON
            missing = [f for f in configured_facets(data["table"]) if f not in data["facet_results"]]
            if missing:
                problem = "facets timed out: " + ", ".join(missing)
    else:
        found = re.search(r'class="facets-timed-out">These facets timed out: ([^<]*)<', response.text)
        if found:
            problem = f"facets timed out: {found.group(1)}"
    return elapsed, problem


async def time_all(ds, pages: list[tuple[str, str]], repeat: int) -> list[tuple[str, str, float, str]]:
    await ds.invoke_startup()
    results = []
    for label, url in pages:
        _, problem = await fetch(ds, url)  # warm: page cache, schema, prepared plugins
        times = []
        for _ in range(repeat):
            elapsed, problem_now = await fetch(ds, url)
            times.append(elapsed)
            problem = problem or problem_now
        results.append((label, url, statistics.median(times), problem))
        print(f"  {statistics.median(times):8.0f} ms  {label}", file=sys.stderr, flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, help="articles to generate (default 100,000)")
    parser.add_argument("--db", type=Path, help="database to reuse (built there first if it does not exist)")
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per URL (default 5)")
    parser.add_argument("--html", action="store_true", help="time the canned queries' HTML pages too")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="quotedb-bench-") as tmp:
        db_path = args.db or Path(tmp) / "quotes.db"
        if not db_path.exists():
            build(db_path, args.articles)
        if db.current_revision(db_path) != db.head_revision():
            print(f"warning: {db_path} is not at the latest schema (indexes or summaries missing): "
                  f"run `quotedb db upgrade --db {db_path}` first", file=sys.stderr)
        params = describe(db_path)
        ds = datasette_app(db_path)
        database = db_path.stem
        print(f"settings: {', '.join(f'{k}={v}' for k, v in SETTINGS.items())}; median of {args.repeat} warm requests")
        results = asyncio.run(time_all(ds, urls(database, params, html=args.html), args.repeat))

    width = max(len(label) for label, *_ in results)
    print(f"\n{'page':<{width}}  {'median ms':>9}")
    for label, _url, median, problem in results:
        mark = "  SLOW (>= 500 ms)" if median >= SLOW_MS else ""
        print(f"{label:<{width}}  {median:>9.0f}{mark}{'  ' + problem if problem else ''}")
    targeted = [(label, median, problem) for label, _u, median, problem in results
                if not label.endswith(BEYOND_TARGET)]
    slow = [label for label, median, problem in targeted if median >= SLOW_MS or problem]
    print(f"\n{len(targeted) - len(slow)} of {len(targeted)} targeted pages under {SLOW_MS} ms and complete"
          + (f"; not: {', '.join(slow)}" if slow else "")
          + f" ({BEYOND_TARGET.strip()}: timed for information, outside the target)")


if __name__ == "__main__":
    main()
