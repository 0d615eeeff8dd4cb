"""Reading inputs: files and directories → raw documents, each failure a clear reason.

A bad file never stops a batch: `iter_documents` yields a `Failure` for it and goes on.
Only regular files are read, and never more than `max_bytes` + 1 bytes of one.
"""
from __future__ import annotations

import codecs
import errno
import hashlib
import json
import os
import stat
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
# UTF-32 first: its little-endian BOM begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
_FILE_KINDS = (
    (stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
)


@dataclass
class RawDocument:
    # What the article is stored under: the file's resolved path; for a JSON Lines record
    # FILE#id=ID, else its URL, else FILE#sha256=HASH (never its line number, which edits shift).
    source: str
    doc: str  # short document name (the file name), as gold files name documents
    content: str
    format: str  # "text" | "html"
    sha256: str
    meta: dict = field(default_factory=dict)  # title/date/outlet/url/language given by the input itself
    where: str = ""  # where it was read, for messages: the path as given, FILE#Ln for a record
    path: str | None = None  # the file read (resolved): a JSON Lines file for its records
    former_source: str | None = None  # its source as quotedb named it before revision 0006

    def __post_init__(self):
        self.where = self.where or self.source


@dataclass
class FileRecords:
    """A JSON Lines file read without an error holds exactly these sources: the store forgets its others."""

    path: str
    sources: frozenset[str]


@dataclass
class Failure:
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{quoted(self.source)}: {self.reason}"


def quoted(name: str) -> str:
    """A name as messages show it: as it is, or quoted with escapes when it holds a line break,
    another unprintable character or edge spaces (so that a message stays one readable line)."""
    return name if name.isprintable() and name == name.strip() and name else repr(name)


def _name(path: str | os.PathLike) -> str:
    """A path as text that can be stored: bytes that are not UTF-8 shown as \\xNN escapes."""
    name = os.fspath(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes of the file name (surrogate escapes)
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    return name


def _os_reason(exc: OSError, path: Path) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop (the link leads back to itself)"
    if isinstance(exc, FileNotFoundError) and path.is_symlink():
        try:
            target = quoted(_name(os.readlink(path)))
        except OSError:  # gone meanwhile
            target = "its target"
        return f"broken symbolic link (No such file or directory: {target})"
    return exc.strerror or str(exc)


def _kind(mode: int) -> str:
    return next((kind for test, kind in _FILE_KINDS if test(mode)), "not a file")


def expand_paths(paths: Iterable[str | os.PathLike]) -> Iterator[Path | Failure]:
    """Files in the given order; directories recursively, sorted, keeping article files
    (ARTICLE_SUFFIXES) and skipping hidden entries — so a README beside the articles is no article.

    Symbolic links to directories are followed; each directory is read once, and a link back to a
    directory it lies in (a loop) is reported and not followed. A directory that cannot be read
    is reported too.
    """
    walked: set[tuple[int, int]] = set()  # (device, inode) of every directory read
    for raw in paths:
        path = Path(raw)
        if not os.fspath(raw):
            yield Failure("", "empty path")
            continue
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except OSError as exc:
            missing = isinstance(exc, FileNotFoundError) and not path.is_symlink()
            yield Failure(_name(path), "no such file or directory" if missing else _os_reason(exc, path))
            continue
        except ValueError as exc:  # a NUL byte in the name
            yield Failure(_name(path), str(exc))
            continue
        if is_dir:
            yield from _walk(path, walked)
        else:
            yield path


def _walk(top: Path, walked: set[tuple[int, int]]) -> Iterator[Path | Failure]:
    """One directory tree, depth first (a folder's files, then its folders), without recursion."""
    pending: list[tuple[Path, tuple]] = [(top, ())]  # (directory, (device, inode, path) of its ancestors)
    while pending:
        directory, ancestors = pending.pop()
        try:
            info = directory.stat()
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as exc:
            yield Failure(_name(directory), f"directory not read: {_os_reason(exc, directory)}")
            continue
        key = (info.st_dev, info.st_ino)
        if key in walked:  # reached again through a symbolic link: its files are read once
            continue
        walked.add(key)
        inside = (*ancestors, (*key, directory))
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()  # follows a symbolic link
            except OSError:
                is_dir = False
            if is_dir:
                folders.append(entry)
            elif Path(entry.name).suffix.lower() in ARTICLE_SUFFIXES:
                yield directory / entry.name
        for entry in reversed(folders):  # popped in sorted order
            folder = directory / entry.name
            if entry.is_symlink():
                try:
                    target = entry.stat()
                except OSError:  # gone meanwhile: reading it says so
                    target = None
                loop = target and next(
                    (path for dev, ino, path in inside if (dev, ino) == (target.st_dev, target.st_ino)), None)
                if loop:
                    yield Failure(_name(folder), f"symbolic link loop: leads back to {quoted(_name(loop))}; not followed")
                    continue
            pending.append((folder, inside))


def _check_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise ValueError(f"not a regular file ({_kind(mode)}); only regular files are read")


def _read(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, if it is a regular file of at most max_bytes (whatever its size says:
    /proc files say 0); raises OSError or ValueError."""
    _check_regular(path.stat().st_mode)  # before any open: a FIFO blocks, /dev/zero never ends
    # Non-blocking, so that a file swapped for a FIFO since the check cannot hang the open.
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    try:
        info = os.fstat(descriptor)
        _check_regular(info.st_mode)
        if info.st_size > max_bytes:
            raise ValueError(f"file is {info.st_size:,} bytes, over the limit of {max_bytes:,} (raise it with --max-bytes)")
        parts, size = [], 0
        while size <= max_bytes and (part := os.read(descriptor, min(1 << 20, max_bytes + 1 - size))):
            parts.append(part)
            size += len(part)
    finally:
        os.close(descriptor)
    if size > max_bytes:
        raise ValueError(f"file is over the limit of {max_bytes:,} bytes (raise it with --max-bytes)")
    return b"".join(parts)


def _decode(data: bytes) -> str:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)  # reads the byte order from the BOM and drops it
            except UnicodeDecodeError as exc:
                raise ValueError(f"not valid {name} (byte {exc.start})") from None
            break
    else:
        if b"\x00" in data[:8192]:
            raise ValueError("binary file (contains NUL bytes), not text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValueError(f"not valid UTF-8 (byte {exc.start})") from None
    if not text.strip():
        raise ValueError("empty file")
    return text


def _looks_like_html(path: Path, text: str) -> bool:
    if path.suffix.lower() in HTML_SUFFIXES:
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _record_sha256(fmt: str, body: str, meta: dict) -> str:
    """Plain text alone hashes as a text file with that text would; metadata and HTML count as content."""
    if fmt == "text" and not meta:
        return _sha256(body)
    return _sha256(json.dumps([fmt, body, meta], ensure_ascii=False, sort_keys=True))


def _parse_record(line: str) -> dict:
    """A JSON Lines record, checked; raises ValueError with the reason."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"malformed JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise ValueError("malformed JSON: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise ValueError(f"malformed JSON: {exc}") from None
    if not isinstance(record, dict):
        raise ValueError("a JSON Lines record must be an object")
    wrong = [k for k, t in JSONL_FIELDS.items()
             if record.get(k) is not None and (not isinstance(record[k], t) or isinstance(record[k], bool))]
    if wrong:
        raise ValueError(f"wrong type for field(s) {', '.join(wrong)}: expected strings (an id may be an integer)")
    for key in JSONL_FIELDS:
        if isinstance(record.get(key), str):
            try:
                record[key].encode("utf-8")
            except UnicodeEncodeError as exc:  # JSON's "\ud800" escape: no character, not storable
                raise ValueError(f"field {key!r} holds a lone surrogate ({exc.object[exc.start]!a}), not text") from None
    if isinstance(record.get("id"), str) and not record["id"].strip():
        raise ValueError("empty 'id'")
    body = record.get("text") or record.get("html")
    if not body or not body.strip():
        raise ValueError("record has no 'text' (or 'html')")
    return record


def _jsonl_records(path: Path, file: str, text: str, seen: dict[str, str]) -> Iterator[RawDocument | FileRecords | Failure]:
    """The file's records keyed by id, else URL, else content; a key seen before is a duplicate.
    Then, if no line failed, the FileRecords that makes the store forget records gone from the file."""
    failed, sources = False, set()
    given = _name(path)
    for number, line in enumerate(text.split("\n"), 1):  # not splitlines(): "\u2028" may sit in a string
        if not line.strip():
            continue
        where = f"{given}#L{number}"
        try:
            record = _parse_record(line)
        except ValueError as exc:
            failed = True
            yield Failure(where, str(exc))
            continue
        fmt = "text" if record.get("text") else "html"
        body = record["text"] if fmt == "text" else record["html"]
        meta = {k: record[k] for k in ("title", "date", "outlet", "url", "language") if record.get(k)}
        sha = _record_sha256(fmt, body, meta)
        if record.get("id") is not None:
            kind, source = f"id {record['id']!r}", f"{file}#id={record['id']}"
        elif record.get("url"):
            kind, source = f"url {record['url']!r}", record["url"]
        else:
            kind, source = "text", f"{file}#sha256={sha[:16]}"
        if source in seen:
            failed = True
            yield Failure(where, f"duplicate: same {kind} as {quoted(seen[source])}; not stored")
            continue
        seen[source] = where
        sources.add(source)
        doc = str(record["id"]) if record.get("id") is not None else f"{_name(path.name)}#L{number}"
        yield RawDocument(source, doc, body, fmt, sha, meta, where=where, path=file,
                          former_source=record.get("url") or where)
    if not failed:
        yield FileRecords(file, frozenset(sources))


def iter_documents(
    paths: Iterable[str | os.PathLike], max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawDocument | FileRecords | Failure]:
    """Every document found under `paths`, or a Failure naming the source and the reason.

    A file named twice (by a relative and an absolute path, or through a link) is read once.
    """
    seen: dict[str, str] = {}  # sources and files of this run → where each was first found
    for path in expand_paths(paths):
        if isinstance(path, Failure):
            yield path
            continue
        where = _name(path)
        file = _name(os.path.realpath(path))
        if file in seen:
            continue
        seen[file] = where
        try:
            text = _decode(_read(path, max_bytes))
        except OSError as exc:
            yield Failure(where, _os_reason(exc, path))
            continue
        except ValueError as exc:
            yield Failure(where, str(exc))
            continue
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from _jsonl_records(path, file, text, seen)
        else:
            fmt = "html" if _looks_like_html(path, text) else "text"
            yield RawDocument(file, _name(path.name), text, fmt, _sha256(text), where=where, path=file,
                              former_source=where)
