"""Built-in evaluation: ingest folders of documents and score them against gold files.

The matching and scoring rules are those of the project's gold guidelines and of its scorers
(`../shared/eval/score.py`, `identity.py`), restated here so that quotedb needs nothing beside
itself: a predicted quote matches a gold one in the same document when they share at least
half of each one's word tokens (one-to-one, greedy by overlap); optional gold entries count
neither way; names compare ignoring case, accents, hyphens, punctuation and a leading "the".

Predictions are what the database holds, not the bare extraction output: the documents are
ingested into a temporary database and read back as `quotedb export` writes them, so a speaker
is named by its profile (the store merges "Kim" into a "Kim Jong-un" met before) and the
identity figures measure the profiles a user would get.

Beyond the scorer's figures, two breakdowns show where quality is lost: per attribution rule
(the `rule` a predicted quote carries) and per error class, split by quote type and by the
kind of speaker the gold names.
"""
from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .db import connect_readonly
from .export import iter_quotes
from .ingest import ingest
from .sources import Failure

WORD = re.compile(r"\w+", re.UNICODE)
KINDS = ("direct", "indirect", "all")
SPEAKER_KINDS = ("person", "organization", "anonymous", "group")  # the gold's speaker_kind values
COLUMNS = ("direct", "indirect", *SPEAKER_KINDS, "all")
# How a wrong speaker or affiliation differs from the gold, in the order they are tried.
SPEAKER_ERRORS = (
    "left unattributed", "made anonymous", "named an unnamed source", "part of the name", "name plus words",
    "their organization", "shares a name word", "organization for a person", "person for an organization",
    "another person", "another organization", "another speaker",
)
RULE_COUNTS = ("matched", "speaker_right", "affiliation_scored", "affiliation_right", "spurious")
AFFILIATION_ERRORS = ("none given", "part of the name", "name plus words", "another organization")


# ---- the scorer's rules ----------------------------------------------------------------------

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


def load_jsonl(path: str | Path, required: Sequence[str] = ()) -> list[dict]:
    """The objects of a JSON Lines file; ValueError naming the line when one is not an object
    with the `required` fields."""
    try:
        lines = Path(path).read_text(encoding="utf-8").split("\n")  # as the scorer reads lines
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text") from None
    rows = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON: {exc.msg}") from None
            missing = [name for name in required if not isinstance(row, dict) or row.get(name) is None]
            if missing:
                raise ValueError(f"{path}:{number}: no {' or '.join(missing)} (each line is one object with "
                                 f"{', '.join(required)})")
            rows.append(row)
    return rows


def load_gold(path: str | Path) -> list[dict]:
    return load_jsonl(path, ("doc", "text"))


def load_speakers(path: str | Path) -> list[dict]:
    return load_jsonl(path, ("id", "name", "type"))


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


def _speaker_names(g: dict) -> list[str]:
    return [n for n in [g.get("speaker"), *(g.get("speaker_alt") or []), *(g.get("speaker_accept") or [])] if n]


def _affiliation_names(g: dict) -> list[str]:
    return [n for n in [g.get("affiliation"), *(g.get("affiliation_alt") or [])] if n]


def speaker_ok(g: dict, p: dict) -> bool:
    got = fold(p.get("speaker"))
    if g.get("speaker") is None and got == "":
        return True  # an unnamed source left unnamed is right, whatever else is accepted
    return got != "" and got in {fold(n) for n in _speaker_names(g)}


def affiliation_ok(g: dict, p: dict) -> bool:
    return fold(p.get("affiliation")) in {fold(n) for n in _affiliation_names(g)}


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold: list[dict], pred: list[dict]) -> tuple[dict, list[tuple[dict, dict]]]:
    """The scorer's figures for direct, indirect and all quotes, and the matched pairs."""
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
        e2e_precision, e2e_recall, e2e_f1 = _prf(speakers_right, len(pk), len(gk))
        figures[kind] = {
            "gold": len(gk), "predicted": len(pk), "matched": len(tp),
            "precision": precision, "recall": recall, "f1": f1,
            "speaker_accuracy": speakers_right / len(tp) if tp else 0.0,
            "affiliation_accuracy": affiliations_right / len(with_affiliation) if with_affiliation else 0.0,
            "affiliation_scored": len(with_affiliation),
            "e2e_precision": e2e_precision, "e2e_recall": e2e_recall, "e2e_f1": e2e_f1,
        }
    return figures, pairs


