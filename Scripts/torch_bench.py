#!/usr/bin/env python3
"""The PyTorch side of `neurascore bench`: the same model, the same measurements, the same JSON.

The model is NeuraScore's own, LSTMLanguageModel from neurascore_torch.py (Embedding -> nn.LSTM ->
Linear, the tensors of a model file). For each thread count and HxL shape, with V=256, E=256,
B=32, T=128 unless told otherwise, it measures what Sources/NeuraLSTM/Bench/Benchmark.swift
measures:

  train  tokens/s of training steps: B x T random tokens, cross-entropy over every position,
         Adam (lr 1e-3), clip_grad_norm_ 1.0; `--warmup` untimed steps, then `--steps` timed
         ones. tokens/s = B*T*steps / seconds; also B*T / the median step (robust to one stall).
  gen    tokens/s of sampling one token at a time for each stream count in --gen-batches: every
         stream starts from a zero state on token 0 and feeds back what it samples (softmax at
         temperature 1, torch.multinomial), under torch.inference_mode; the median of
         --gen-repeats runs of --gen-tokens tokens per stream, after a 32-token warm-up.
  prime  milliseconds of one forward pass over a --prime-len prefix at batch 1, for the shapes
         in --prime-configs (median of 5, after a warm-up).

`--json` prints what `neurascore bench --json` prints, key for key, so the two reports compare
row by row: {"meta": {"engine", "vocab", "emb", "batch", "seq", "gen_tokens", "prime_len"},
"results": [{"threads", "H", "L", "train": {...}, "gen": {"1": {...}, "8": {...}}, "prime": {...}}]}.
Without it, a table in the bench's layout. Progress rows go to stderr.

PyTorch's CPU LSTM uses oneDNN, fastest for training; for one token at a time it repacks the
weights on every call, so `--mkldnn off` (ATen's own LSTM) is usually faster for gen and prime.
Compare each figure against the faster PyTorch path.

Setup (PyPI packages torch, numpy, safetensors; a CPU-only torch wheel is enough):

    python3 -m venv .venv-torch && .venv-torch/bin/pip install torch numpy safetensors

Usage (from the repository root, run back to back with `neurascore bench` on a quiet machine):

    .venv-torch/bin/python Scripts/torch_bench.py --threads 2 --json > torch-on.json
    .venv-torch/bin/python Scripts/torch_bench.py --threads 2 --mkldnn off --parts gen prime --json > torch-off.json
    .build/release/neurascore bench --threads 2 --json > neurascore.json
    .venv-torch/bin/python Scripts/torch_bench.py --quick    # seconds: checks that it runs
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from neurascore_torch import LSTMLanguageModel  # noqa: E402


def spread(samples: list[float]) -> dict:
    """BenchmarkSpread: median, extremes and count."""
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples), "n": len(samples)}


def shape(text: str) -> tuple[int, int]:
    parts = text.lower().split("x")
    if len(parts) != 2 or not all(p.isdigit() and int(p) > 0 for p in parts):
        raise argparse.ArgumentTypeError(f"'{text}' is not a shape HxL such as 512x2")
    return int(parts[0]), int(parts[1])


def model(args: argparse.Namespace, hidden: int, layers: int) -> LSTMLanguageModel:
    torch.manual_seed(0)
    return LSTMLanguageModel(args.vocab, args.emb, hidden, layers)


def measure_training(args: argparse.Namespace, hidden: int, layers: int) -> dict:
    net = model(args, hidden, layers).train()
    optimiser = torch.optim.Adam(net.parameters(), lr=1e-3)
    generator = torch.Generator().manual_seed(1)
    # A few distinct batches, made before the clock starts.
    batches = [torch.randint(0, args.vocab, (args.batch, args.seq + 1), generator=generator) for _ in range(4)]

    def step(index: int) -> float:
        batch = batches[index % len(batches)]
        logits = net(batch[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, args.vocab), batch[:, 1:].reshape(-1))
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        optimiser.step()
        return loss.item()

    for index in range(args.warmup):
        step(index)
    step_seconds = []
    started = time.perf_counter()
    for index in range(args.steps):
        step_started = time.perf_counter()
        loss = step(index)
        step_seconds.append(time.perf_counter() - step_started)
    total = time.perf_counter() - started
    tokens = args.batch * args.seq
    steps = spread(step_seconds)
    return {"tokens_per_s": tokens * args.steps / total, "tokens_per_s_median_step": tokens / steps["median"],
            "total_s": total, "step_s": steps, "final_loss": loss}


def sample_streams(net: LSTMLanguageModel, streams: int, tokens: int, generator: torch.Generator) -> None:
    """Each stream starts from a zero state on token 0 and feeds back what it samples."""
    token = torch.zeros(streams, 1, dtype=torch.long)
    state = None
    for _ in range(tokens):
        logits, state = net.step(token, state)
        token = torch.multinomial(torch.softmax(logits[:, -1, :], dim=-1), 1, generator=generator)


def measure_generation(args: argparse.Namespace, hidden: int, layers: int, streams: int) -> dict:
    net = model(args, hidden, layers).eval()
    generator = torch.Generator().manual_seed(2)
    rates = []
    with torch.inference_mode():
        sample_streams(net, streams, 32, generator)  # warm-up
        for _ in range(args.gen_repeats):
            started = time.perf_counter()
            sample_streams(net, streams, args.gen_tokens, generator)
            rates.append(streams * args.gen_tokens / (time.perf_counter() - started))
    rate = spread(rates)
    return {"tokens_per_s": rate["median"], "tokens_per_s_spread": rate,
            "ms_per_step_median": 1000 * streams / rate["median"]}


def measure_priming(args: argparse.Namespace, hidden: int, layers: int) -> dict:
    net = model(args, hidden, layers).eval()
    prefix = torch.randint(0, args.vocab, (1, args.prime_len), generator=torch.Generator().manual_seed(3))
    milliseconds = []
    with torch.inference_mode():
        net.step(prefix)  # warm-up
        for _ in range(args.prime_repeats):
            started = time.perf_counter()
            net.step(prefix)
            milliseconds.append(1000 * (time.perf_counter() - started))
    ms = spread(milliseconds)
    return {"ms": ms["median"], "ms_spread": ms, "tokens_per_s": args.prime_len / (ms["median"] / 1000)}


def table(report: dict, batches: list[int]) -> str:
    """The layout of BenchmarkReport.table, so the two read side by side."""
    meta = report["meta"]
    lines = [f"{meta['engine']}  V={meta['vocab']} E={meta['emb']} B={meta['batch']} T={meta['seq']}"]
    header = "thr    H  L | train tok/s (med-step)    step s (min-max)"
    for batch in batches:
        header += " | " + f"gen b{batch} tok/s (min-max)".rjust(26)
    header += " | " + f"prime {meta['prime_len']} ms".rjust(18)
    lines += [header, "-" * len(header)]
    for row in report["results"]:
        line = f"{row['threads']:>3} {row['H']:>4} {row['L']:>2} | "
        train = row.get("train")
        if train:
            step = train["step_s"]
            line += (f"{train['tokens_per_s']:>11.0f} {train['tokens_per_s_median_step']:>10.0f} "
                     f"{step['median']:>6.3f} ({step['min']:.3f}-{step['max']:.3f})")
        else:
            line += f"{'-':>11} {'-':>10} {'-':>19}"
        for batch in batches:
            gen = row.get("gen", {}).get(str(batch))
            if gen:
                rate = gen["tokens_per_s_spread"]
                line += f" | {rate['median']:>8.0f} ({rate['min']:>7.0f}-{rate['max']:<7.0f})   "
            else:
                line += f" | {'-':>26}"
        prime = row.get("prime")
        if prime:
            line += f" | {prime['ms']:>6.1f} ({prime['ms_spread']['min']:.1f}-{prime['ms_spread']['max']:.1f})"
        else:
            line += f" | {'-':>18}"
        lines.append(line)
    return "\n".join(lines)


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, nargs="+", default=[2, 1], help="torch thread counts to run")
    parser.add_argument("--configs", type=shape, nargs="+", default=[(256, 2), (512, 2), (512, 3)],
                        help="model shapes as HxL")
    parser.add_argument("--parts", nargs="+", choices=["train", "gen", "prime"], default=["train", "gen", "prime"])
    parser.add_argument("--steps", type=int, default=20, help="timed training steps")
    parser.add_argument("--warmup", type=int, default=3, help="untimed training steps first")
    parser.add_argument("--gen-tokens", type=int, default=512, help="tokens per stream per generation run")
    parser.add_argument("--gen-repeats", type=int, default=3, help="generation runs; the median is reported")
    parser.add_argument("--gen-batches", type=int, nargs="+", default=[1, 8], help="stream counts for generation")
    parser.add_argument("--prime-configs", type=shape, nargs="+", default=[(512, 2)],
                        help="shapes (HxL) that get the priming pass")
    parser.add_argument("--mkldnn", choices=["on", "off"], default="on",
                        help="oneDNN on (PyTorch's default) or off (ATen's own LSTM, faster one token at a time)")
    parser.add_argument("--quick", action="store_true",
                        help="a tiny model and a few steps: checks that the bench runs, in seconds")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    args.vocab, args.emb, args.batch, args.seq, args.prime_len, args.prime_repeats = 256, 256, 32, 128, 512, 5
    if args.quick:  # BenchmarkOptions.quick
        args.threads, args.configs, args.prime_configs = [1], [(64, 2)], [(64, 2)]
        args.vocab, args.emb, args.batch, args.seq = 32, 32, 4, 16
        args.warmup, args.steps, args.gen_tokens, args.gen_repeats = 1, 2, 16, 1
        args.gen_batches, args.prime_len, args.prime_repeats = [1, 2], 16, 1
    sizes = [args.steps, args.gen_tokens, args.gen_repeats] + args.threads + args.gen_batches
    if min(sizes) < 1 or args.warmup < 0:
        parser.error("thread counts, steps, tokens, repeats and batches must be positive")
    return args


def run(args: argparse.Namespace) -> dict:
    torch.backends.mkldnn.enabled = args.mkldnn == "on"
    results = []
    for threads in args.threads:
        torch.set_num_threads(threads)
        for hidden, layers in args.configs:
            row: dict = {"threads": threads, "H": hidden, "L": layers}
            if "train" in args.parts:
                row["train"] = measure_training(args, hidden, layers)
            if "gen" in args.parts:
                row["gen"] = {str(streams): measure_generation(args, hidden, layers, streams)
                              for streams in args.gen_batches}
            if "prime" in args.parts and (hidden, layers) in args.prime_configs:
                row["prime"] = measure_priming(args, hidden, layers)
            print(f"torch bench: threads={threads} H={hidden} L={layers} done", file=sys.stderr, flush=True)
            results.append(row)
    engine = f"PyTorch {torch.__version__} ({'oneDNN' if args.mkldnn == 'on' else 'ATen'} LSTM, float32)"
    meta = {"engine": engine, "vocab": args.vocab, "emb": args.emb, "batch": args.batch, "seq": args.seq,
            "gen_tokens": args.gen_tokens, "prime_len": args.prime_len}
    return {"meta": meta, "results": results}


def main() -> None:
    args = parse_arguments()
    report = run(args)
    print(json.dumps(report, indent=2, sort_keys=True) if args.json else table(report, args.gen_batches))


if __name__ == "__main__":
    main()
