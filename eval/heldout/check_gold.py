#!/usr/bin/env python3
"""Sanity-check eval/heldout/gold.jsonl against ../shared/eval/GUIDELINES.md's format.

Every text must be an exact substring of its document (as often as it is annotated),
every field must be present with the right kind of value. Standard library only.
Usage: python3 eval/heldout/check_gold.py
"""
import json
import pathlib
import sys
from collections import Counter

HERE = pathlib.Path(__file__).resolve().parent
FIELDS = ["doc", "text", "type", "speaker", "speaker_alt", "speaker_kind", "role", "affiliation",
          "affiliation_alt", "cue", "optional", "note"]
KINDS = {"person", "organization", "anonymous", "group"}

bad = 0
rows = [json.loads(l) for l in (HERE / "gold.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
docs = {p.name: p.read_text(encoding="utf-8") for p in (HERE / "docs").glob("*.txt")}
uses = Counter((r["doc"], r["text"]) for r in rows)
for n, r in enumerate(rows, 1):
    def err(msg):
        global bad
        bad += 1
        print(f"gold.jsonl:{n}: {msg}: {r.get('text', '')[:60]!r}")
    for f in FIELDS:
        if f not in r:
            err(f"missing field {f}")
    if r.get("doc") not in docs:
        err("unknown doc")
        continue
    if r["text"] not in docs[r["doc"]]:
        err("text is not an exact substring of the document")
    elif docs[r["doc"]].count(r["text"]) < uses[(r["doc"], r["text"])]:
        err("text annotated more often than it occurs")
    if r["text"] != r["text"].strip():
        err("text has surrounding whitespace")
    if r["type"] not in ("direct", "indirect"):
        err("bad type")
    if r["speaker_kind"] not in KINDS:
        err("bad speaker_kind")
    if (r["speaker"] is None) != (r["speaker_kind"] == "anonymous"):
        err("speaker null iff anonymous")
    if not isinstance(r["optional"], bool):
        err("optional must be a boolean")
    if r["speaker_kind"] == "organization" and r["affiliation"]:
        err("organization speaker must have affiliation null")
    for f in ("speaker_alt", "affiliation_alt", "speaker_accept"):
        if f in r and not isinstance(r[f], list):
            err(f"{f} must be a list")
for name in sorted(docs):
    k = sum(1 for r in rows if r["doc"] == name)
    words = len(docs[name].split())
    print(f"{name:40} {words:4} words {k:3} gold ({sum(1 for r in rows if r['doc']==name and not r['optional'])} non-optional)")
print(f"{len(rows)} entries, {bad} problems")
sys.exit(1 if bad else 0)
