"""Datasette plugin (registered by entry point `quotedb`): what quotedb's Datasette needs.

- `quote_context(text, start, end)`, the SQL function of the canned query quote_in_context;
- read-only connections: with `plugins: quotedb: read_only: true` in metadata, every
  connection to a served database gets `PRAGMA query_only`, so nothing served can write;
- bounded queries, whatever the metadata: every connection to a served database gets SQLite
  limits (SERVED_LIMITS: no string or blob over 8 MB, which also ends a recursive doubling),
  a bound on the bytes one query returns (ResponseBudget), a printf that refuses the
  character repeats SQLite would make in one uninterruptible step, and an authorizer that
  refuses fts3_tokenizer() (it leaks and overwrites native pointers);
- only GET, HEAD and OPTIONS: any other method gets 405 with a message (the site is read-only);
- `public: true` (set by `quotedb serve --public`): /-/databases.json names each file without
  its directory;
- table pages: the column descriptions (metadata `columns`) fold into a <details> above the
  table instead of pushing the rows below the fold, each column header shows its description
  on hover, and quote columns get a readable width (`plugins: quotedb:
  fold_column_descriptions: true`);
- counted facets (`{counted: column}` in metadata): the unfiltered page reads its facet counts
  from the summary table facet_counts instead of counting every row;
- datasette-search-all over views: it only finds *tables* with an FTS table Datasette can
  detect, while quotedb's search lives on the view `attributed_quotes` (`fts_table` in
  metadata). Views whose metadata names an `fts_table` are added to its search page, to the
  home page's search box and to the menu.
"""
from __future__ import annotations

import json
import re
import sqlite3
import weakref
from pathlib import Path

from datasette import hookimpl
from datasette.facets import ColumnFacet
from datasette.utils import path_with_added_args, path_with_removed_args
from datasette.views.special import JsonDataView

from .summaries import COUNTED_FACETS, is_stale

MARK_OPEN, MARK_CLOSE = "⟦", "⟧"
PLUGIN = "quotedb"


def quote_context(text: str | None, start: int | None, end: int | None) -> str | None:
    """The paragraph (blank-line delimited) holding text[start:end], the quote marked."""
    if text is None or start is None or end is None:
        return None
    start, end = max(0, min(int(start), len(text))), max(0, min(int(end), len(text)))
    para_start = text.rfind("\n\n", 0, start)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end < 0 else para_end
    return f"{text[para_start:start]}{MARK_OPEN}{text[start:end]}{MARK_CLOSE}{text[end:para_end]}"


def _read_only(datasette) -> bool:
    return bool((datasette.plugin_config(PLUGIN) or {}).get("read_only"))


# --- served connections: read-only and bounded ------------------------------------------------

MAX_VALUE_BYTES = 8 * 2**20
SERVED_LIMITS = {
    # No string or blob over 8 MB, made or read: a WITH RECURSIVE doubling or group_concat over
    # the corpus stop there ("string or blob too big"; printf needs more, see _bounded_printf).
    # A page holding an article text longer than that fails with that error.
    sqlite3.SQLITE_LIMIT_LENGTH: MAX_VALUE_BYTES,
    sqlite3.SQLITE_LIMIT_SQL_LENGTH: 100_000,
    sqlite3.SQLITE_LIMIT_COLUMN: 100,  # the widest table has 25 columns: a row is at most 100 values
    sqlite3.SQLITE_LIMIT_ATTACHED: 0,
}
MAX_RESPONSE_BYTES = 32 * 2**20  # values one query may return (max_returned_rows bounds rows, not bytes)
REFUSED_FUNCTIONS = {"fts3_tokenizer"}


