"""Export: one record per quote, JSON Lines (scoreable by the eval scorer as is) or CSV."""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from .db import connect_readonly

FIELDS = [
    "doc", "text", "type", "speaker", "role", "affiliation",
    "speaker_kind", "speaker_type", "speaker_mention", "affiliation_kind", "cue",
    "start", "end", "paragraph", "rule", "confidence", "statement_id",
    "outlet", "published", "title", "source",
]

_QUERY = """
SELECT a.doc, q.text, q.type, s.name, q.role, o.name,
       coalesce(s.kind, q.speaker_kind), coalesce(s.speaker_type, q.speaker_type), q.speaker_mention, o.kind, q.cue,
       q.start, q."end", q.paragraph, q.rule, q.confidence, q.statement_id,
       a.outlet, a.published, a.title, a.source
FROM quotes q
JOIN articles a ON a.id = q.article_id
LEFT JOIN speakers s ON s.id = q.speaker_id
LEFT JOIN organizations o ON o.id = q.organization_id
ORDER BY a.source, q.start, q.id
"""


def iter_quotes(db_path: str | Path) -> Iterator[dict]:
    connection = connect_readonly(db_path)
    try:
        for row in connection.execute(_QUERY):
            yield dict(zip(FIELDS, row))
    finally:
        connection.close()


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(…), +cmd|…, @SUM(…)).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralized(value):
    """A text cell a spreadsheet would run, made plain text by a leading ' (OWASP's CSV-injection rule)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def write(db_path: str | Path, out: TextIO, fmt: str = "jsonl", raw_csv: bool = False) -> int:
    """Every quote to `out`; CSV cells that would run as formulas are neutralized unless `raw_csv`."""
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=FIELDS)
        writer.writeheader()
        for count, row in enumerate(iter_quotes(db_path), 1):
            writer.writerow(row if raw_csv else {key: neutralized(value) for key, value in row.items()})
    elif fmt == "jsonl":
        for count, row in enumerate(iter_quotes(db_path), 1):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        raise ValueError(f"unknown format {fmt!r}: use jsonl or csv")
    return count
