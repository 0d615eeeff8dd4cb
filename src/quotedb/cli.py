"""The quotedb command line: a thin layer over the Python API."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click

from . import db, export as export_api
from .ingest import IngestError, ingest as ingest_api
from .nlp import BACKENDS
from .serve import METADATA, datasette_args
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


def _fail(message: str) -> None:
    raise click.ClickException(message)


def _existing_db(db_path: str) -> str:
    if not Path(db_path).is_file():
        _fail(f"{db_path}: no such database (create it with `quotedb ingest PATH --db {db_path}`)")
    try:
        if db.current_revision(db_path) is None:
            _fail(f"{db_path}: not a quotedb database (no schema); run `quotedb db upgrade --db {db_path}`")
    except db.DatabaseError as exc:
        _fail(str(exc))
    return db_path


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
@click.option("-q", "--quiet", is_flag=True, help="no progress bar")
def ingest(paths, db_path, nlp, model_dir, max_bytes, workers, quiet):
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
        click.echo(f"error: {failure.source}: {failure.reason}", err=True)

    try:
        report = ingest_api(
            paths, db_path, nlp=nlp, model_dir=model_dir, max_bytes=max_bytes, workers=workers,
            on_failure=on_failure, on_document=on_document,
        )
    except (db.DatabaseError, IngestError) as exc:
        _fail(str(exc))
    if show_progress and seen["n"] >= 10:
        click.echo("\r", nl=False, err=True)
    click.echo(report.summary())
    sys.exit(1 if report.failed else 0)


@cli.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="file to write (default stdout)")
def export(db_path, fmt, output):
    """Write one record per quote (JSON Lines is scoreable by the eval scorer as is)."""
    count = export_api.write(_existing_db(db_path), output, fmt)
    if output is not sys.stdout and output.name != "<stdout>":
        click.echo(f"{count} quotes written to {output.name}", err=True)


@cli.command()
@DB_OPTION
@click.option("--port", type=int, default=8001, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--metadata", type=click.Path(exists=True, dir_okay=False), default=str(METADATA), show_default=True)
@click.option("--cors", is_flag=True, help="send CORS headers (for browser apps on other origins)")
@click.option("--immutable", is_flag=True, help="open read-only as immutable (faster; only when nothing ingests)")
@click.option("--get", "get_path", metavar="PATH", help="print the page at PATH (e.g. /quotes.json) and exit, no server")
def serve(db_path, port, host, metadata, cors, immutable, get_path):
    """Explore the database in Datasette (read-only, with an SQL time limit)."""
    _existing_db(db_path)
    if db.current_revision(db_path) != db.head_revision(db_path):  # canned queries need the latest tables
        _fail(f"{db_path}: made by an older quotedb (revision {db.current_revision(db_path)}): "
              f"run `quotedb db upgrade --db {db_path}` first (serve never writes)")
    if get_path is None:
        click.echo(f"Serving {db_path} with Datasette at http://{host}:{port}/ (Ctrl-C to stop)")
    args = datasette_args(db_path, port=port, host=host, metadata=metadata, cors=cors, immutable=immutable,
                          get=get_path)
    try:
        sys.exit(subprocess.call(args))
    except KeyboardInterrupt:
        sys.exit(0)


@cli.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.argument("docs_dir", type=click.Path(exists=True, file_okay=False))
@NLP_OPTION
@MODEL_DIR_OPTION
@click.option("--errors/--no-errors", "show_errors", default=True, show_default=True, help="list the errors by kind")
@click.option("--json", "as_json", is_flag=True, help="print the figures as JSON")
def evaluate(gold, docs_dir, nlp, model_dir, show_errors, as_json):
    """Run the pipeline over DOCS_DIR and score it against GOLD (JSON Lines)."""
    from . import evaluate as evaluation

    try:
        gold_rows = evaluation.load_jsonl(gold)
    except ValueError as exc:
        _fail(str(exc))
    predictions, failures = evaluation.predict(docs_dir, nlp=nlp, model_dir=model_dir)
    for failure in failures:
        click.echo(f"error: {failure.source}: {failure.reason}", err=True)
    figures, pairs = evaluation.score(gold_rows, predictions)
    if show_errors:
        for kind, lines in evaluation.errors(gold_rows, predictions, pairs).items():
            click.echo(f"{kind}: {len(lines)}")
            for line in lines:
                click.echo(f"  {line}")
    if as_json:
        click.echo(json.dumps(figures, indent=2))
    else:
        click.echo(evaluation.format_table(figures))
    a = figures["all"]
    click.echo(
        f"e2e_f1={a['e2e_f1']:.3f} quote_f1={a['f1']:.3f} speaker_acc={a['speaker_accuracy']:.3f} "
        f"affiliation_acc={a['affiliation_accuracy']:.3f}"
    )


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
def upgrade(db_path, revision):
    """Migrate the database up (creates it when missing)."""
    try:
        db.upgrade(db_path, revision)
    except db.DatabaseError as exc:
        _fail(str(exc))
    click.echo(f"{db_path}: at revision {db.current_revision(db_path)}")


@db_group.command()
@DB_OPTION
@click.option("--revision", required=True, help="target revision, e.g. 0001 or base")
def downgrade(db_path, revision):
    """Migrate the database down to REVISION."""
    try:
        db.downgrade(_existing_db(db_path), revision)
    except db.DatabaseError as exc:
        _fail(str(exc))
    click.echo(f"{db_path}: at revision {db.current_revision(db_path)}")


@db_group.command()
@DB_OPTION
def current(db_path):
    """Print the database's revision and the latest one."""
    if not Path(db_path).is_file():
        _fail(f"{db_path}: no such database")
    try:
        click.echo(f"{db_path}: at revision {db.current_revision(db_path)} (head is {db.head_revision(db_path)})")
    except db.DatabaseError as exc:
        _fail(str(exc))


@db_group.command()
@DB_OPTION
def refresh(db_path):
    """Rebuild the summary tables (ingest does it by itself; for data changed by hand)."""
    path = _existing_db(db_path)
    if db.current_revision(path) != db.head_revision(path):
        _fail(f"{db_path}: not at the latest schema: run `quotedb db upgrade --db {db_path}` first")
    db.refresh_summaries(path)
    click.echo(f"{db_path}: summaries rebuilt")


if __name__ == "__main__":  # pragma: no cover
    cli()
