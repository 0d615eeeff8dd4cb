"""Serving the database with Datasette: read-only, time-limited, with metadata.yml.

Read-only in three layers: Datasette opens every read connection with ``mode=ro`` (or
``immutable=1``), metadata.yml defines no writable canned query, and quotedb's plugin turns
``PRAGMA query_only`` on for every connection to a served database (``plugins: quotedb:
read_only: true``), so not even a plugin can write through Datasette.

Immutable mode (``immutable=1``) tells SQLite the file will never change: no locks, no change
checks, Datasette can cache counts. It is only opted into (``quotedb serve --immutable``),
never guessed: an ingest may start at any time after the server does, and an immutable
reader then serves stale or torn pages ("database disk image is malformed"). Even when asked
for, it is refused (ServeError) while another process holds the write lock or the database's
``-wal`` file holds content (an ingest is running, or one was killed before its checkpoint):
``immutable=1`` ignores the WAL, so the latest quotes would be invisible, and a checkpoint
rewrites the pages it reads.

Public mode (``quotedb serve --public``) is for a server others reach: no arbitrary SQL (the
canned queries, tables, facets and search stay), more SQL threads, so that slow requests
stall fewer others, and no file paths in ``/-/databases.json``.
"""
from __future__ import annotations

import hashlib
import json
import os
import struct
import sys
import tempfile
from pathlib import Path

import yaml

METADATA = Path(__file__).resolve().parent / "metadata.yml"  # shipped inside the package
METADATA_DATABASE = "quotes"  # the database name metadata.yml is written for
# Typed as Datasette holds them, so that Datasette(settings=SETTINGS) in-process means the same
# as the command line (where a string "off" would be truthy).
# Suggested facets would probe all 25 columns of the view attributed_quotes on every page
# (about 1 s at 100,000 quotes); metadata.yml names the facets instead, and any column can still
# be faceted by hand. Its facets are `counted` (quotedb.summaries): read from facet_counts on the
# unfiltered page, counted live on filtered ones, where a broad filter or a common search word
# can take several seconds at a million quotes: facet_time_limit_ms bounds each facet.
SETTINGS = {
    "sql_time_limit_ms": 3000,
    "max_returned_rows": 1000,
    "facet_time_limit_ms": 1000,
    "suggest_facets": False,
    "allow_download": False,
}
# --public: no ?sql= (nor _where=), which is what can run a slow query at will; more threads
# (each a read-only SQLite connection, safe side by side in WAL mode) so that a few slow
# canned queries or facets leave threads for everyone else.
PUBLIC_SETTINGS = {
    "default_allow_sql": False,
    "num_sql_threads": min(16, max(4, 2 * (os.cpu_count() or 2))),
}
# SQLite's unix VFS: a WAL database's writer holds a POSIX lock on this byte of the -shm file
# (WALINDEX_LOCK_OFFSET + WAL_WRITE_LOCK).
WAL_WRITE_LOCK_BYTE = 120


class ServeError(Exception):
    """A database that cannot be served as asked, with a message meant for the user."""


def served_settings(public: bool = False) -> dict:
    return {**SETTINGS, **(PUBLIC_SETTINGS if public else {})}


def _rename_dashboard_databases(plugins: dict, old: str, new: str) -> None:
    """datasette-dashboards names the database of each chart and dynamic filter (`db:`)."""
    for dashboard in (plugins.get("datasette-dashboards") or {}).values():
        for section in ("charts", "filters"):
            for item in (dashboard.get(section) or {}).values():
                if isinstance(item, dict) and item.get("db") == old:
                    item["db"] = new


def load_metadata(db_path: str | Path, metadata: str | Path = METADATA) -> dict:
    """metadata.yml with its database section renamed to the served file's name.

    Datasette names a database after its file's stem, so `--db news.db` is served as `news`;
    the dashboards' `db:` keys and the home page's links follow.
    """
    data = yaml.safe_load(Path(metadata).read_text(encoding="utf-8")) or {}
    databases = data.get("databases") or {}
    name = Path(db_path).stem
    if METADATA_DATABASE in databases and name != METADATA_DATABASE:
        databases[name] = databases.pop(METADATA_DATABASE)
        _rename_dashboard_databases(data.get("plugins") or {}, METADATA_DATABASE, name)
        if isinstance(data.get("description_html"), str):
            for end in ("/", "#", '"'):
                data["description_html"] = data["description_html"].replace(
                    f'href="/{METADATA_DATABASE}{end}', f'href="/{name}{end}'
                )
    return data


