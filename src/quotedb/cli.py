"""The quotedb command line: a thin layer over the Python API."""
from __future__ import annotations

import functools
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import click
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from sqlalchemy.exc import SQLAlchemyError

from . import db, export as export_api
from .ingest import IngestError, ingest as ingest_api
from .nlp import BACKENDS
from .serve import METADATA, ServeError, datasette_args
from .sources import DEFAULT_MAX_BYTES

DB_OPTION = click.option(
    "--db", "db_path", default="quotes.db", show_default=True, type=click.Path(dir_okay=False), help="SQLite database file"
)
NLP_OPTION = click.option(
    "--nlp", type=click.Choice(BACKENDS), default="auto", show_default=True,
    help="annotation backend: official stanza models if installed, else compact (shipped), else rules",
)
MODEL_DIR_OPTION = click.option(
    "--model-dir", type=click.Path(file_okay=False), envvar="STANZA_RESOURCES_DIR", default=None,
    help="where the official stanza models are (default: $STANZA_RESOURCES_DIR or ~/stanza_resources)",
)


LOCK_TIMEOUT_OPTION = click.option(
    "--lock-timeout", type=click.FloatRange(min=0), default=db.DEFAULT_LOCK_TIMEOUT, show_default=True,
    envvar="QUOTEDB_LOCK_TIMEOUT", help="seconds to wait for another writer (an ingest) to finish ($QUOTEDB_LOCK_TIMEOUT)",
)


def _fail(message: str) -> None:
    raise click.ClickException(message)


def _lock(timeout: float) -> db.WriteLock:
    return db.WriteLock(timeout, on_wait=lambda message: click.echo(message, err=True))


def _database_errors(command):
    """Every error of a command that opens a database becomes one line (`Error: DB: ...`), never a traceback."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (db.DatabaseError, IngestError, ServeError) as exc:
            _fail(str(exc))
        except (CommandError, RevisionError) as exc:  # Alembic's: an unknown revision, say
            _fail(f"{kwargs['db_path']}: {exc}")
        except (sqlite3.Error, SQLAlchemyError) as exc:
            _fail(db.describe(exc, kwargs["db_path"], kwargs.get("lock_timeout", db.DEFAULT_LOCK_TIMEOUT)))

    return wrapper


def _existing_db(db_path: str) -> str:
    if not Path(db_path).is_file():
        _fail(f"{db_path}: no such database (create it with `quotedb ingest PATH --db {db_path}`)")
    if db.current_revision(db_path) is None:
        _fail(f"{db_path}: not a quotedb database (no schema); run `quotedb db upgrade --db {db_path}`")
    return db_path


def _readable_db(db_path: str) -> str:
    """An existing database at the latest schema, whole: what readers (export, serve) need; they never write."""
    revision = db.current_revision(_existing_db(db_path))
    if revision != db.head_revision(db_path):
        _fail(f"{db_path}: made by an older quotedb (revision {revision}): "
              f"run `quotedb db upgrade --db {db_path}` first (this command never writes)")
    _refuse_damaged(db_path)
    return db_path


def _refuse_damaged(db_path: str) -> None:
    problems = db.schema_problems(db_path)
    if problems:
        _fail(f"{db_path}: damaged schema, missing {', '.join(problems)} (an interrupted migration?): "
              f"run `quotedb db upgrade --db {db_path}` to repair it")


@click.group()
@click.version_option(package_name="quotedb")
def cli() -> None:
    """quotedb: who said what, in what capacity — quotations from news articles into SQLite."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@DB_OPTION
