"""Reading inputs: files and directories → raw documents, each failure a clear reason.

A bad file never stops a batch: `iter_documents` yields a `Failure` for it and goes on.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
# What a directory walk picks up; a file named on the command line is read whatever its name.
ARTICLE_SUFFIXES = {".txt", ".text", ""} | HTML_SUFFIXES | JSONL_SUFFIXES
JSONL_FIELDS = {"url": str, "title": str, "text": str, "html": str, "date": str, "outlet": str, "language": str,
                "id": (str, int)}


@dataclass
class RawDocument:
    source: str  # path, "path#line" for JSON Lines records, or the record's URL
    doc: str  # short document name (the file name), as gold files name documents
    content: str
    format: str  # "text" | "html"
    sha256: str
    meta: dict = field(default_factory=dict)  # title/date/outlet/url/language given by the input itself


@dataclass
class Failure:
    source: str
    reason: str


def expand_paths(paths: Iterable[str | os.PathLike]) -> Iterator[Path | Failure]:
    """Files in the given order; directories recursively, sorted, keeping article files
    (ARTICLE_SUFFIXES) and skipping hidden entries — so a README beside the articles is no article."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and Path(name).suffix.lower() in ARTICLE_SUFFIXES:
                        yield Path(root) / name
        elif path.exists():
            yield path
        else:
            yield Failure(str(path), "no such file or directory")


def _decode(data: bytes) -> str:
    if not data.strip():
        raise ValueError("empty file")
    if b"\x00" in data[:8192]:
        raise ValueError("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not valid UTF-8 (byte {exc.start})") from None


def _looks_like_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in HTML_SUFFIXES:
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _jsonl_records(path: Path, text: str) -> Iterator[RawDocument | Failure]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}#L{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(where, f"malformed JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield Failure(where, "a JSON Lines record must be an object")
            continue
        wrong = [k for k, t in JSONL_FIELDS.items() if record.get(k) is not None and not isinstance(record[k], t)]
        if wrong:
            yield Failure(where, f"wrong type for field(s) {', '.join(wrong)}: expected strings")
            continue
        body = record.get("text") or record.get("html")
        if not body or not body.strip():
            yield Failure(where, "record has no 'text' (or 'html')")
            continue
        fmt = "text" if record.get("text") else "html"
        meta = {k: record[k] for k in ("title", "date", "outlet", "url", "language") if record.get(k)}
        name = str(record.get("id") or f"{path.name}#L{number}")
        yield RawDocument(record.get("url") or where, name, body, fmt, _sha256(body), meta)


def iter_documents(
    paths: Iterable[str | os.PathLike], max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawDocument | Failure]:
    """Every document found under `paths`, or a Failure naming the source and the reason."""
    for path in expand_paths(paths):
        if isinstance(path, Failure):
            yield path
            continue
        source = str(path)
        try:
            size = path.stat().st_size
            if size > max_bytes:
                yield Failure(source, f"file is {size:,} bytes, over the limit of {max_bytes:,} (raise it with --max-bytes)")
                continue
            data = path.read_bytes()
            text = _decode(data)
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            yield Failure(source, reason)
            continue
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from _jsonl_records(path, text)
        else:
            fmt = "html" if _looks_like_html(path, text) else "text"
            yield RawDocument(source, path.name, text, fmt, _sha256(text))