def identity(gold: list[dict], speakers: list[dict], pred: list[dict]) -> tuple[dict, list, dict, dict]:
    """identity.py's figures: speaker type accuracy and one profile per speaker quoted in 2+ documents.

    Returns (figures, type errors as (entity name, wanted type, predicted type), split profiles
    {entity id: predicted names}, merged names {predicted name: entity ids}).
    """
    index = {}
    for entity in speakers:
        for name in [entity["name"], *(entity.get("names") or [])]:
            index.setdefault(fold(name), entity)
    names_by_entity = defaultdict(lambda: defaultdict(set))  # entity id -> predicted name -> docs
    entities_by_name = defaultdict(set)  # predicted name -> gold entities of its matched quotes
    typed = typed_ok = 0
    type_errors = []
    for g, p in match(gold, pred):
        entity = index.get(fold(g.get("speaker")))
        if g.get("optional") or entity is None:
            continue
        typed += 1
        got = fold(p.get("speaker"))
        if got:
            entities_by_name[got].add(entity["id"])
        if (p.get("speaker_type") or "") == entity["type"]:
            typed_ok += 1
        else:
            type_errors.append((entity["name"], entity["type"], p.get("speaker_type")))
        own_names = {fold(n) for n in [entity["name"], *(entity.get("names") or [])]}
        if speaker_ok(g, p) and got in own_names:
            names_by_entity[entity["id"]][got].add(doc_key(g["doc"]))
    spread = {eid: names for eid, names in names_by_entity.items() if len(set().union(*names.values())) >= 2}
    one_profile = [eid for eid, names in spread.items() if len(names) == 1]
    split = {eid: sorted(names) for eid, names in spread.items() if len(names) > 1}
    merged = {name: sorted(ids) for name, ids in entities_by_name.items() if len(ids) > 1}
    figures = {
        "merged": len(merged),
        "type_scored": typed,
        "type_accuracy": typed_ok / typed if typed else 0.0,
        "identity_scored": len(spread),
        "identity": len(one_profile) / len(spread) if spread else 0.0,
    }
    return figures, type_errors, split, merged


# ---- breakdowns ------------------------------------------------------------------------------

def _name_difference(got: str | None, wanted: list[str]) -> str | None:
    """How a wrong name relates to the right ones: missing, a part of one, one plus more words,
    sharing a word with one; None when it shares nothing."""
    got_words = set(fold(got).split())
    if not got_words:
        return "none given"
    wanted_words = [set(fold(name).split()) for name in wanted]
    if any(got_words < w for w in wanted_words):
        return "part of the name"
    if any(w and w < got_words for w in wanted_words):
        return "name plus words"
    if any(got_words & w for w in wanted_words):
        return "shares a name word"
    return None


def speaker_error(g: dict, p: dict) -> str:
    """Which of SPEAKER_ERRORS a wrong speaker is."""
    if not fold(p.get("speaker")):
        return "made anonymous" if p.get("speaker_kind") == "anonymous" else "left unattributed"
    if g.get("speaker") is None and not _speaker_names(g):
        return "named an unnamed source"
    difference = _name_difference(p.get("speaker"), _speaker_names(g))
    if difference in ("part of the name", "name plus words"):
        return difference
    if g.get("affiliation") and affiliation_ok(g, {"affiliation": p.get("speaker")}):
        return "their organization"  # the minister's ministry, say
    if difference:
        return difference
    want, got = g.get("speaker_kind"), p.get("speaker_kind")
    if want == "person" and got == "organization":
        return "organization for a person"
    if want == "organization" and got == "person":
        return "person for an organization"
    return {"person": "another person", "organization": "another organization"}.get(got, "another speaker")


