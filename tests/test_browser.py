"""A real browser on the served database: headless Chromium against `datasette serve`.

The server is the command line `quotedb serve` runs (quotedb.serve.datasette_args) on a free
127.0.0.1 port, over a database built from seeds/ by the ingest API. Chromium (Debian's
`chromium`, see scripts/install-browser.sh) dumps the DOM after the page's scripts ran and
takes a screenshot, saved to $QUOTEDB_SCREENSHOT_DIR (or the test's tmp directory).
"""
from __future__ import annotations

import html
import os
import re
import shutil
import socket
import sqlite3
import struct
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote as urlquote

import pytest

from quotedb.serve import datasette_args
from tests.conftest import SEEDS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]
WINDOW = (1400, 1800)
SERVER_START_TIMEOUT_S = 30
CHROMIUM_TIMEOUT_S = 60

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs /usr/bin/chromium: run scripts/install-browser.sh (CI does)"
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_BUILT: dict[str, Path] = {}  # the database is built once per session and copied for each test


def build_seeds_db(request, directory: Path) -> Path:
    path = directory / "quotes.db"
    try:
        from quotedb.ingest import ingest
    except ImportError as exc:  # the extraction pipeline is not importable in this tree yet
        from tests.test_datasette import add_rich_articles

        shutil.copy(request.getfixturevalue("populated_db"), path)
        add_rich_articles(path)
        print(f"seeds not ingested ({exc}); serving the populated_db fixture with more rows")
        return path
    report = ingest([SEEDS], path, nlp="rules")
    assert report.failed == 0 and report.quotes > 0, report.summary()
    return path


@pytest.fixture
def seeds_db(request, tmp_path, tmp_path_factory) -> Path:
    """quotes.db built by `quotedb ingest seeds`; populated_db (+ richer rows) if ingest can't import."""
    built = _BUILT.get("seeds")
    if built is None or not built.exists():
        built = _BUILT["seeds"] = build_seeds_db(request, tmp_path_factory.mktemp("seeds-db"))
    path = tmp_path / "served" / "quotes.db"
    path.parent.mkdir()
    # SQLite's backup API: a consistent copy, pages still in the -wal included (the ingest
    # API's pooled connections may keep the WAL open until the process ends)
    with sqlite3.connect(built) as source, sqlite3.connect(path) as target:
        source.backup(target)
    source.close()
    target.close()
    return path


@pytest.fixture
def server(seeds_db, tmp_path):
    """`datasette serve` as quotedb serve starts it; yields its base URL; always stopped."""
    port = free_port()
    args = datasette_args(seeds_db, port=port, host="127.0.0.1")
    metadata_file = Path(args[args.index("--metadata") + 1])
    log = (tmp_path / "datasette.log").open("w+")
    process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                log.seek(0)
                pytest.fail(f"datasette exited with {process.returncode}:\n{log.read()}")
            try:
                with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"datasette did not answer on {base} within {SERVER_START_TIMEOUT_S}s")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()
        metadata_file.unlink(missing_ok=True)


