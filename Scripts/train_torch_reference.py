#!/usr/bin/env python3
"""Train the reference PyTorch model that `neurascore train` is measured against.

Same architecture (nn.Embedding -> nn.LSTM(batch_first, dropout between layers) -> nn.Linear,
PyTorch's default initialisation), same tokens (token files from `neurascore encode`), same
hyperparameters and number of steps, and the very same batches: the window sampler of
Sources/NeuraCore/Training/WindowSampler.swift is re-implemented here on the same SplitMix64
stream, so step k draws the windows, transpositions and padding neurascore draws at step k.
Only the initial weights and the dropout masks differ (different generators).

  * Batch k: SplitMix64(seed + 0x9E3779B97F4A7C15 * (k + 1)); per row, a start position
    uniform over every predicted position of the training pieces (Lemire's multiply-shift),
    then, with a transposition range, a shift uniform over those that keep the piece in range.
    Windows never cross pieces; past EOS they are padded with EOS and weighted 0.
  * Loss: cross-entropy averaged over the weighted positions; Adam (0.9, 0.999, eps 1e-8);
    clip_grad_norm_ 1.0; learning rate: linear warm-up, then constant, linear or cosine decay
    to --lr times --final-lr-fraction at the last step (LearningRateSchedule in the engine).
  * Validation: --val token files (all pieces), or --val-split of the training sources chosen
    by the same seeded shuffle as ValidationSplit.swift.

It writes a NeuraScore model file (safetensors with the encoding metadata), so
`neurascore eval --model OUT.safetensors TEST` scores both models with the same code, and
Scripts/eval_torch.py can cross-check.

Setup (PyPI packages torch, numpy, safetensors):

    python3 -m venv .venv-torch && .venv-torch/bin/pip install torch numpy safetensors

Example (the JSB quarter-grid benchmark, tokens from `neurascore encode --steps-per-quarter 1`):

    Scripts/train_torch_reference.py jsb-train --val jsb-valid --out torch.safetensors \\
        --layers 2 --hidden 256 --embed 64 --seq-len 128 --batch 32 --steps 2000 --lr 0.002 \\
        --warmup 100 --decay cosine --dropout 0.2 --seed 1 --threads 2
"""

from __future__ import annotations

import argparse
import json
import math
import pathlib
import time

import numpy as np
import torch
from safetensors.torch import save_file

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


class SplitMix64:
    def __init__(self, seed: int):
        self.state = seed & MASK

    def next(self) -> int:
        self.state = (self.state + GOLDEN) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, bound: int) -> int:
        return (bound * self.next()) >> 64


def read_pieces(name: str) -> tuple[list[dict], list[list[int]], dict]:
    stem = pathlib.Path(name)
    if stem.suffix in (".npy", ".json"):
        stem = stem.with_suffix("")
    tokens = np.load(str(stem) + ".npy").astype(np.int64)
    manifest = json.load(open(str(stem) + ".json"))
    pieces = [tokens[p["offset"]: p["offset"] + p["length"]].tolist() for p in manifest["pieces"]]
    return manifest["pieces"], pieces, manifest["encoding"]


def split_by_source(entries, pieces, fraction, seed):
    sources = sorted({e["source"] for e in entries})
    if fraction <= 0 or len(sources) < 2:
        return pieces, []
    rng = SplitMix64(seed ^ 0x5EED0F7A11DA7E)
    shuffled = list(sources)
    for index in range(len(shuffled) - 1, 0, -1):
        other = rng.below(index + 1)
        shuffled[index], shuffled[other] = shuffled[other], shuffled[index]
    count = min(max(1, math.floor(fraction * len(sources) + 0.5)), len(sources) - 1)
    held = set(shuffled[:count])
    training = [p for e, p in zip(entries, pieces) if e["source"] not in held]
    held_entries = [(e, p) for e, p in zip(entries, pieces) if e["source"] in held]
    untransposed = {e["source"] for e, _ in held_entries if e["transposition"] == 0}
    validation = [p for e, p in held_entries if e["transposition"] == 0 or e["source"] not in untransposed]
    return training, validation


class WindowSampler:
    def __init__(self, pieces, vocabulary, sequence_length, batch_size, low, high, seed, pitch_range):
        self.pieces = [p for p in pieces if len(p) >= 2]
        self.T, self.B, self.seed = sequence_length, batch_size, seed
        self.starts = np.cumsum([0] + [len(p) - 1 for p in self.pieces[:-1]]).tolist()
        self.positions = sum(len(p) - 1 for p in self.pieces)
        pitch_of = [int(name[1:]) if name.startswith("P") else None for name in vocabulary]
        id_of_pitch = {pitch: i for i, pitch in enumerate(pitch_of) if pitch is not None}
        self.lowest = min(low, 0)
        self.tables = []
        for shift in range(self.lowest, max(high, 0) + 1):
            self.tables.append([i if pitch_of[i] is None else id_of_pitch.get(pitch_of[i] + shift, i)
                                for i in range(len(vocabulary))])
        lo, hi = pitch_range
        self.allowed = []
        for piece in self.pieces:
            pitches = [pitch_of[t] for t in piece if pitch_of[t] is not None]
            if not pitches:
                self.allowed.append([0])
                continue
            shifts = [s for s in range(low, high + 1) if lo <= min(pitches) + s <= hi and lo <= max(pitches) + s <= hi]
            self.allowed.append(shifts or [0])

    def batch(self, step: int):
        rng = SplitMix64((self.seed + GOLDEN * (step + 1)) & MASK)
        width = self.T + 1
        tokens = np.full((self.B, width), 1, dtype=np.int64)
        weights = np.ones((self.B, self.T), dtype=np.float32)
        for row in range(self.B):
            position = rng.below(self.positions)
            index = int(np.searchsorted(self.starts, position, side="right") - 1)
            piece = self.pieces[index]
            start = position - self.starts[index]
            shifts = self.allowed[index]
            shift = shifts[0] if len(shifts) == 1 else shifts[rng.below(len(shifts))]
            table = self.tables[shift - self.lowest]
            available = min(width, len(piece) - start)
            tokens[row, :available] = [table[t] for t in piece[start:start + available]]
            weights[row, max(0, available - 1):] = 0
        return torch.from_numpy(tokens), torch.from_numpy(weights)