def affiliation_error(g: dict, p: dict) -> str:
    """Which of AFFILIATION_ERRORS a wrong affiliation is (a shared word such as "Ministry" or
    "University" says nothing about two organizations, so it is "another organization")."""
    difference = _name_difference(p.get("affiliation"), _affiliation_names(g))
    return difference if difference in AFFILIATION_ERRORS else "another organization"


def _rule(p: dict) -> str:
    return p.get("rule") or "(none)"


def rule_table(pred: list[dict], pairs: list[tuple[dict, dict]]) -> dict[str, dict]:
    """Per attribution rule: matched quotes it attributed, how many with the right speaker, and
    with the right affiliation where the gold has one; and the unmatched (spurious) quotes it
    attributed. Rules that lose the most speakers come first."""
    table: dict[str, dict] = defaultdict(lambda: dict.fromkeys(RULE_COUNTS, 0))
    for g, p in pairs:
        if g.get("optional"):
            continue
        row = table[_rule(p)]
        row["matched"] += 1
        row["speaker_right"] += speaker_ok(g, p)
        if g.get("affiliation"):
            row["affiliation_scored"] += 1
            row["affiliation_right"] += affiliation_ok(g, p)
    matched = {id(p) for _, p in pairs}
    for p in pred:
        if id(p) not in matched:
            table[_rule(p)]["spurious"] += 1
    for row in table.values():
        _add_accuracies(row)
    order = sorted(table, key=lambda r: (table[r]["speaker_right"] - table[r]["matched"], -table[r]["matched"], r))
    return {rule: table[rule] for rule in order}


def _add_accuracies(row: dict) -> dict:
    row["speaker_accuracy"] = row["speaker_right"] / row["matched"] if row["matched"] else 0.0
    scored = row["affiliation_scored"]
    row["affiliation_accuracy"] = row["affiliation_right"] / scored if scored else 0.0
    return row


def _columns(quote_type: str | None, speaker_kind: str | None) -> list[str]:
    """The COLUMNS a quote counts in: its type, the gold's speaker kind (when known) and all."""
    return [c for c in (quote_type, speaker_kind) if c in COLUMNS and c != "all"] + ["all"]


def error_classes(gold: list[dict], pred: list[dict], pairs: list[tuple[dict, dict]]) -> dict:
    """Counts per error class and per column (COLUMNS: quote type, the gold's speaker_kind, all).

    "wrong affiliation" counts every matched quote whose gold affiliation is missed, as
    affiliation accuracy does; spurious quotes have no gold, so they count by their own type only.
    """
    def zeros():
        return dict.fromkeys(COLUMNS, 0)

    rows = {name: zeros() for name in ("gold", "missed", "spurious", "matched", "wrong speaker",
                                       "affiliation scored", "wrong affiliation")}
    rows["spurious"].update(dict.fromkeys(SPEAKER_KINDS, None))
    wrong_speakers = {name: zeros() for name in SPEAKER_ERRORS}
    wrong_affiliations = {name: zeros() for name in AFFILIATION_ERRORS}
    matched_g = {id(g) for g, _ in pairs}
    matched_p = {id(p) for _, p in pairs}

    def count(row, g):
        for column in _columns(g.get("type"), g.get("speaker_kind")):
            row[column] += 1

    for g in gold:
        if not g.get("optional"):
            count(rows["gold"], g)
            if id(g) not in matched_g:
                count(rows["missed"], g)
    for p in pred:
        if id(p) not in matched_p:
            for column in _columns(p.get("type"), None):
                rows["spurious"][column] += 1
    for g, p in pairs:
        if g.get("optional"):
            continue
        count(rows["matched"], g)
        if not speaker_ok(g, p):
            count(rows["wrong speaker"], g)
            count(wrong_speakers[speaker_error(g, p)], g)
        if g.get("affiliation"):
            count(rows["affiliation scored"], g)
            if not affiliation_ok(g, p):
                count(rows["wrong affiliation"], g)
                count(wrong_affiliations[affiliation_error(g, p)], g)
    return {"classes": rows, "wrong_speakers": wrong_speakers, "wrong_affiliations": wrong_affiliations}


