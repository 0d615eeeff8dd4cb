"""Every extraction layer, pinned: the seeds and the held-out articles whole, 1,000 synthetic
articles as one digest per layer (see tests/snapshots.py).

A change that keeps behaviour keeps these byte for byte. A change meant to alter output updates
them deliberately (`pytest tests/test_stage_snapshots.py --update-snapshots`) and says so in its
commit; the diff of the JSON shows what changed.
"""
import json
import sys
from pathlib import Path

import pytest

from . import snapshots
from .conftest import REPO, SEEDS

SNAPSHOTS = Path(__file__).with_name("snapshots")
HELDOUT = REPO / "eval" / "heldout" / "docs"
SYNTHETIC_ARTICLES = 1000


def _check(name: str, current: dict, update: bool) -> None:
    path = SNAPSHOTS / name
    if update or not path.exists():
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(json.dumps(current, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")
        return
    problems = snapshots.compare(json.loads(path.read_text(encoding="utf-8")), current)
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("nlp", ["rules", "compact"])
@pytest.mark.parametrize("name, folder", [("seeds", SEEDS), ("heldout", HELDOUT)])
def test_whole_layers(name, folder, nlp, update_snapshots):
    _check(f"{name}-{nlp}.json", snapshots.dump_folder(folder, nlp), update_snapshots)


def test_synthetic_digests(tmp_path, update_snapshots):
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from corpus import make_corpus
    finally:
        sys.path.pop(0)
    make_corpus(tmp_path, SYNTHETIC_ARTICLES)
    current = {path.name: snapshots.digests(snapshots.layers(path.read_text(encoding="utf-8"), path.name))
               for path in sorted(tmp_path.rglob("*.txt"))}
    assert len(current) == SYNTHETIC_ARTICLES
    path = SNAPSHOTS / "synthetic-rules.json"
    if update_snapshots or not path.exists():
        _check("synthetic-rules.json", current, True)
        return
    committed = json.loads(path.read_text(encoding="utf-8"))
    changed = []
    for name, layers in current.items():
        differing = [layer for layer in snapshots.LAYERS if committed.get(name, {}).get(layer) != layers[layer]]
        if differing:
            changed.append(f"{name}: {', '.join(differing)}")
    assert not changed, f"{len(changed)} synthetic articles changed, e.g. " + "; ".join(changed[:10])