def learning_rate(step, peak, warmup, decay, total, floor):
    if step < warmup:
        return peak * (step + 1) / warmup
    span = total - warmup
    if decay == "constant" or span <= 0:
        return peak
    progress = min(1.0, (step - warmup) / span)
    if decay == "linear":
        return peak + (floor - peak) * progress
    return floor + (peak - floor) * 0.5 * (1 + math.cos(math.pi * progress))


class LSTMLanguageModel(torch.nn.Module):
    def __init__(self, vocabulary, embedding, hidden, layers, dropout):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocabulary, embedding)
        self.lstm = torch.nn.LSTM(embedding, hidden, layers, batch_first=True, dropout=dropout if layers > 1 else 0)
        self.head = torch.nn.Linear(hidden, vocabulary)

    def forward(self, tokens):
        output, _ = self.lstm(self.embedding(tokens))
        return self.head(output)


def mean_nll(model, pieces):
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for piece in pieces:
            tokens = torch.tensor(piece, dtype=torch.long).unsqueeze(0)
            logits = model(tokens[:, :-1])
            total += float(torch.nn.functional.cross_entropy(logits[0], tokens[0, 1:], reduction="sum"))
            count += len(piece) - 1
    model.train()
    return total / count


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("train", help="token file NAME (NAME.npy + NAME.json)")
    parser.add_argument("--val", action="append", default=[])
    parser.add_argument("--out", required=True)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--embed", type=int, default=64)
    parser.add_argument("--seq-len", type=int, default=128)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--decay", choices=["constant", "linear", "cosine"], default="cosine")
    parser.add_argument("--final-lr-fraction", type=float, default=0.1)
    parser.add_argument("--dropout", type=float, default=0.2)
    parser.add_argument("--val-split", type=float, default=None)
    parser.add_argument("--transpose", default="0..0", help="e.g. -3..3")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--eval-every", type=int, default=250)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    entries, pieces, encoding = read_pieces(args.train)
    fraction = args.val_split if args.val_split is not None else (0.0 if args.val else 0.1)
    training, validation = split_by_source(entries, pieces, fraction, args.seed)
    for name in args.val:
        _, extra, other = read_pieces(name)
        if other["vocabulary"] != encoding["vocabulary"]:
            raise SystemExit(f"{name}: encoded with another vocabulary than {args.train}")
        validation += extra
    low, high = (int(x) for x in args.transpose.replace("...", "..").split(".."))
    vocabulary = encoding["vocabulary"]
    sampler = WindowSampler(training, vocabulary, args.seq_len, args.batch, low, high, args.seed,
                            (encoding["lowestPitch"], encoding["highestPitch"]))
    model = LSTMLanguageModel(len(vocabulary), args.embed, args.hidden, args.layers, args.dropout)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.999), eps=1e-8)
    floor = args.lr * args.final_lr_fraction
    history = []
    started = time.time()
    tokens_seen = 0
    for step in range(args.steps):
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, args.lr, args.warmup, args.decay, args.steps, floor)
        inputs, weights = sampler.batch(step)
        logits = model(inputs[:, :-1])
        losses = torch.nn.functional.cross_entropy(
            logits.reshape(-1, logits.shape[-1]), inputs[:, 1:].reshape(-1), reduction="none")
        flat = weights.reshape(-1)
        loss = (losses * flat).sum() / flat.sum()
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        tokens_seen += int((flat > 0).sum())
        done = step + 1
        if validation and (done == args.steps or (args.eval_every and done % args.eval_every == 0)):
            nll = mean_nll(model, validation)
            history.append({"step": done, "validationNLL": nll})
            elapsed = time.time() - started
            print(f"step {done}/{args.steps} loss {loss.item():.4f} val {nll:.4f} "
                  f"{tokens_seen / elapsed:.0f} tok/s {elapsed / done * 1000:.1f} ms/step", flush=True)
    record = {"reference": "PyTorch", "hyperparameters": vars(args), "steps": args.steps,
              "validationNLL": history[-1]["validationNLL"] if history else None, "history": history,
              "trainingSeconds": time.time() - started}
    state = {name: tensor.detach().contiguous() for name, tensor in model.state_dict().items()}
    save_file(state, args.out, metadata={
        "format": "neurascore-lstm", "version": "1", "encoding": json.dumps(encoding, sort_keys=True),
        "training": json.dumps(record, sort_keys=True)})
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