def error_listing(gold: list[dict], pred: list[dict], pairs: list[tuple[dict, dict]]) -> dict[str, list[str]]:
    """The scorer's --errors lines, grouped per document (sorted by name), with the rule that
    attributed each predicted quote and the class of each wrong speaker added.

    Like the scorer, a wrong affiliation is listed only where the speaker is right.
    """
    matched_g = {id(g) for g, _ in pairs}
    matched_p = {id(p) for _, p in pairs}
    lines: dict[str, list[str]] = defaultdict(list)
    for g in gold:
        if id(g) not in matched_g and not g.get("optional"):
            lines[doc_key(g["doc"])].append(f"MISSED   [{g.get('type')}] {g['text'][:90]!r} ({g.get('speaker')})")
    for p in pred:
        if id(p) not in matched_p:
            lines[doc_key(p.get("doc"))].append(
                f"SPURIOUS {str(p.get('text'))[:90]!r} ({p.get('speaker')}) [{_rule(p)}]")
    for g, p in pairs:
        if g.get("optional"):
            continue
        if not speaker_ok(g, p):
            lines[doc_key(g["doc"])].append(
                f"SPEAKER  {g['text'][:60]!r}: got {p.get('speaker')!r}, want {g.get('speaker')!r} "
                f"[{_rule(p)}; {speaker_error(g, p)}]")
        elif g.get("affiliation") and not affiliation_ok(g, p):
            lines[doc_key(g["doc"])].append(
                f"AFFIL    {g.get('speaker')}: got {p.get('affiliation')!r}, want {g.get('affiliation')!r} "
                f"[{_rule(p)}; {affiliation_error(g, p)}]")
    return {doc: lines[doc] for doc in sorted(lines)}


def identity_listing(type_errors: list, split: dict, merged: dict) -> list[str]:
    """identity.py's --errors lines: wrong types, split profiles, names merging speakers."""
    counted = Counter(type_errors)  # identity.py repeats a line per quote; here once, with the count
    lines = [f"TYPE     {name}: got {got!r}, want {want!r}" + (f" ({n} quotes)" if n > 1 else "")
             for (name, want, got), n in sorted(counted.items(), key=lambda e: (e[0][0], e[0][1], e[0][2] or ""))]
    lines += [f"SPLIT    {eid}: {len(names)} profiles: {names}" for eid, names in sorted(split.items())]
    lines += [f"MERGED   {name!r} is given to quotes of {len(ids)} speakers: {ids}"
              for name, ids in sorted(merged.items())]
    return lines


# ---- running it ------------------------------------------------------------------------------

@dataclass
class ScoredSet:
    """One gold file scored against the quotes of its documents folder."""

    gold_path: str
    docs_dir: str
    gold: list[dict]
    predictions: list[dict]
    figures: dict = field(init=False)
    pairs: list = field(init=False)
    rules: dict = field(init=False)
    classes: dict = field(init=False)
    errors: dict = field(init=False)

    def __post_init__(self):
        self.figures, self.pairs = score(self.gold, self.predictions)
        self.rules = rule_table(self.predictions, self.pairs)
        self.classes = error_classes(self.gold, self.predictions, self.pairs)
        self.errors = error_listing(self.gold, self.predictions, self.pairs)

    def to_dict(self, with_errors: bool = False) -> dict:
        out = {"gold": self.gold_path, "docs": self.docs_dir, "figures": self.figures, "rules": self.rules,
               **self.classes}
        if with_errors:
            out["errors"] = self.errors
        return out


