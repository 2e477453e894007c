"""What Scripts/train_torch.py, eval_torch.py and torch_bench.py share: token files, the model, the NLL.

Everything here mirrors NeuraScore's Swift code, named in each docstring, so PyTorch sees the
same tokens, batches, learning rates and NLL as `neurascore train` and `neurascore eval`.

PyPI packages: torch, numpy, safetensors.
"""

from __future__ import annotations

import json
import math
import os
import pathlib
from dataclasses import dataclass

import numpy as np
import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
SHARD_FORMAT = "neurascore-token-shards"


class SplitMix64:
    """NeuraLSTM's RNG.swift, with ValidationSplit.uniformIndex as `below`."""

    def __init__(self, seed: int):
        self.state = seed & MASK

    @classmethod
    def substream(cls, seed: int, stream: int) -> "SplitMix64":
        """SplitMix64(seed:stream:): the stream number goes through the output mix, so that the
        streams of one seed are unrelated (seed + stream * GOLDEN would be one shifted stream)."""
        return cls((seed & MASK) ^ cls(stream).next())

    def next(self) -> int:
        self.state = (self.state + GOLDEN) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, bound: int) -> int:
        return (bound * self.next()) >> 64


# ---- token files ----------------------------------------------------------------------------

@dataclass
class Piece:
    source: str
    transposition: int
    tokens: np.ndarray  # a view into a memory-mapped .npy, BOS..EOS


@dataclass
class TokenSet:
    encoding: dict
    pieces: list[Piece]


def read_tokens(path: str) -> TokenSet:
    """`neurascore encode` output: NAME (or NAME.npy / NAME.json), or a sharded encoding's folder
    (or its index.json). Arrays are memory-mapped, so a big corpus is paged in as it is used."""
    location = pathlib.Path(path)
    if location.is_dir() or location.name == "index.json":
        index_path = location / "index.json" if location.is_dir() else location
        with open(index_path) as handle:
            index = json.load(handle)
        if index.get("format") != SHARD_FORMAT:
            raise SystemExit(f"{index_path}: not a NeuraScore shard index (format {index.get('format')!r})")
        shards = [np.load(index_path.parent / shard["file"], mmap_mode="r") for shard in index["shards"]]
        for shard, entry in zip(shards, index["shards"]):
            if shard.dtype != np.dtype("<i4") or shard.ndim != 1 or len(shard) != entry["tokenCount"]:
                raise SystemExit(f"{index_path}: shard {entry['file']} is not {entry['tokenCount']} int32 tokens")
        pieces = [Piece(p["source"], p["transposition"], shards[p["shard"]][p["offset"]: p["offset"] + p["length"]])
                  for p in index["pieces"]]
        return TokenSet(index["encoding"], pieces)
    stem = location.with_suffix("") if location.suffix in (".npy", ".json") else location
    tokens = np.load(str(stem) + ".npy", mmap_mode="r")
    with open(str(stem) + ".json") as handle:
        manifest = json.load(handle)
    pieces = [Piece(p["source"], p["transposition"], tokens[p["offset"]: p["offset"] + p["length"]])
              for p in manifest["pieces"]]
    return TokenSet(manifest["encoding"], pieces)


def split_by_source(pieces: list[Piece], fraction: float, seed: int) -> tuple[list[Piece], list[Piece]]:
    """ValidationSplit.swift: whole sources held out by a seeded shuffle of the sorted sources;
    on the held-out side only the untransposed copy of a source is kept when there is one."""
    sources = sorted({p.source for p in pieces})
    if fraction <= 0 or len(sources) < 2:
        return pieces, []
    rng = SplitMix64(seed ^ 0x5EED0F7A11DA7E)
    shuffled = list(sources)
    for index in range(len(shuffled) - 1, 0, -1):
        other = rng.below(index + 1)
        shuffled[index], shuffled[other] = shuffled[other], shuffled[index]
    count = min(max(1, math.floor(fraction * len(sources) + 0.5)), len(sources) - 1)
    held = set(shuffled[:count])
    training = [p for p in pieces if p.source not in held]
    held_pieces = [p for p in pieces if p.source in held]
    untransposed = {p.source for p in held_pieces if p.transposition == 0}
    validation = [p for p in held_pieces if p.transposition == 0 or p.source not in untransposed]
    return training, validation


