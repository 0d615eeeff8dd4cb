from __future__ import annotations

from pathlib import Path

import pytest

from quotedb import db
from quotedb.records import Article, Processed, Quote
from quotedb.sources import RawDocument
from quotedb.store import Store

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED_EVAL = REPO.parent / "shared" / "eval"


def make_processed(source: str, text: str, quotes: list[Quote], outlet: str = "The Korea Herald") -> Processed:
    raw = RawDocument(source, Path(source).name, text, "text", f"sha-{source}-{hash(text)}")
    article = Article(text=text, title=f"Title of {source}", outlet=outlet, published="2024-06-19", language="en")
    return Processed(raw, article, quotes, "rules:en")


def quote_of(text: str, words: str, **fields) -> Quote:
    start = text.index(words)
    return Quote(text=words, type=fields.pop("type", "direct"), start=start, end=start + len(words), **fields)


HONG_TEXT = (
    "Hong Min, a senior research fellow at the Korea Institute for National Unification, said "
    '"Russia is moving swiftly to secure troops."\n\n'
    'The ministry said "talks remain possible."'
)


@pytest.fixture
def populated_db(tmp_path) -> Path:
    """A database at head with two small articles written through the Store."""
    path = tmp_path / "q.db"
    db.upgrade(path)
    hong = quote_of(
        HONG_TEXT, "Russia is moving swiftly to secure troops.",
        speaker="Hong Min", speaker_kind="person", speaker_type="expert", role="senior research fellow",
        affiliation="Korea Institute for National Unification", affiliation_acronym="KINU",
        affiliation_kind="think tank", affiliation_country="South Korea", rule="cue-same-sentence", confidence=0.9,
    )
    ministry = quote_of(
        HONG_TEXT, "talks remain possible.", speaker="Unification Ministry", speaker_kind="organization",
        speaker_type="official", rule="nominal", confidence=0.7,
    )
    other = "KCNA said \"the alliance is solid.\""
    kcna = quote_of(other, "the alliance is solid.", speaker="Korean Central News Agency", speaker_mention="KCNA",
                    speaker_kind="organization", speaker_type="state media", speaker_aliases=["KCNA"],
                    rule="cue-same-sentence", confidence=0.9)
    engine = db.engine_for(path)
    with engine.begin() as connection:
        store = Store(connection)
        store.save(make_processed("a/hong.txt", HONG_TEXT, [hong, ministry]))
        store.save(make_processed("b/kcna.txt", other, [kcna], outlet="Yonhap"))
    engine.dispose()
    db.refresh_summaries(path)  # what ingest does after storing
    return path


def pytest_addoption(parser):
    parser.addoption("--update-snapshots", action="store_true",
                     help="rewrite tests/snapshots/ from the current extraction instead of comparing with it")


@pytest.fixture
def update_snapshots(request) -> bool:
    return request.config.getoption("--update-snapshots")


def run_cli(*args, input=None):
    """The quotedb CLI in-process; an exception other than an exit would be a traceback for the user."""
    from click.testing import CliRunner

    from quotedb.cli import cli

    result = CliRunner().invoke(cli, [str(a) for a in args], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result