def predict(
    folders: Sequence[str | Path], nlp: str = "auto", model_dir: str | None = None,
    on_failure: Callable[[Failure], None] | None = None, on_warning: Callable[[str], None] | None = None,
) -> list[list[dict]]:
    """Ingest each folder in turn into one temporary database; each folder's quotes as exported.

    One database for all folders, as one `quotedb ingest` of them would make: speaker profiles
    are shared across folders. A document whose content is already stored (from an earlier
    folder, or twice in one) is stored once, under its first source, with a warning.
    """
    sources_per_folder: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="quotedb-evaluate-") as tmp:
        db_path = Path(tmp) / "evaluate.db"
        for folder in folders:
            sources: list[str] = []
            ingest([folder], db_path, nlp=nlp, model_dir=model_dir, on_failure=on_failure,
                   on_document=sources.append)
            sources_per_folder.append(sources)
        stored_under = _stored_under(db_path)
        for folder, sources in zip(folders, sources_per_folder):
            repeats = sum(1 for source in dict.fromkeys(sources) if stored_under.get(source, source) != source)
            if repeats and on_warning:
                on_warning(f"{folder}: {repeats} documents repeat the content of documents read before them; "
                           "their quotes are stored and scored once, under the first")
        by_source = defaultdict(list)
        for row in iter_quotes(db_path):
            by_source[row["source"]].append(row)
    return [[row for source in dict.fromkeys(sources) for row in by_source[source]] for sources in sources_per_folder]


@dataclass
class Evaluation:
    sets: list[ScoredSet]
    identity: tuple | None = None  # identity()'s result when a speakers file was given

    def to_dict(self, with_errors: bool = False) -> dict:
        out: dict = {"sets": [s.to_dict(with_errors) for s in self.sets]}
        if self.identity is not None:
            figures, type_errors, split, merged = self.identity
            out["identity"] = figures
            if with_errors:
                out["identity_errors"] = identity_listing(type_errors, split, merged)
        return out


