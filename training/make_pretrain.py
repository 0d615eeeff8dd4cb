"""Convert a word2vec text file into stanza's pretrain (.pt) format with stanza's own Pretrain."""
import sys

from stanza.models.common.pretrain import Pretrain

if __name__ == "__main__":
    vec_file, pt_file = sys.argv[1], sys.argv[2]
    pretrain = Pretrain(pt_file, vec_file, max_vocab=-1)
    pretrain.load()  # reads the .vec and writes the .pt
    print(f"{len(pretrain.vocab)} words, dim {pretrain.emb.shape[1]} -> {pt_file}")
