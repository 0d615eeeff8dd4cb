"""Datasette plugin (registered by entry point `quotedb`): what quotedb's Datasette needs.

- `quote_context(text, start, end)`, the SQL function of the canned query quote_in_context;
- read-only connections: with `plugins: quotedb: read_only: true` in metadata, every
  connection to a served database gets `PRAGMA query_only`, so nothing served can write;
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

from datasette import hookimpl
from datasette.facets import ColumnFacet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

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


@hookimpl
def prepare_connection(conn, database, datasette):
    conn.create_function("quote_context", 3, quote_context, deterministic=True)
    # Datasette's own databases (_internal, _memory) stay as they are: it writes to _internal.
    if not database.startswith("_") and _read_only(datasette):
        conn.execute("PRAGMA query_only = 1")


# --- counted facets ------------------------------------------------------------------------

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
        table = re.escape(escape_sqlite(self.table or ""))
        return not self.params and re.fullmatch(rf"select .* from {table}\s*", self.sql, re.S) is not None

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