class ResponseBudget:
    """Fails a query on one connection once the values it returned pass MAX_RESPONSE_BYTES.

    1,000 rows each carrying an 8 MB string would be 8 GB in Python before Datasette saw them.
    Text is counted as the sqlite3 module decodes it (text_factory), before its row is complete;
    blobs when the row is (row_factory). Each query has its own cursor: a new one starts from zero.
    """

    def __init__(self, limit: int = MAX_RESPONSE_BYTES):
        self.limit = limit
        self.cursor = None  # a weak reference: a kept cursor would keep its read snapshot open
        self.used = self.row_text = 0

    def _refuse(self):
        self.used = self.row_text = 0
        raise sqlite3.DataError(f"result too large: over {self.limit // 2**20} MB of values; "
                                "select fewer rows or columns")

    def text(self, data: bytes) -> str:
        self.row_text += len(data)
        if self.row_text > self.limit:
            self._refuse()
        return str(data, "utf-8", "replace")  # as Datasette decodes text

    def row(self, cursor, values: tuple):
        if self.cursor is None or self.cursor() is not cursor:
            self.cursor, self.used = weakref.ref(cursor), 0
        self.used += self.row_text + sum(len(value) for value in values if isinstance(value, bytes))
        self.row_text = 0
        if self.used > self.limit:
            self._refuse()
        return sqlite3.Row(cursor, values)


# printf/format conversions: flags, width, precision, length, type
_PRINTF_SPEC = re.compile(r"%[-+ #!0,]*(\*|\d*)(?:\.(\*|\d*))?l*(.)", re.S)


def _as_int(value) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError, OverflowError):
        return 0


def repeats_too_long(fmt: str, args: tuple, limit: int = MAX_VALUE_BYTES) -> bool:
    """Whether a %c of this printf format repeats its character `limit` times or more.

    SQLite makes such a repeat in one VM step, a character at a time even once its string is
    too long: 900,000,000 took 7 s that the time limit could not interrupt.
    """
    argument = 0
    for width, precision, conversion in _PRINTF_SPEC.findall(fmt):
        if conversion == "%":
            continue
        argument += width == "*"
        count = precision
        if precision == "*":
            count = args[argument] if argument < len(args) else 0
            argument += 1
        argument += 1
        if conversion == "c" and _as_int(count) >= limit:
            return True
    return False


def _bounded_printf(limit: int):
    """printf (and its alias format) that answers NULL at once where SQLite's would after the repeat.

    Other formats go to SQLite's own printf, on a private in-memory connection with the same limit.
    """
    builtin = sqlite3.connect(":memory:", check_same_thread=False)
    builtin.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, limit)

    def printf(*args):
        if not args or (isinstance(args[0], str) and repeats_too_long(args[0], args[1:], limit)):
            return None
        return builtin.execute(f"SELECT printf({', '.join('?' * len(args))})", args).fetchone()[0]

    return printf


def _authorize(action, _arg1, arg2, _database, _source):
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in REFUSED_FUNCTIONS:
        return sqlite3.SQLITE_DENY  # "not authorized to use function: fts3_tokenizer"
    return sqlite3.SQLITE_OK


def harden(conn: sqlite3.Connection) -> None:
    """SQLite limits, a response budget, a bounded printf and the authorizer, on one connection."""
    for limit, value in SERVED_LIMITS.items():
        conn.setlimit(limit, value)
    budget = ResponseBudget()
    conn.text_factory, conn.row_factory = budget.text, budget.row
    printf = _bounded_printf(SERVED_LIMITS[sqlite3.SQLITE_LIMIT_LENGTH])
    for name in ("printf", "format"):
        conn.create_function(name, -1, printf, deterministic=True)
    conn.set_authorizer(_authorize)


@hookimpl
def prepare_connection(conn, database, datasette):
    conn.create_function("quote_context", 3, quote_context, deterministic=True)
    # Datasette's own databases (_internal, _memory) stay as they are: it writes to _internal.
    if database.startswith("_"):
        return
    harden(conn)
    if _read_only(datasette):
        conn.execute("PRAGMA query_only = 1")


READ_METHODS = {"GET", "HEAD", "OPTIONS"}


