"""Stage the UNER English-EWT data for stanza's NER data preparation.

Reads  $DATA/uner-english-ewt/en_ewt-ud-{train,dev,test}.iob2   (UNER v1, IOB2, CC BY-SA 4.0)
Writes $NERBASE/uner/UNER_English_EWT/en_ewt-ud-{shard}.iob2       (the layout stanza expects)

with two label fixes, so the model predicts stanza's usual PER / ORG / LOC:
  * OTH (train only) -> O
  * the stray "B-O" / "I-O" tags in train (540 sentence-final punctuation marks) -> O

Then `python -m stanza.utils.datasets.ner.prepare_ner_dataset en_uner-ewt` converts these
files to $NER_DATA_DIR/en_uner-ewt.{train,dev,test}.json (see training/Makefile).
"""
import argparse
import collections
import os

KEEP = {"PER", "ORG", "LOC"}


def fix(tag: str) -> str:
    if tag == "O" or "-" not in tag:
        return "O"
    prefix, label = tag.split("-", 1)
    return tag if label in KEEP and prefix in ("B", "I") else "O"


def convert(source: str, target: str) -> collections.Counter:
    changed = collections.Counter()
    with open(source, encoding="utf-8") as fin, open(target, "w", encoding="utf-8") as fout:
        for line in fin:
            pieces = line.rstrip("\n").split("\t")
            if line.startswith("#") or len(pieces) < 3:
                fout.write(line)
                continue
            new = fix(pieces[2])
            if new != pieces[2]:
                changed[pieces[2]] += 1
            pieces[2] = new
            fout.write("\t".join(pieces) + "\n")
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="/work/shared/data", help="folder holding uner-english-ewt/")
    parser.add_argument("--nerbase", default=os.environ.get("NERBASE", "extern_data/ner"))
    args = parser.parse_args()
    out = os.path.join(args.nerbase, "uner", "UNER_English_EWT")
    os.makedirs(out, exist_ok=True)
    for shard in ("train", "dev", "test"):
        name = f"en_ewt-ud-{shard}.iob2"
        changed = convert(os.path.join(args.data, "uner-english-ewt", name), os.path.join(out, name))
        print(f"{shard}: mapped to O: {dict(changed) or 'nothing'}")


if __name__ == "__main__":
    main()