@NLP_OPTION
@MODEL_DIR_OPTION
@click.option("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, show_default=True, help="skip files larger than this")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="processes that extract articles and store them, a chunk each in turn")
@click.option("--force", is_flag=True, help="extract stored content again too (after an upgrade of quotedb's extractor)")
@click.option("-q", "--quiet", is_flag=True, help="no progress bar")
@LOCK_TIMEOUT_OPTION
@_database_errors
def ingest(paths, db_path, nlp, model_dir, max_bytes, workers, force, quiet, lock_timeout):
    """Read articles (text, HTML, JSON Lines; files or directories) into the database."""
    show_progress = not quiet and sys.stderr.isatty()
    seen = {"n": 0}

    def on_document(source: str) -> None:
        seen["n"] += 1
        if show_progress and seen["n"] % 10 == 0:
            click.echo(f"\r{seen['n']} documents read…", nl=False, err=True)

    def on_failure(failure) -> None:
        if show_progress:
            click.echo("\r", nl=False, err=True)
        click.echo(f"error: {failure}", err=True)

    report = ingest_api(
        paths, db_path, nlp=nlp, model_dir=model_dir, max_bytes=max_bytes, workers=workers,
        on_failure=on_failure, on_document=on_document, lock=_lock(lock_timeout), force=force,
    )
    if show_progress and seen["n"] >= 10:
        click.echo("\r", nl=False, err=True)
    click.echo(report.summary())
    sys.exit(1 if report.failed else 0)


@cli.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="file to write (default stdout)")
@click.option("--raw-csv", is_flag=True,
              help="CSV: keep cells that start with = + - @ as they are (by default a leading ' keeps spreadsheets from running them)")
@_database_errors
def export(db_path, fmt, output, raw_csv):
    """Write one record per quote (JSON Lines is scoreable by the eval scorer as is)."""
    if raw_csv and fmt != "csv":
        raise click.UsageError("--raw-csv goes with --format csv")
    count = export_api.write(_readable_db(db_path), output, fmt, raw_csv=raw_csv)
    if output is not sys.stdout and output.name != "<stdout>":
        click.echo(f"{count} quotes written to {output.name}", err=True)