def pitch_of_tokens(vocabulary: list[str]) -> np.ndarray:
    """MIDI pitch of each token id, -1 for tokens that are not pitches ("P60" is pitch 60)."""
    return np.array([int(name[1:]) if name.startswith("P") and name[1:].isdigit() else -1 for name in vocabulary])


def shift_steps_of_tokens(vocabulary: list[str]) -> np.ndarray:
    """Grid steps each time-shift token ("T4") advances, 0 for the others."""
    return np.array([int(name[1:]) if name.startswith("T") and name[1:].isdigit() else 0 for name in vocabulary])


class WindowSampler:
    """WindowSampler.swift on the same SplitMix64 stream: batch k comes from a generator seeded
    by (seed, k) alone, so step k draws the windows, transpositions and padding that
    `neurascore train` draws at step k, and a resumed run draws what an uninterrupted one would.

    Per row: a start position uniform over every predicted position of the training pieces,
    then, with a transposition range, a shift uniform over those that keep the piece in the
    pitch range. Windows never cross pieces; past EOS they are padded with EOS and weighted 0."""

    def __init__(self, pieces: list[Piece], encoding: dict, sequence_length: int, batch_size: int,
                 low: int, high: int, seed: int):
        self.pieces = [p.tokens for p in pieces if len(p.tokens) >= 2]
        if not self.pieces:
            raise SystemExit("no training piece has two tokens or more")
        self.T, self.B, self.seed = sequence_length, batch_size, seed
        lengths = np.array([len(p) - 1 for p in self.pieces], dtype=np.int64)
        self.starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        self.positions = int(lengths.sum())
        pitch_of = pitch_of_tokens(encoding["vocabulary"])
        id_of_pitch = {int(pitch): i for i, pitch in enumerate(pitch_of) if pitch >= 0}
        self.lowest = min(low, 0)
        self.tables = [np.array([i if pitch_of[i] < 0 else id_of_pitch.get(int(pitch_of[i]) + shift, i)
                                 for i in range(len(pitch_of))], dtype=np.int64)
                       for shift in range(self.lowest, max(high, 0) + 1)]
        lo, hi = encoding["lowestPitch"], encoding["highestPitch"]
        self.allowed = []
        for piece in self.pieces:
            pitches = pitch_of[np.asarray(piece)]
            pitches = pitches[pitches >= 0]
            if len(pitches) == 0:
                self.allowed.append([0])
                continue
            low_pitch, high_pitch = int(pitches.min()), int(pitches.max())
            shifts = [s for s in range(low, high + 1) if lo <= low_pitch + s <= hi and lo <= high_pitch + s <= hi]
            self.allowed.append(shifts or [0])

    def batch(self, step: int) -> tuple[np.ndarray, np.ndarray]:
        """The whole batch of update `step` (0-based): tokens (B, T+1) and weights (B, T)."""
        rng = SplitMix64.substream(self.seed, step)
        width = self.T + 1
        tokens = np.full((self.B, width), 1, dtype=np.int64)
        weights = np.ones((self.B, self.T), dtype=np.float32)
        for row in range(self.B):
            position = rng.below(self.positions)
            index = int(np.searchsorted(self.starts, position, side="right") - 1)
            piece = self.pieces[index]
            start = position - int(self.starts[index])
            shifts = self.allowed[index]
            shift = shifts[0] if len(shifts) == 1 else shifts[rng.below(len(shifts))]
            available = min(width, len(piece) - start)
            tokens[row, :available] = self.tables[shift - self.lowest][np.asarray(piece[start:start + available])]
            weights[row, max(0, available - 1):] = 0
        return tokens, weights


def learning_rate(step: int, peak: float, warmup: int, decay: str, total: int, floor: float) -> float:
    """LearningRateSchedule.swift: linear warm-up, then constant, linear or cosine decay to floor."""
    if step < warmup:
        return peak * (step + 1) / warmup
    span = total - warmup
    if decay == "constant" or span <= 0:
        return peak
    progress = min(1.0, (step - warmup) / span)
    if decay == "linear":
        return peak + (floor - peak) * progress
    return floor + (peak - floor) * 0.5 * (1 + math.cos(math.pi * progress))


# ---- the model ------------------------------------------------------------------------------