@hookimpl
def asgi_wrapper(datasette):
    """Any method but GET, HEAD and OPTIONS gets 405: Datasette answered a POST to a canned query with 500."""

    def wrap(app):
        async def read_methods_only(scope, receive, send):
            if scope["type"] != "http" or scope["method"] in READ_METHODS:
                return await app(scope, receive, send)
            message = f"{scope['method']} is not allowed: this site is read-only (use GET)"
            if scope["path"].endswith(".json"):
                body, kind = json.dumps({"ok": False, "error": message, "status": 405}), b"application/json"
            else:
                body, kind = message + "\n", b"text/plain"
            await send({"type": "http.response.start", "status": 405,
                        "headers": [(b"content-type", kind + b"; charset=utf-8"), (b"allow", b"GET, HEAD, OPTIONS")]})
            await send({"type": "http.response.body", "body": body.encode("utf-8")})

        return read_methods_only

    return wrap


def databases_without_paths(datasette) -> list[dict]:
    """What /-/databases.json says, each file named without its directory."""
    return [{**item, "path": item["path"] and Path(item["path"]).name} for item in datasette._connected_databases()]


@hookimpl
def register_routes(datasette):
    if not (datasette.plugin_config(PLUGIN) or {}).get("public"):
        return []

    async def databases(request):
        return await JsonDataView(datasette, "databases.json", lambda: databases_without_paths(datasette)).get(request)

    # Plugin routes come before Datasette's own: this one answers instead of its /-/databases.
    return [(r"^/-/databases(\.(?P<format>json))?$", databases)]


# --- counted facets ------------------------------------------------------------------------

# Table-page arguments that change how rows are shown, never which: every other one (a column
# filter, _where, _search, _next, which pages through a table with a WHERE) filters.
PRESENTATION_ARGS = {
    "_size", "_sort", "_sort_desc", "_col", "_nocol", "_shape", "_labels", "_nolabels", "_json",
    "_json_infinity", "_extra", "_nofacet", "_nocount", "_nosuggest", "_trace", "_timelimit", "_ttl",
}


class CountedFacet(ColumnFacet):
    """A column facet whose counts on the unfiltered page come from facet_counts.

    Counting one column of 1.7 million quotes takes SQLite about 250 ms and the quotes page has
    seven facets: the unfiltered page, where every visit starts, reads the counts that ingest
    keeps (quotedb.summaries) instead. A filtered page, a column without kept counts, or counts
    older than the data (an ingest is writing) are counted live, as `_facet=` would.
    """

    type = "counted"

    async def suggest(self):
        return []  # plain column facets already suggest these columns

    def _unfiltered(self) -> bool:
        """Decided from the request's arguments, never from the SQL text (a `_where` can end in a
        comment naming the table): any argument that is not known to leave the rows alone counts."""
        return not self.params and all(
            name in PRESENTATION_ARGS or name.startswith("_facet") for name in self.request.args.keys()
        )

    async def _counts_are_current(self) -> bool:
        try:
            return not await self.ds.get_database(self.database).execute_fn(is_stale)
        except sqlite3.OperationalError:  # no summaries in this database (made before revision 0005)
            return False

    async def facet_results(self):
        sources = {c["config"].get("column") or c["config"]["simple"]: c["source"] for c in self.get_configs()}
        counted = COUNTED_FACETS.get(self.table, ())
        if not (self._unfiltered() and set(sources) <= set(counted) and await self._counts_are_current()):
            results, timed_out = await super().facet_results()
            for result in results:
                result["type"] = "column"
            return results, timed_out
        size = self.get_facet_size()
        results = []
        for column, source in sources.items():
            rows = (await self.ds.execute(
                self.database,
                "select value, count from facet_counts where table_name = :table and facet = :facet"
                " order by count desc, value limit :limit",
                {"table": self.table, "facet": column, "limit": size + 1},
            )).rows
            results.append({
                "name": column,
                "type": "column",  # what it is to the reader: the page would title it "speaker (counted)"
                "hideable": source != "metadata",
                "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {f"_facet_{self.type}": column})),
                "truncated": len(rows) > size,
                "results": [
                    {
                        "value": row["value"],
                        "label": row["value"],
                        "count": row["count"],
                        "toggle_url": self.ds.absolute_url(
                            self.request, self.ds.urls.path(path_with_added_args(self.request, {column: row["value"]}))
                        ),
                        "selected": False,
                    }
                    for row in rows[:size]
                ],
            })
        return results, []


