#!/usr/bin/env python3
"""Score token files under a NeuraScore model in PyTorch, to check `neurascore eval`.

Loads MODEL.safetensors into nn.Embedding -> nn.LSTM(batch_first) -> nn.Linear, whose state_dict
names are exactly the model file's tensors (LSTMModelFile.swift), reads the output of `neurascore encode` (NAME for NAME.npy +
NAME.json, or a sharded encoding's folder or index.json) and computes the one NLL definition:
each piece x0=BOS..xn starts from h = c = 0 and every x_t, t >= 1 (EOS included), is scored
given x_<t. It prints the same JSON keys as `neurascore eval --json`: meanNLL, perplexity,
tokenCount, pieceCount, nllPerStep (total NLL over the pieces' grid steps, the sum of their
time-shift tokens "T<k>").

The model's "encoding" metadata must list the same vocabulary as the token files; otherwise
the script refuses, as neurascore does.

Setup (PyPI packages torch, numpy, safetensors):

    python3 -m venv .venv-torch && .venv-torch/bin/pip install torch numpy safetensors

Usage:

    Scripts/eval_torch.py MODEL.safetensors NAME [MORE…]    # token files or shard folders
    Scripts/eval_torch.py MODEL.safetensors NAME --double   # float64 (a second opinion on rounding)
"""

from __future__ import annotations

import argparse
import json
import math

import numpy as np
import torch

from neurascore_torch import check_vocabulary, load_model, read_tokens, shift_steps_of_tokens, summed_nll


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model")
    parser.add_argument("tokens", nargs="+", help="NAME, NAME.npy, NAME.json, or a shard folder")
    parser.add_argument("--double", action="store_true", help="run the model in float64")
    args = parser.parse_args()

    model, metadata = load_model(args.model)
    dtype = torch.float64 if args.double else torch.float32
    model = model.to(dtype)
    pieces = []
    for path in args.tokens:
        tokens = read_tokens(path)
        check_vocabulary(tokens.encoding, metadata, path, args.model)
        pieces += [p.tokens for p in tokens.pieces]
    shift_steps = shift_steps_of_tokens(tokens.encoding["vocabulary"])
    total, count = summed_nll(model, pieces, torch.device("cpu"), dtype)
    steps = int(sum(int(shift_steps[np.asarray(p)].sum()) for p in pieces))
    mean = total / count
    print(json.dumps({
        "meanNLL": mean, "perplexity": math.exp(mean), "tokenCount": count,
        "pieceCount": len(pieces), "nllPerStep": total / steps if steps else None,
    }, sort_keys=True))


if __name__ == "__main__":
    main()