class LSTMLanguageModel(torch.nn.Module):
    """Embedding -> LSTM -> Linear, as LSTMModelFile.swift stores it: its state_dict is exactly a
    NeuraScore model file's tensors (embedding.weight, lstm.*_l{k}, head.weight, head.bias)."""

    def __init__(self, vocabulary: int, embedding: int, hidden: int, layers: int, dropout: float = 0.0):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocabulary, embedding)
        self.lstm = torch.nn.LSTM(embedding, hidden, layers, batch_first=True, dropout=dropout if layers > 1 else 0)
        self.head = torch.nn.Linear(hidden, vocabulary)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        output, _ = self.lstm(self.embedding(tokens))
        return self.head(output)

    def step(self, tokens: torch.Tensor, state=None):
        """Logits for (B, T) tokens continuing from `state` (h, c), and the state after them:
        what generation and priming run, one token or one prefix at a time."""
        output, state = self.lstm(self.embedding(tokens), state)
        return self.head(output), state


def load_model(path: str, dropout: float = 0.0) -> tuple[LSTMLanguageModel, dict]:
    with safe_open(path, framework="pt") as handle:
        metadata = handle.metadata() or {}
    if metadata.get("format") != "neurascore-lstm":
        raise SystemExit(f"{path}: not a neurascore-lstm model (format {metadata.get('format')!r})")
    state = {name: tensor.float() for name, tensor in load_file(path).items()}
    vocabulary, embedding = state["embedding.weight"].shape
    hidden = state["lstm.weight_hh_l0"].shape[1]
    layers = sum(1 for name in state if name.startswith("lstm.weight_ih_l"))
    model = LSTMLanguageModel(vocabulary, embedding, hidden, layers, dropout)
    model.load_state_dict(state, strict=True)
    return model, metadata


def save_model(model: torch.nn.Module, path: str, encoding: dict, training: dict) -> None:
    """A NeuraScore model file: F32 tensors under the state_dict names and the four metadata
    strings. Written to a temporary name and renamed, so the file is whole or absent."""
    state = {name: tensor.detach().float().cpu().contiguous() for name, tensor in model.state_dict().items()}
    temporary = f"{path}.tmp-{os.getpid()}"
    save_file(state, temporary, metadata={
        "format": "neurascore-lstm", "version": "1", "encoding": json.dumps(encoding, sort_keys=True),
        "training": json.dumps(training, sort_keys=True)})
    os.replace(temporary, path)


def check_vocabulary(encoding: dict, metadata: dict, tokens_path: str, model_path: str) -> None:
    model_vocabulary = json.loads(metadata.get("encoding", "{}")).get("vocabulary")
    if model_vocabulary != encoding["vocabulary"]:
        raise SystemExit(f"{tokens_path}: encoded with another vocabulary than {model_path}")


# ---- the NLL --------------------------------------------------------------------------------

def summed_nll(model: torch.nn.Module, pieces: list[np.ndarray], device: torch.device,
               dtype: torch.dtype = torch.float32, batch_size: int = 32) -> tuple[float, int]:
    """The NLL of Evaluation.swift: each piece x0=BOS..xn from a zero state, every x_t (t >= 1, EOS included)
    scored given x_<t. Returns (total NLL in nats, scored tokens). Pieces of similar length go
    through together, padded; the padding comes after each piece, so it cannot change its scores."""
    was_training = model.training
    model.eval()
    order = sorted(range(len(pieces)), key=lambda i: len(pieces[i]))
    total, count = 0.0, 0
    with torch.no_grad():
        for first in range(0, len(order), batch_size):
            group = [pieces[i] for i in order[first:first + batch_size]]
            width = max(len(p) for p in group)
            tokens = torch.full((len(group), width), 1, dtype=torch.long)
            mask = torch.zeros((len(group), width - 1), dtype=torch.bool)
            for row, piece in enumerate(group):
                tokens[row, :len(piece)] = torch.from_numpy(np.asarray(piece, dtype=np.int64))
                mask[row, :len(piece) - 1] = True
            tokens, mask = tokens.to(device), mask.to(device)
            logits = model(tokens[:, :-1]).to(dtype)
            picked = torch.log_softmax(logits, dim=-1).gather(-1, tokens[:, 1:].unsqueeze(-1)).squeeze(-1)
            total -= float(picked[mask].double().sum())
            count += int(mask.sum())
    model.train(was_training)
    return total, count