@hookimpl
def register_facet_classes():
    return [CountedFacet]


# --- table pages: fold the column descriptions ----------------------------------------------

FOLD_COLUMN_DESCRIPTIONS_JS = """
(function () {
  var style = document.createElement("style");  // long quotes: a readable column, not a sliver
  style.textContent = ".rows-and-columns td.col-quote, .rows-and-columns td.col-text { min-width: 24em; }";
  document.head.appendChild(style);
  var list = document.querySelector("dl.column-descriptions");
  if (list) {
    var details = document.createElement("details");
    details.className = "quotedb-column-descriptions";
    var summary = document.createElement("summary");
    summary.textContent = "About the " + list.querySelectorAll("dt").length + " columns";
    details.appendChild(summary);
    list.parentNode.insertBefore(details, list);
    details.appendChild(list);
  }
  document.querySelectorAll("th[data-column-description]").forEach(function (th) {
    if (!th.title) { th.title = th.dataset.columnDescription; }
  });
})();
"""


@hookimpl
def extra_body_script(template, datasette):
    if template == "table.html" and (datasette.plugin_config(PLUGIN) or {}).get("fold_column_descriptions"):
        return FOLD_COLUMN_DESCRIPTIONS_JS
    return None


# --- datasette-search-all over views -------------------------------------------------------

def _search_all_installed() -> bool:
    try:
        import datasette_search_all  # noqa: F401
    except ImportError:
        return False
    return True


async def _allowed(datasette, request, database: str, table: str) -> bool:
    from datasette import Forbidden

    try:
        await datasette.ensure_permissions(
            request.actor if request else None,
            [("view-table", (database, table)), ("view-database", database), "view-instance"],
        )
    except Forbidden:
        return False
    return True


async def searchable_views(datasette, request) -> list[tuple[str, str]]:
    """(database, view) for each visible view whose metadata names an fts_table."""
    found = []
    for name, database in datasette.databases.items():
        if name.startswith("_"):
            continue
        for view in await database.view_names():
            meta = datasette.table_metadata(name, view) or {}
            if meta.get("fts_table") and not meta.get("hidden") and await _allowed(datasette, request, name, view):
                found.append((name, view))
    return found


async def _searchable(datasette, request) -> list[tuple[str, str]]:
    from datasette_search_all.utils import get_searchable_tables

    tables = list(await get_searchable_tables(datasette, request))
    return tables + [item for item in await searchable_views(datasette, request) if item not in tables]


@hookimpl(trylast=True)  # called after datasette-search-all's, so these values win
def extra_template_vars(template, datasette, request):
    if template not in ("search_all.html", "index.html") or not _search_all_installed():
        return None

    async def inner():
        searchable = await _searchable(datasette, request)
        if template == "index.html":
            return {"searchable_tables": searchable}
        tables = [
            {
                "database": database,
                "table": table,
                "url": datasette.urls.table(database, table),
                "url_json": datasette.urls.table(database, table, format="json"),
            }
            for database, table in searchable
        ]
        return {"searchable_tables": tables, "searchable_tables_json": json.dumps(tables, indent=4)}

    return inner


@hookimpl
def menu_links(datasette, actor, request):
    if request is None or not _search_all_installed():
        return None

    async def inner():
        from datasette_search_all.utils import has_searchable_tables

        # datasette-search-all adds its own link when it finds a searchable table itself.
        if await has_searchable_tables(datasette, request) or not await searchable_views(datasette, request):
            return None
        return [{"href": datasette.urls.path("/-/search"), "label": "Search all tables"}]

    return inner