def wal_has_content(db_path: str | Path) -> bool:
    """True when the database's write-ahead log holds frames not yet checkpointed.

    SQLite deletes (or empties) the -wal file when the last writer closes cleanly, so a
    non-empty one means an ingest is running or one died before its checkpoint.
    """
    wal = Path(f"{db_path}-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def writer_active(db_path: str | Path) -> bool:
    """True when another process holds the database's write lock (asked of the OS, taking no lock)."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system: the -wal check is all there is
        return False
    try:
        fd = os.open(f"{db_path}-shm", os.O_RDONLY)
    except OSError:  # no -shm file: nobody has the database open in WAL mode
        return False
    try:
        layout = "hhqqixxxx"  # struct flock: type, whence, start, length, pid
        probe = struct.pack(layout, fcntl.F_WRLCK, os.SEEK_SET, WAL_WRITE_LOCK_BYTE, 1, 0)
        return struct.unpack(layout, fcntl.fcntl(fd, fcntl.F_GETLK, probe))[0] != fcntl.F_UNLCK
    except OSError:
        return False
    finally:
        os.close(fd)


def use_immutable(db_path: str | Path, requested: bool) -> bool:
    """Whether to open the database immutable: when requested, and refused (ServeError) while it may change."""
    if not requested:
        return False
    if writer_active(db_path):
        raise ServeError(f"{db_path}: another process is writing to it (an ingest?): --immutable would serve torn "
                         "pages; serve without --immutable, or when it has finished")
    if wal_has_content(db_path):
        raise ServeError(f"{db_path}-wal holds pages not yet checkpointed (an ingest is running or was interrupted): "
                         "--immutable would not see them; serve without --immutable")
    return True


def _served_metadata(db_path: str | Path, metadata: str | Path, public: bool) -> dict:
    data = load_metadata(db_path, metadata)
    if public:  # the plugin hides the file's path (datasette_plugin.databases_without_paths)
        data.setdefault("plugins", {}).setdefault("quotedb", {})["public"] = True
    return data


def write_metadata(db_path: str | Path, metadata: str | Path = METADATA, public: bool = False) -> Path:
    """load_metadata as JSON in the temp directory, for `datasette --metadata`.

    One file per served database (named after a hash of its absolute path), replaced
    atomically on each serve, so that serving again leaves no new file behind.
    """
    key = hashlib.sha1(str(Path(db_path).resolve()).encode("utf-8")).hexdigest()[:12]
    path = Path(tempfile.gettempdir()) / f"quotedb-metadata-{key}.json"
    with tempfile.NamedTemporaryFile("w", dir=path.parent, prefix=f".{path.name}.", delete=False) as fh:
        json.dump(_served_metadata(db_path, metadata, public), fh)
    os.replace(fh.name, path)
    return path


def _setting_text(value) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def datasette_args(
    db_path: str | Path,
    port: int = 8001,
    host: str = "127.0.0.1",
    metadata: str | Path = METADATA,
    cors: bool = False,
    immutable: bool = False,
    get: str | None = None,
    public: bool = False,
) -> list[str]:
    """The `datasette serve` command line for quotedb's database (``get``: print that page and exit)."""
    frozen = use_immutable(db_path, immutable)
    metadata_file = write_metadata(db_path, metadata, public)
    args = [sys.executable, "-m", "datasette", "serve"]
    args += ["-i", str(db_path)] if frozen else [str(db_path)]
    args += ["--metadata", str(metadata_file), "--host", host, "--port", str(port)]
    for name, value in served_settings(public).items():
        args += ["--setting", name, _setting_text(value)]
    if cors:
        args.append("--cors")
    if get is not None:
        args += ["--get", get]
    return args


def datasette_app(
    db_path: str | Path,
    metadata: str | Path = METADATA,
    cors: bool = False,
    immutable: bool = False,
    public: bool = False,
):
    """The Datasette app that `datasette_args` starts, built in-process (benchmarks, tests).

    Same database mode, metadata and settings as `quotedb serve`; plugins load from their
    entry points as they do for the command line.
    """
    from datasette.app import Datasette

    path = str(db_path)
    frozen = use_immutable(db_path, immutable)
    return Datasette(
        [] if frozen else [path],
        immutables=[path] if frozen else [],
        metadata=_served_metadata(db_path, metadata, public),
        settings=served_settings(public),
        cors=cors,
    )