def evaluate(
    pairs: Sequence[tuple[str, str]], nlp: str = "auto", model_dir: str | None = None,
    speakers_path: str | None = None, on_failure: Callable[[Failure], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> Evaluation:
    """Score each (gold file, documents folder) pair; with a speakers file, the identity figures
    over all pairs together. ValueError for a malformed gold or speakers file (before ingesting)."""
    golds = [load_gold(gold_path) for gold_path, _ in pairs]
    speakers = load_speakers(speakers_path) if speakers_path else None
    predictions = predict([docs for _, docs in pairs], nlp, model_dir, on_failure, on_warning)
    sets = [ScoredSet(str(gold_path), str(docs), gold, pred)
            for (gold_path, docs), gold, pred in zip(pairs, golds, predictions)]
    for scored in sets:
        found = _file_names(scored.docs_dir) | {doc_key(p["doc"]) for p in scored.predictions}  # files, records
        absent = sorted({doc_key(g["doc"]) for g in scored.gold} - found)
        if absent and on_warning:
            on_warning(f"{scored.gold_path}: {len(absent)} documents it names are not in {scored.docs_dir} "
                       f"(their quotes count as missed): {', '.join(absent[:3])}{' …' if len(absent) > 3 else ''}")
    result = Evaluation(sets)
    if speakers is not None:
        all_predictions = list({id(p): p for s in sets for p in s.predictions}.values())
        result.identity = identity([g for s in sets for g in s.gold], speakers, all_predictions)
    return result


def _stored_under(db_path: Path) -> dict[str, str]:
    """Each source -> the source its article is stored (and exported) under."""
    connection = connect_readonly(db_path)
    try:
        return dict(connection.execute(
            "SELECT s.source, a.source FROM article_sources s JOIN articles a ON a.id = s.article_id"))
    finally:
        connection.close()


def _file_names(folder: str) -> set[str]:
    return {path.name for path in Path(folder).rglob("*") if path.is_file()}


# ---- text ------------------------------------------------------------------------------------

def format_table(figures: dict) -> str:
    """The scorer's table."""
    lines = [f"{'':9}{'gold':>6}{'pred':>6}{'P':>7}{'R':>7}{'F1':>7}{'spk':>7}{'aff':>7}{'e2eF1':>7}"]
    for kind, m in figures.items():
        lines.append(
            f"{kind:9}{m['gold']:>6}{m['predicted']:>6}{m['precision']:>7.3f}{m['recall']:>7.3f}"
            f"{m['f1']:>7.3f}{m['speaker_accuracy']:>7.3f}{m['affiliation_accuracy']:>7.3f}{m['e2e_f1']:>7.3f}"
        )
    return "\n".join(lines)


def summary_line(figures: dict) -> str:
    """The scorer's last line."""
    a = figures["all"]
    return (f"e2e_f1={a['e2e_f1']:.3f} quote_f1={a['f1']:.3f} speaker_acc={a['speaker_accuracy']:.3f} "
            f"affiliation_acc={a['affiliation_accuracy']:.3f}")


def identity_line(figures: dict) -> str:
    """identity.py's last line."""
    return (f"type_accuracy={figures['type_accuracy']:.3f} ({figures['type_scored']} quotes) "
            f"identity={figures['identity']:.3f} ({figures['identity_scored']} speakers in 2+ documents) "
            f"merged={figures['merged']}")


def format_rules(rules: dict[str, dict]) -> str:
    lines = [f"{'rule':20}{'matched':>8}{'spk ok':>8}{'spk acc':>8}{'wrong':>7}"
             f"{'aff n':>7}{'aff ok':>7}{'aff acc':>8}{'spurious':>9}"]
    total = _add_accuracies({key: sum(row[key] for row in rules.values()) for key in RULE_COUNTS})
    for rule, row in [*rules.items(), ("all", total)]:
        lines.append(f"{rule:20}{row['matched']:>8}{row['speaker_right']:>8}{row['speaker_accuracy']:>8.3f}"
                     f"{row['matched'] - row['speaker_right']:>7}{row['affiliation_scored']:>7}"
                     f"{row['affiliation_right']:>7}{row['affiliation_accuracy']:>8.3f}{row['spurious']:>9}")
    return "\n".join(lines)


def format_error_classes(classes: dict) -> str:
    short = {"organization": "org", "anonymous": "anon"}
    lines = [f"{'error class':28}" + "".join(f"{short.get(c, c):>9}" for c in COLUMNS)]

    def line(name, row):
        return f"{name:28}" + "".join(f"{'-' if row[c] is None else row[c]:>9}" for c in COLUMNS)

    for name, row in classes["classes"].items():
        lines.append(line(name, row))
        details = {"wrong speaker": classes["wrong_speakers"], "wrong affiliation": classes["wrong_affiliations"]}
        for detail, detail_row in details.get(name, {}).items():
            if detail_row["all"]:
                lines.append(line(f"  {detail}", detail_row))
    return "\n".join(lines)


def format_report(result: Evaluation, with_errors: bool = False) -> str:
    """Per set: a heading, the error listing (with_errors), the rule and error-class tables, the
    scorer's table and its summary line; then identity.py's line when speakers were given."""
    blocks = []
    for scored in result.sets:
        block = [f"== {scored.gold_path} on {scored.docs_dir}"]
        if with_errors:
            for doc, lines in scored.errors.items():
                block += [doc, *(f"  {line}" for line in lines)]
            block.append("")
        block += [format_rules(scored.rules), "", format_error_classes(scored.classes), "",
                  format_table(scored.figures), summary_line(scored.figures)]
        blocks.append("\n".join(block))
    if result.identity is not None:
        figures, type_errors, split, merged = result.identity
        block = ["== speakers"]
        if with_errors:
            block += identity_listing(type_errors, split, merged)
        blocks.append("\n".join([*block, identity_line(figures)]))
    return "\n\n".join(blocks)
