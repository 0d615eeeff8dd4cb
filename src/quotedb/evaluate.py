"""Built-in evaluation: run the pipeline over a folder of documents and score it against gold.

The matching rules are those of the project's gold guidelines (and its scorer): a predicted
quote matches a gold one in the same document when they share at least half of each one's
word tokens (one-to-one, greedy by overlap); optional gold entries count neither way; names
compare ignoring case, accents, hyphens, punctuation and a leading "the".
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from .pipeline import process_safely
from .sources import Failure, iter_documents

WORD = re.compile(r"\w+", re.UNICODE)
KINDS = ("direct", "indirect", "all")


def words(text: str | None) -> Counter:
    return Counter(WORD.findall(unicodedata.normalize("NFKC", text or "").lower()))


def fold(name: str | None) -> str:
    if not name:
        return ""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[\u2010-\u2015\-_.,'’`\"]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s[4:] if s.startswith("the ") else s


def doc_key(name: str | None) -> str:
    return (name or "").replace("\\", "/").rsplit("/", 1)[-1]


def load_jsonl(path: str | Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{number}: not JSON: {exc.msg}") from None
    return rows


def match(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    by_doc: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
    for g in gold:
        by_doc[doc_key(g["doc"])][0].append(g)
    for p in pred:
        by_doc[doc_key(p.get("doc"))][1].append(p)
    pairs = []
    for golds, preds in by_doc.values():
        candidates = []
        pred_words = [words(p.get("text")) for p in preds]
        for i, g in enumerate(golds):
            gw = words(g["text"])
            for j, pw in enumerate(pred_words):
                common = sum((gw & pw).values())
                if common and common >= 0.5 * sum(gw.values()) and common >= 0.5 * sum(pw.values()):
                    candidates.append((2 * common / (sum(gw.values()) + sum(pw.values())), i, j))
        used_g, used_p = set(), set()
        for _, i, j in sorted(candidates, reverse=True):
            if i not in used_g and j not in used_p:
                used_g.add(i)
                used_p.add(j)
                pairs.append((golds[i], preds[j]))
    return pairs


def speaker_ok(g: dict, p: dict) -> bool:
    got = fold(p.get("speaker"))
    if g.get("speaker") is None and not g.get("speaker_accept"):
        return got == ""
    names = [g.get("speaker"), *(g.get("speaker_alt") or []), *(g.get("speaker_accept") or [])]
    return got != "" and got in {fold(n) for n in names if n}


def affiliation_ok(g: dict, p: dict) -> bool:
    names = [g.get("affiliation"), *(g.get("affiliation_alt") or [])]
    return fold(p.get("affiliation")) in {fold(n) for n in names if n}


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold: list[dict], pred: list[dict]) -> tuple[dict, list[tuple[dict, dict]]]:
    pairs = match(gold, pred)
    partner_type = {id(p): g.get("type") for g, p in pairs}
    optional_pred = {id(p) for g, p in pairs if g.get("optional")}
    real_pairs = [(g, p) for g, p in pairs if not g.get("optional")]
    scored_pred = [p for p in pred if id(p) not in optional_pred]
    figures = {}
    for kind in KINDS:
        gk = [g for g in gold if not g.get("optional") and kind in ("all", g.get("type"))]
        # a prediction counts under its gold partner's type when matched, else its own
        pk = scored_pred if kind == "all" else [
            p for p in scored_pred if partner_type.get(id(p), p.get("type", kind)) == kind
        ]
        tp = [(g, p) for g, p in real_pairs if kind in ("all", g.get("type"))]
        precision, recall, f1 = _prf(len(tp), len(pk), len(gk))
        speakers_right = sum(speaker_ok(g, p) for g, p in tp)
        with_affiliation = [(g, p) for g, p in tp if g.get("affiliation")]
        affiliations_right = sum(affiliation_ok(g, p) for g, p in with_affiliation)
        figures[kind] = {
            "gold": len(gk), "predicted": len(pk), "matched": len(tp),
            "precision": precision, "recall": recall, "f1": f1,
            "speaker_accuracy": speakers_right / len(tp) if tp else 0.0,
            "affiliation_accuracy": affiliations_right / len(with_affiliation) if with_affiliation else 0.0,
            "e2e_f1": _prf(speakers_right, len(pk), len(gk))[2],
        }
    return figures, pairs


def errors(gold: list[dict], pred: list[dict], pairs: list[tuple[dict, dict]]) -> dict[str, list[str]]:
    """Errors by kind: missed, spurious, wrong speaker, wrong affiliation."""
    matched_g = {id(g) for g, _ in pairs}
    matched_p = {id(p) for _, p in pairs}
    found: dict[str, list[str]] = {"missed": [], "spurious": [], "wrong speaker": [], "wrong affiliation": []}
    for g in gold:
        if id(g) not in matched_g and not g.get("optional"):
            found["missed"].append(f"{doc_key(g['doc'])} [{g.get('type')}] {g['text'][:90]!r} ({g.get('speaker')})")
    for p in pred:
        if id(p) not in matched_p:
            found["spurious"].append(f"{doc_key(p.get('doc'))} {str(p.get('text'))[:90]!r} ({p.get('speaker')})")
    for g, p in pairs:
        if g.get("optional"):
            continue
        if not speaker_ok(g, p):
            found["wrong speaker"].append(
                f"{doc_key(g['doc'])} {g['text'][:60]!r}: got {p.get('speaker')!r}, want {g.get('speaker')!r}"
            )
        elif g.get("affiliation") and not affiliation_ok(g, p):
            found["wrong affiliation"].append(
                f"{doc_key(g['doc'])} {g.get('speaker')}: got {p.get('affiliation')!r}, want {g.get('affiliation')!r}"
            )
    return found


def predict(
    docs_dir: str | Path, nlp: str = "auto", model_dir: str | None = None
) -> tuple[list[dict], list[Failure]]:
    """Run the ingest pipeline (without a database) over every document in `docs_dir`."""
    predictions, failures = [], []
    for item in iter_documents([docs_dir]):
        processed = process_safely(item, nlp, model_dir)
        if isinstance(processed, Failure):
            failures.append(processed)
            continue
        for q in processed.quotes:
            predictions.append(
                {"doc": item.doc, "text": q.text, "type": q.type, "speaker": q.speaker,
                 "role": q.role, "affiliation": q.affiliation}
            )
    return predictions, failures


def format_table(figures: dict) -> str:
    lines = [f"{'':9}{'gold':>6}{'pred':>6}{'P':>7}{'R':>7}{'F1':>7}{'spk':>7}{'aff':>7}{'e2eF1':>7}"]
    for kind, m in figures.items():
        lines.append(
            f"{kind:9}{m['gold']:>6}{m['predicted']:>6}{m['precision']:>7.3f}{m['recall']:>7.3f}"
            f"{m['f1']:>7.3f}{m['speaker_accuracy']:>7.3f}{m['affiliation_accuracy']:>7.3f}{m['e2e_f1']:>7.3f}"
        )
    return "\n".join(lines)