@cli.command()
@DB_OPTION
@click.option("--port", type=int, default=8001, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--metadata", type=click.Path(exists=True, dir_okay=False), default=str(METADATA), show_default=True)
@click.option("--cors", is_flag=True, help="send CORS headers (for browser apps on other origins)")
@click.option("--immutable", is_flag=True, help="open as immutable (faster; refused while anything writes to it)")
@click.option("--public", is_flag=True, help="for a server others reach: no arbitrary SQL, more SQL threads, no file paths")
@click.option("--get", "get_path", metavar="PATH", help="print the page at PATH (e.g. /quotes.json) and exit, no server")
@_database_errors
def serve(db_path, port, host, metadata, cors, immutable, public, get_path):
    """Explore the database in Datasette (read-only, with an SQL time limit)."""
    _readable_db(db_path)  # canned queries need the latest tables, the main page the view
    args = datasette_args(db_path, port=port, host=host, metadata=metadata, cors=cors, immutable=immutable,
                          get=get_path, public=public)
    if get_path is None:
        click.echo(f"Serving {db_path} with Datasette at http://{host}:{port}/ (Ctrl-C to stop)")
    try:
        sys.exit(subprocess.call(args))
    except KeyboardInterrupt:
        sys.exit(0)


@cli.command()
@click.argument("sets", nargs=-1, required=True, type=click.Path(exists=True),
                metavar="GOLD DOCS_DIR [GOLD DOCS_DIR]...")
@NLP_OPTION
@MODEL_DIR_OPTION
@click.option("--speakers", type=click.Path(exists=True, dir_okay=False),
              help="speakers.jsonl of the gold sets: add speaker type accuracy and identity (one profile each)")
@click.option("--errors/--no-errors", "show_errors", default=False, show_default=True,
              help="list the errors per document, as the scorer does")
@click.option("--json", "as_json", is_flag=True, help="print the figures (and --errors lists) as one JSON document")
def evaluate(sets, nlp, model_dir, speakers, show_errors, as_json):
    """Ingest each DOCS_DIR (into a temporary database) and score its quotes against its GOLD.

    Prints, per gold file, a table per attribution rule, a table per error class, and the
    scorer's figures; with --speakers, the identity figures over all the sets together.
    """
    from . import evaluate as evaluation

    if len(sets) % 2:
        _fail(f"evaluate takes pairs GOLD DOCS_DIR, each gold file followed by its documents folder; "
              f"got {len(sets)} paths")
    pairs = list(zip(sets[::2], sets[1::2]))
    for gold, docs_dir in pairs:
        if Path(gold).is_dir() or not Path(docs_dir).is_dir():
            _fail(f"{gold} {docs_dir}: not a gold file followed by a documents folder (evaluate GOLD DOCS_DIR ...)")
    failures = []

    def on_failure(failure) -> None:
        failures.append(failure)
        click.echo(f"error: {failure}", err=True)

    try:
        result = evaluation.evaluate(
            pairs, nlp=nlp, model_dir=model_dir, speakers_path=speakers, on_failure=on_failure,
            on_warning=lambda message: click.echo(f"warning: {message}", err=True),
        )
    except (ValueError, OSError, db.DatabaseError, IngestError) as exc:
        _fail(str(exc))
    if as_json:
        click.echo(json.dumps(result.to_dict(with_errors=show_errors), indent=2, ensure_ascii=False))
    else:
        click.echo(evaluation.format_report(result, with_errors=show_errors))
    sys.exit(1 if failures else 0)  # as ingest: the figures lack the documents that could not be read


@cli.group()
def models():
    """NLP models: official stanza models (need internet) beside the compact shipped ones."""


@models.command()
@click.option("--lang", default="en,id", show_default=True, help="comma-separated language codes")
@click.option("--model-dir", type=click.Path(file_okay=False), envvar="STANZA_RESOURCES_DIR",
              help="where to put them (default: $STANZA_RESOURCES_DIR or ~/stanza_resources)")
def download(lang, model_dir):
    """Download the official stanza models (tokenize, mwt, pos, lemma, depparse, ner)."""
    from .nlp import NLPUnavailable, download_models

    languages = [code.strip() for code in lang.split(",") if code.strip()]
    try:
        download_models(languages, model_dir)
    except NLPUnavailable as exc:
        _fail(str(exc))
    click.echo(f"official stanza models installed for: {', '.join(languages)}")


@cli.group(name="db")
def db_group():
    """Schema migrations (Alembic)."""


@db_group.command()
@DB_OPTION
@click.option("--revision", default="head", show_default=True)
@LOCK_TIMEOUT_OPTION
@_database_errors
def upgrade(db_path, revision, lock_timeout):
    """Migrate the database up (creates it when missing; repairs one at head)."""
    db.upgrade(db_path, revision, _lock(lock_timeout))
    click.echo(f"{db_path}: at revision {db.current_revision(db_path)}")


@db_group.command()
@DB_OPTION
@click.option("--revision", required=True, help="target revision, e.g. 0001 or base")
@click.option("--yes", is_flag=True, help="do not ask before deleting data (a downgrade to base)")
@LOCK_TIMEOUT_OPTION
@_database_errors
def downgrade(db_path, revision, yes, lock_timeout):
    """Migrate the database down to REVISION."""
    losses = db.downgrade_losses(_existing_db(db_path), revision)
    if losses and not yes:
        counts = ", ".join(f"{count} {table}" for table, count in losses.items())
        click.echo(f"{db_path}: downgrading to {revision} drops every table and deletes {counts} "
                   "(with their aliases, the search index and the summaries).", err=True)
        click.confirm("Delete them?", abort=True, err=True)
    db.downgrade(db_path, revision, _lock(lock_timeout))
    click.echo(f"{db_path}: at revision {db.current_revision(db_path)}")


@db_group.command()
@DB_OPTION
@_database_errors
def current(db_path):
    """Print the database's revision and the latest one (read-only: never waits for a writer)."""
    if not Path(db_path).is_file():
        _fail(f"{db_path}: no such database")
    revision, head = db.current_revision(db_path), db.head_revision(db_path)
    click.echo(f"{db_path}: at revision {revision} (head is {head})")
    if revision == head:
        _refuse_damaged(db_path)


@db_group.command()
@DB_OPTION
@LOCK_TIMEOUT_OPTION
@_database_errors
def refresh(db_path, lock_timeout):
    """Rebuild the summary tables (ingest does it by itself; for data changed by hand)."""
    path = _existing_db(db_path)
    if db.current_revision(path) != db.head_revision(path):
        _fail(f"{db_path}: not at the latest schema: run `quotedb db upgrade --db {db_path}` first")
    db.ensure_current(path, _lock(lock_timeout))  # repairs a damaged schema first
    db.refresh_summaries(path, lock=_lock(lock_timeout))
    click.echo(f"{db_path}: summaries rebuilt")


if __name__ == "__main__":  # pragma: no cover
    cli()
