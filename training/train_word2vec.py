"""Train small word vectors for the compact NER model (gensim word2vec).

Run with a Python that has gensim (the Makefile builds training/work/gensim-venv; gensim is a
training-time tool only, not a quotedb dependency).

Input: the word forms (column 2) of the UD English-EWT *train* CoNLL-U, lowercased (stanza's NER
lowercases words before the embedding lookup unless --no_lowercase); dev/test are not used.
Output: word2vec text format (.vec), which training/make_pretrain.py turns into stanza's .pt.
"""
import argparse
import logging

from gensim.models import Word2Vec


def sentences(path):
    sentence = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line:
                if sentence:
                    yield sentence
                sentence = []
            elif not line.startswith("#"):
                cols = line.split("\t")
                if cols[0].isdigit():  # skip multi-word token ranges and empty nodes
                    sentence.append(cols[1].lower())
    if sentence:
        yield sentence


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("conllu")
    parser.add_argument("output")
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--min_count", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1234)
    args = parser.parse_args()
    logging.basicConfig(format="%(asctime)s %(message)s", level=logging.INFO)
    corpus = list(sentences(args.conllu))
    model = Word2Vec(corpus, vector_size=args.dim, window=5, min_count=args.min_count, sg=1,
                     epochs=args.epochs, workers=1, seed=args.seed)
    model.wv.save_word2vec_format(args.output, binary=False)
    print(f"{len(corpus)} sentences, {len(model.wv)} words x {args.dim} -> {args.output}")


if __name__ == "__main__":
    main()