def chromium(tmp_path: Path, *args: str, budget_ms: int | None = None) -> subprocess.CompletedProcess:
    """One headless Chromium run with a fresh profile."""
    profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=tmp_path)
    command = [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}"]
    if budget_ms:  # let the page's scripts fetch and render before the dump or the screenshot
        command.append(f"--virtual-time-budget={budget_ms}")
    result = subprocess.run(
        command + list(args), capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT_S, stdin=subprocess.DEVNULL
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def dump_dom(tmp_path: Path, url: str, budget_ms: int | None = None) -> str:
    dom = chromium(tmp_path, "--dump-dom", url, budget_ms=budget_ms).stdout
    assert "</html>" in dom, dom[-2000:]
    return dom


def screenshot(tmp_path: Path, url: str, name: str, budget_ms: int | None = None) -> Path:
    directory = Path(os.environ.get("QUOTEDB_SCREENSHOT_DIR") or tmp_path / "screenshots")
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.unlink(missing_ok=True)
    chromium(tmp_path, f"--screenshot={path}", f"--window-size={WINDOW[0]},{WINDOW[1]}", url, budget_ms=budget_ms)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is no PNG"
    assert struct.unpack(">II", data[16:24]) == WINDOW  # IHDR width, height
    assert len(data) > 30_000, f"{path} is nearly blank ({len(data)} bytes)"
    return path


def search_example(db_path: Path) -> tuple[str, str, str, int]:
    """A word of an attributed quote that few quotes share: (word, quote, speaker, matches)."""
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(
            "select quote, speaker from attributed_quotes where speaker is not null order by confidence desc, id"
        ).fetchall()
        best = None
        for quote, speaker in rows[:20]:
            for word in set(re.findall(r"[^\W\d_]{5,}", quote)):
                matches = conn.execute(
                    "select count(*) from quotes_fts where quotes_fts match ?", [f'"{word}"']
                ).fetchone()[0]
                if best is None or (matches, word) < (best[3], best[0]):
                    best = (word, quote, speaker, matches)
    assert best and best[3] >= 1, "no attributed quote to search for"
    return best


def text_of(dom: str) -> str:
    """The DOM's visible text, roughly: tags dropped, entities decoded, spaces collapsed."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.S | re.I)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def test_quotes_page_shows_facets_and_search_results(server, seeds_db, tmp_path):
    # the facets: one box per configured facet whose column has a value
    dom = dump_dom(tmp_path, f"{server}/quotes/attributed_quotes")
    with sqlite3.connect(seeds_db) as conn:
        total = conn.execute("select count(*) from attributed_quotes").fetchone()[0]
        facets = {
            column: conn.execute(
                f"select {column}, count(*) from attributed_quotes where {column} is not null "
                "group by 1 order by 2 desc, 1 limit 1"
            ).fetchone()
            for column in ("speaker", "organization", "speaker_type", "type", "outlet", "language", "published")
        }
    assert f"{total:,} row" in text_of(dom)
    for column, top in facets.items():
        if top is None:
            continue
        assert f'data-column="{column}"' in dom, f"no facet box for {column}"
        box = dom.split(f'data-column="{column}"', 1)[1].split('class="facet-info ', 1)[0]
        value = top[0][:10] if column == "published" else top[0]  # the date facet shows the day
        assert html.escape(str(value), quote=False) in box, f"facet {column} lacks its top value {value!r}"
    assert 'name="_search"' in dom  # the search box
    # quotedb's page script folded the column descriptions and put them on the headers
    assert '<details class="quotedb-column-descriptions"><summary>About the 25 columns</summary>' in dom
    assert re.search(r'<th [^>]*title="Canonical name of the source', dom)

    # a search: the page lists the matching quote with its speaker
    word, quote, speaker, matches = search_example(seeds_db)
    url = f"{server}/quotes/attributed_quotes?_search={urlquote(word)}"
    dom = dump_dom(tmp_path, url)
    text = text_of(dom)
    assert f"{matches:,} row{'' if matches == 1 else 's'} where search matches \"{word}\"" in text
    table = dom.split('class="rows-and-columns"', 1)[1]
    assert " ".join(quote.split())[:200] in text_of(table)
    assert speaker in text_of(table)
    assert 'data-column="speaker"' in dom  # facets stay on a search

    shot = screenshot(tmp_path, url, "quotes-search.png")
    print(f"screenshot: {shot}")


def test_dashboard_and_search_all_render(server, seeds_db, tmp_path):
    url = f"{server}/-/dashboards/quotes-overview"
    dom = dump_dom(tmp_path, url, budget_ms=8000)
    for chart in ("quotes-count", "experts-count", "quotes-over-time", "top-organizations", "top-experts"):
        card = dom.split(f'id="chart-{chart}"', 1)[1].split('class="dashboard-card"', 1)[0]
        if chart.endswith("-count"):
            assert re.search(r"\d+ (quotes|experts)", text_of(card)), f"{chart}: no metric"
        else:  # vega-embed drew the chart
            assert "<canvas" in card or "<svg" in card, f"{chart}: not drawn"
    shot = screenshot(tmp_path, url, "dashboard.png", budget_ms=8000)
    print(f"screenshot: {shot}")

    # datasette-search-all searches the view (its script fetches and lists the results)
    word, quote, speaker, matches = search_example(seeds_db)
    text = text_of(dump_dom(tmp_path, f"{server}/-/search?q={urlquote(word)}", budget_ms=5000))
    assert f"{matches} result{'' if matches == 1 else 's'} in quotes: attributed_quotes" in text
    assert " ".join(quote.split())[:200] in text
