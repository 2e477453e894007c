#!/usr/bin/env python3
"""Score a token file under a NeuraScore model in PyTorch, to check `neurascore eval`.

Loads MODEL.safetensors into nn.Embedding -> nn.LSTM(batch_first) -> nn.Linear exactly as
DESIGN section 4 names the tensors, reads NAME.npy + NAME.json (the output of
`neurascore encode`) and computes the one NLL definition: each piece x0=BOS..xn starts from
h = c = 0 and every x_t, t >= 1 (EOS included), is scored given x_<t. It prints the same JSON
keys as `neurascore eval --json`: meanNLL, perplexity, tokenCount, pieceCount, nllPerStep
(total NLL over the pieces' grid steps, the sum of their time-shift tokens "T<k>").

The model's "encoding" metadata must list the same vocabulary as the token file; otherwise
the script refuses, as neurascore does.

Setup (PyPI packages torch, numpy, safetensors):

    python3 -m venv .venv-torch && .venv-torch/bin/pip install torch numpy safetensors

Usage:

    Scripts/eval_torch.py MODEL.safetensors NAME            # NAME.npy and NAME.json
    Scripts/eval_torch.py MODEL.safetensors NAME --double   # float64 (a second opinion on rounding)
"""

from __future__ import annotations

import argparse
import json
import math
import pathlib
import sys

import numpy as np
import torch
from safetensors import safe_open
from safetensors.torch import load_file


class LSTMLanguageModel(torch.nn.Module):
    def __init__(self, vocabulary: int, embedding: int, hidden: int, layers: int, dropout: float = 0.0):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocabulary, embedding)
        self.lstm = torch.nn.LSTM(embedding, hidden, layers, batch_first=True, dropout=dropout)
        self.head = torch.nn.Linear(hidden, vocabulary)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        output, _ = self.lstm(self.embedding(tokens))
        return self.head(output)


def load_model(path: str) -> tuple[LSTMLanguageModel, dict]:
    with safe_open(path, framework="pt") as handle:
        metadata = handle.metadata() or {}
    if metadata.get("format") != "neurascore-lstm":
        sys.exit(f"{path}: not a neurascore-lstm model (format {metadata.get('format')!r})")
    state = {name: tensor.float() for name, tensor in load_file(path).items()}
    vocabulary, embedding = state["embedding.weight"].shape
    hidden = state["lstm.weight_hh_l0"].shape[1]
    layers = sum(1 for name in state if name.startswith("lstm.weight_ih_l"))
    model = LSTMLanguageModel(vocabulary, embedding, hidden, layers)
    model.load_state_dict(state, strict=True)
    model.eval()
    return model, metadata


def read_token_file(name: str) -> tuple[np.ndarray, dict]:
    stem = pathlib.Path(name)
    if stem.suffix in (".npy", ".json"):
        stem = stem.with_suffix("")
    tokens = np.load(str(stem) + ".npy")
    with open(str(stem) + ".json") as handle:
        manifest = json.load(handle)
    return tokens, manifest


def piece_nll(model: LSTMLanguageModel, piece: np.ndarray, dtype: torch.dtype) -> float:
    tokens = torch.as_tensor(piece, dtype=torch.long).unsqueeze(0)
    logits = model(tokens[:, :-1]).to(dtype)
    log_probabilities = torch.log_softmax(logits, dim=-1)
    picked = log_probabilities.gather(-1, tokens[:, 1:].unsqueeze(-1))
    return float(-picked.sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model")
    parser.add_argument("tokens", help="NAME, NAME.npy or NAME.json")
    parser.add_argument("--double", action="store_true", help="run the model in float64")
    args = parser.parse_args()

    model, metadata = load_model(args.model)
    tokens, manifest = read_token_file(args.tokens)
    model_vocabulary = json.loads(metadata.get("encoding", "{}")).get("vocabulary")
    vocabulary = manifest["encoding"]["vocabulary"]
    if model_vocabulary != vocabulary:
        sys.exit(f"{args.tokens}: encoded with another vocabulary than {args.model}")
    shift_steps = np.array([int(name[1:]) if name.startswith("T") else 0 for name in vocabulary])

    dtype = torch.float64 if args.double else torch.float32
    if args.double:
        model = model.double()
    total, count, steps = 0.0, 0, 0
    with torch.no_grad():
        for piece in manifest["pieces"]:
            values = tokens[piece["offset"]: piece["offset"] + piece["length"]]
            total += piece_nll(model, values, dtype)
            count += len(values) - 1
            steps += int(shift_steps[values].sum())
    mean = total / count
    print(json.dumps({
        "meanNLL": mean, "perplexity": math.exp(mean), "tokenCount": count,
        "pieceCount": len(manifest["pieces"]), "nllPerStep": total / steps if steps else None,
    }, sort_keys=True))


if __name__ == "__main__":
    main()
