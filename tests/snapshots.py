"""Stage snapshots: every layer the extraction builds for an article, as canonical JSON.

The safety net for changes that must not change behaviour (refactors, speed-ups): the layers
(cleaned article, direct quote spans, frames, cues, reported clauses, people and
organizations, attributions, final records) are dumped per article and compared with a
committed copy. ``tests/test_stage_snapshots.py`` checks the seeds (whole layers) and 1,000
synthetic articles (one digest per layer). For texts that must stay out of the repository
(``../shared/eval/real/docs``), dump before and after a change and compare the two files:

    python -m tests.snapshots dump DIR OUT.json [--nlp rules|compact]
    python -m tests.snapshots compare BEFORE.json AFTER.json

The dump reads the stages' own outputs, so it follows them when they move; what it writes
must stay byte for byte the same for a change that keeps behaviour.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import asdict
from pathlib import Path

from quotedb.clean import clean_text
from quotedb.extract import analyse
from quotedb.extract.entities import Registry
from quotedb.nlp import NLPUnavailable, annotate

LAYERS = ("article", "quotes", "frames", "cues", "reported", "entities", "attributions", "records")


def _cue(cue) -> dict:
    return {
        "frame": cue.frame, "start": cue.start, "end": cue.end, "lemma": cue.lemma, "verb_class": cue.verb_class,
        "source": cue.source, "inherit": cue.inherit, "content": cue.content, "content_before": cue.content_before,
        "via_that": cue.via_that, "colon": cue.colon, "negated": cue.negated, "nested": cue.nested,
        "relayed_by": cue.relayed_by, "token_span": cue.token_span, "cut_at": cue.cut_at, "skipped": cue.skipped,
    }


def _entities(registry: Registry, memory: Registry) -> dict:
    """The entities layer; each person's positions as the attribution stage's ``memory`` left them
    (they include the surnames and pronouns it resolved, as they always have in these dumps)."""
    orgs = sorted(registry.orgs.values(), key=lambda o: o.key)
    persons = sorted(registry.persons.values(), key=lambda p: p.key)
    return {
        "organizations": [
            {"key": o.key, "name": o.name, "kind": o.kind, "acronym": o.acronym, "country": o.country,
             "state_media": o.state_media, "forms": sorted(o.forms), "positions": o.positions} for o in orgs],
        "organization_mentions": [[s, e, o.key] for s, e, o in registry.org_mentions],
        "people": [
            {"key": p.key, "name": p.name, "surname": p.surname, "role": p.role,
             "affiliation": p.affiliation.key if p.affiliation else None,
             "country": p.country.name if p.country else None, "title_type": p.title_type,
             "forms": sorted(p.forms), "positions": memory.persons[p.key].positions} for p in persons],
        "person_mentions": [[s, e, p.key] for s, e, p in registry.person_mentions],
    }


def _attribution(attribution) -> dict:
    speaker = attribution.speaker
    return {
        "speaker": None if speaker is None else {
            "name": speaker.name, "kind": speaker.kind, "type": speaker.type, "role": speaker.role,
            "affiliation": speaker.affiliation, "affiliation_acronym": speaker.affiliation_acronym,
            "affiliation_kind": speaker.affiliation_kind, "affiliation_country": speaker.affiliation_country,
            "aliases": speaker.aliases, "affiliation_aliases": speaker.affiliation_aliases, "key": speaker.key,
            "mention": speaker.mention},
        "cue": attribution.cue, "rule": attribution.rule, "confidence": attribution.confidence,
    }


def layers(raw: str, source: str, nlp: str = "rules") -> dict:
    """Every layer of one plain-text article, as JSON-ready values."""
    article = clean_text(raw, source=source)
    text, language = article.text, article.language
    out: dict = {"article": asdict(article)}
    if not text:
        return out | {name: None for name in LAYERS[1:]}
    try:
        annotation = annotate(text, language, backend=nlp)
    except NLPUnavailable:  # no compact model for this language: the rules backend, as ingest falls back
        annotation = annotate(text, language, backend="rules")
    layers = analyse(text, language, annotation)  # read after every stage has run: no stage may change an earlier layer
    quotes, cues, reported = layers.quotes, layers.cues, layers.reported
    out["quotes"] = [asdict(q) for q in quotes]
    out["frames"] = [[f.start, f.end, f.line, f.quotes] for f in layers.frames]
    out["cues"] = [_cue(c) for c in cues]
    cue_index = {id(c): i for i, c in enumerate(cues)}
    out["reported"] = [[r.start, r.end, cue_index.get(id(r.cue)), r.frame] for r in reported]
    direct, indirect, memory = layers.attributions
    out["entities"] = _entities(layers.entities, memory)
    out["attributions"] = {
        "direct": [[quotes[i].start, quotes[i].end, _attribution(a)] for i, a in sorted(direct.items())],
        "reported": [[reported[i].start, reported[i].end, _attribution(a)] for i, a in sorted(indirect.items())],
    }
    out["records"] = [q.to_dict() for q in layers.records]
    return out


def canonical(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digests(article_layers: dict) -> dict:
    return {name: hashlib.sha256(canonical(article_layers[name]).encode()).hexdigest()[:16] for name in LAYERS}


def dump_folder(folder: Path, nlp: str = "rules") -> dict:
    return {path.name: layers(path.read_text(encoding="utf-8"), str(path.name), nlp)
            for path in sorted(folder.glob("*.txt"))}


def compare(before: dict, after: dict) -> list[str]:
    """One line per (article, layer) that differs, naming the first differing item."""
    problems = []
    for name in sorted(before.keys() | after.keys()):
        if name not in before or name not in after:
            problems.append(f"{name}: only in {'after' if name in after else 'before'}")
            continue
        for layer in LAYERS:
            old, new = before[name].get(layer), after[name].get(layer)
            if canonical(old) != canonical(new):
                problems.append(f"{name}: {layer} differs: {_first_difference(old, new)}")
    return problems


def _first_difference(old, new, path: str = "") -> str:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(old.keys() | new.keys(), key=str):
            if canonical(old.get(key)) != canonical(new.get(key)):
                return _first_difference(old.get(key), new.get(key), f"{path}.{key}")
    if isinstance(old, list) and isinstance(new, list):
        for index, (a, b) in enumerate(zip(old, new)):
            if canonical(a) != canonical(b):
                return _first_difference(a, b, f"{path}[{index}]")
        if len(old) != len(new):
            return f"{path}: {len(old)} items, now {len(new)}"
    return f"{path or '(whole)'}: {canonical(old)[:200]} -> {canonical(new)[:200]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.snapshots", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dump = commands.add_parser("dump", help="dump every layer of every *.txt in DIR")
    dump.add_argument("folder", type=Path)
    dump.add_argument("out", type=Path)
    dump.add_argument("--nlp", default="rules", choices=["rules", "compact"])
    check = commands.add_parser("compare", help="list the layers that differ between two dumps")
    check.add_argument("before", type=Path)
    check.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "dump":
        args.out.write_text(canonical(dump_folder(args.folder, args.nlp)), encoding="utf-8")
        return 0
    problems = compare(json.loads(args.before.read_text(encoding="utf-8")),
                       json.loads(args.after.read_text(encoding="utf-8")))
    print("\n".join(problems) if problems else "identical")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
