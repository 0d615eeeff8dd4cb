"""Run a stanza training/data-prep module with torch limited to one thread.

Usage: python training/stanza_run.py stanza.utils.training.run_tokenizer ARGS...

The measured training times in training/README.md assume one CPU thread per
run (the build machine has 2 cores); OMP_NUM_THREADS alone does not cover
torch's inter-op pool, so set both here before stanza imports torch.
"""
import os
import runpy
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402

torch.set_num_threads(int(os.environ.get("TRAIN_THREADS", "1")))
torch.set_num_interop_threads(1)

if __name__ == "__main__":
    module = sys.argv[1]
    sys.argv = [module] + sys.argv[2:]
    runpy.run_module(module, run_name="__main__", alter_sys=True)
