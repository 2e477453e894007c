#!/usr/bin/env python3
"""Train a NeuraScore model with PyTorch DistributedDataParallel, on CPUs or GPUs, one node or many.

The model, the tokens and the training rules are those of `neurascore train`, read from its Swift
code (Scripts/neurascore_torch.py names each counterpart):

  * Embedding(V, E) -> nn.LSTM(E, H, L, batch_first, dropout between layers) -> Linear(H, V);
  * batch k is the same B windows of T+1 tokens that `neurascore train` draws at step k (the
    window sampler on the same SplitMix64 stream, with the same transposition augmentation);
    with W processes each takes B/W of those rows, so the global batch, and the maths of an
    update, do not depend on W;
  * loss: cross-entropy averaged over the batch's weighted (non-padding) positions; Adam
    (0.9, 0.999, eps 1e-8); clip_grad_norm_ 1.0; linear warm-up, then constant, linear or cosine
    decay to --lr x --final-lr-fraction;
  * validation by piece: --val corpora, or --val-split of the training sources held out by the
    seeded shuffle of ValidationSplit.swift; the NLL of Evaluation.swift.

Input: token files from `neurascore encode` (NAME), or sharded ones (`--shard-tokens`, the
folder or its index.json), read with numpy, memory-mapped. bf16 autocast on CUDA (--precision
fp32 turns it off); fp32 on CPU. Only the initial weights and the dropout masks differ from
`neurascore train` (different generators). Dropout is reseeded at every step from (seed, step,
rank), so --resume continues exactly.

Output: MODEL.safetensors, a NeuraScore model file (F32 tensors named as the state_dict, metadata
format/version/encoding/training) that `neurascore --model`, `generate` and `eval` load as they
are, and MODEL.ckpt.pt (weights, Adam state, step, history) for --resume. Both are written by rank
0 every --checkpoint-every steps and at the end, each atomically, the checkpoint first.

Setup (PyPI packages torch, numpy, safetensors):

    python3 -m venv .venv-torch && .venv-torch/bin/pip install torch numpy safetensors

Examples:

    # one process (the single-process reference: the same batches as neurascore train)
    Scripts/train_torch.py corpus-shards --out model.safetensors --steps 2000
    # 2 CPU processes on this machine (gloo)
    torchrun --standalone --nproc_per_node 2 Scripts/train_torch.py corpus-shards --out model.safetensors
    # 8 GPUs on one node (nccl, bf16)
    torchrun --standalone --nproc_per_node 8 Scripts/train_torch.py corpus-shards --out model.safetensors --batch 256
    # 4 nodes x 8 GPUs: the same command on every node, NODE_RANK 0..3, HOST the first node
    torchrun --nnodes 4 --node_rank $NODE_RANK --nproc_per_node 8 --rdzv_backend c10d \\
        --rdzv_endpoint HOST:29500 --rdzv_id neurascore Scripts/train_torch.py corpus-shards --out model.safetensors
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import torch
import torch.distributed as dist

from neurascore_torch import (LSTMLanguageModel, WindowSampler, check_vocabulary, learning_rate, load_model,
                              read_tokens, save_model, split_by_source, summed_nll)

# What --resume may change; everything else must stay as the checkpoint has it.
CHANGEABLE_ON_RESUME = {"steps", "checkpoint_every", "eval_every", "threads", "precision", "log_every"}
DEFAULTS = {"layers": 2, "hidden": 256, "embed": 64, "seq_len": 128, "batch": 32, "steps": 2000, "lr": 2e-3,
            "warmup": 100, "decay": "cosine", "final_lr_fraction": 0.1, "dropout": 0.2, "val_split": None,
            "transpose": "0..0", "seed": 1, "checkpoint_every": 500, "eval_every": 250, "threads": None,
            "precision": "auto", "log_every": 10}


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="+", help="token files (NAME) or shard folders from `neurascore encode`")
    parser.add_argument("--out", required=True, help="the model file to write (.safetensors)")
    parser.add_argument("--val", action="append", default=[], help="validation token files (repeatable)")
    parser.add_argument("--resume", help="MODEL.ckpt.pt to continue from")
    parser.add_argument("--init", help="a NeuraScore model (.safetensors) whose weights to start from (fine-tuning)")
    parser.add_argument("--layers", type=int)
    parser.add_argument("--hidden", type=int)
    parser.add_argument("--embed", type=int)
    parser.add_argument("--seq-len", type=int)
    parser.add_argument("--batch", type=int, help="global batch: windows per update, over all processes")
    parser.add_argument("--steps", type=int)
    parser.add_argument("--lr", type=float)
    parser.add_argument("--warmup", type=int)
    parser.add_argument("--decay", choices=["constant", "linear", "cosine"])
    parser.add_argument("--final-lr-fraction", type=float)
    parser.add_argument("--dropout", type=float)
    parser.add_argument("--val-split", type=float, help="default 0.1, or 0 with --val")
    parser.add_argument("--transpose", help="random shift of each window, e.g. -3..3")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--checkpoint-every", type=int, help="0: only at the end")
    parser.add_argument("--eval-every", type=int, help="0: only at the end")
    parser.add_argument("--threads", type=int, help="CPU threads per process (default: cores / local processes)")
    parser.add_argument("--precision", choices=["auto", "bf16", "fp32"], help="auto: bf16 autocast on CUDA, fp32 on CPU")
    parser.add_argument("--log-every", type=int)
    return parser.parse_args()


def settings(args: argparse.Namespace, checkpoint: dict | None) -> dict:
    """The run's hyperparameters: the command line over the checkpoint's (on --resume) or the defaults."""
    base = dict(checkpoint["settings"]) if checkpoint else dict(DEFAULTS)
    for name in DEFAULTS:
        given = getattr(args, name)
        if given is None:
            continue
        if checkpoint and name not in CHANGEABLE_ON_RESUME and given != base[name]:
            raise SystemExit(f"{args.resume} was trained with --{name.replace('_', '-')} {base[name]}, but this run "
                             f"asks for {given}; a resumed run keeps the checkpoint's value (leave the option out)")
        base[name] = given
    if base["val_split"] is None:
        base["val_split"] = 0.0 if args.val else 0.1
    return base


def main() -> None:
    args = parse_arguments()
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    local_world = int(os.environ.get("LOCAL_WORLD_SIZE", "1"))
    use_cuda = torch.cuda.is_available()
    device = torch.device(f"cuda:{local_rank}" if use_cuda else "cpu")
    if use_cuda:
        torch.cuda.set_device(device)
    if world > 1:
        dist.init_process_group("nccl" if use_cuda else "gloo")

    def say(text: str) -> None:
        if rank == 0:
            print(text, flush=True)

    if args.resume and args.init:
        raise SystemExit("--resume and --init exclude each other: a checkpoint already holds weights")
    checkpoint = torch.load(args.resume, map_location="cpu", weights_only=False) if args.resume else None
    initial, initial_metadata = load_model(args.init) if args.init else (None, None)
    if initial is not None:
        # The model fixes the shape; an option that contradicts it is refused, as neurascore train does.
        shape = {"layers": initial.lstm.num_layers, "hidden": initial.lstm.hidden_size,
                 "embed": initial.embedding.embedding_dim}
        for name, value in shape.items():
            if getattr(args, name) not in (None, value):
                raise SystemExit(f"{args.init} has --{name} {value}, but this run asks for {getattr(args, name)}; "
                                 "leave the option out to keep the model's")
            setattr(args, name, value)
    config = settings(args, checkpoint)
    torch.set_num_threads(config["threads"] or max(1, (os.cpu_count() or 1) // local_world))
    bf16 = use_cuda and config["precision"] in ("auto", "bf16")
    if config["precision"] == "bf16" and not use_cuda:
        raise SystemExit("--precision bf16 needs a CUDA device; on CPU training runs in fp32")
    if config["batch"] % world:
        raise SystemExit(f"--batch {config['batch']} does not split over {world} processes; give a multiple of {world}")
    if not args.out.endswith(".safetensors"):
        raise SystemExit(f"--out must name a .safetensors file, got {args.out}")

    corpus = [read_tokens(path) for path in args.corpus]
    encoding = corpus[0].encoding
    for path, tokens in zip(args.corpus, corpus):
        if tokens.encoding["vocabulary"] != encoding["vocabulary"]:
            raise SystemExit(f"{path}: encoded with another vocabulary than {args.corpus[0]}")
    if initial_metadata is not None:
        check_vocabulary(encoding, initial_metadata, args.corpus[0], args.init)
    pieces = [piece for tokens in corpus for piece in tokens.pieces]
    training, validation = split_by_source(pieces, config["val_split"], config["seed"])
    for path in args.val:
        extra = read_tokens(path)
        if extra.encoding["vocabulary"] != encoding["vocabulary"]:
            raise SystemExit(f"{path}: encoded with another vocabulary than {args.corpus[0]}")
        validation += extra.pieces
    if not training:
        raise SystemExit(f"all {len(pieces)} piece(s) went to validation; lower --val-split or add pieces")
    low, high = (int(x) for x in config["transpose"].replace("...", "..").split(".."))
    sampler = WindowSampler(training, encoding, config["seq_len"], config["batch"], low, high, config["seed"])
    fingerprint = f"{len(sampler.pieces)} pieces, {sampler.positions} positions"
    if checkpoint and checkpoint["fingerprint"] != fingerprint:
        raise SystemExit(f"{args.resume} was trained on {checkpoint['fingerprint']}, this corpus has {fingerprint}")

    torch.manual_seed(config["seed"])
    model = LSTMLanguageModel(len(encoding["vocabulary"]), config["embed"], config["hidden"], config["layers"],
                              config["dropout"]).to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=config["lr"], betas=(0.9, 0.999), eps=1e-8)
    start_step, history, seconds_before = 0, [], 0.0
    initialized_from = checkpoint.get("initializedFrom") if checkpoint else args.init
    if initial is not None:
        model.load_state_dict(initial.state_dict())
    if checkpoint:
        model.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        start_step, history, seconds_before = checkpoint["step"], checkpoint["history"], checkpoint["seconds"]
        if start_step >= config["steps"]:
            raise SystemExit(f"{args.resume} has already trained {start_step} steps; pass --steps above that")
    trained = torch.nn.parallel.DistributedDataParallel(model, device_ids=[local_rank] if use_cuda else None) \
        if world > 1 else model
    rows = config["batch"] // world
    mine = slice(rank * rows, (rank + 1) * rows)
    my_validation = [p.tokens for p in validation[rank::world]]
    say(f"training {config['layers']}x{config['hidden']} (embed {config['embed']}, V {len(encoding['vocabulary'])}) "
        f"on {len(training)} piece(s), {sampler.positions} predicted tokens; validating on {len(validation)} piece(s); "
        f"{world} process(es) on {device.type}, {'bf16 autocast' if bf16 else 'fp32'}; "
        f"global batch {config['batch']}x{config['seq_len']}"
        + (f"; resuming at step {start_step}" if start_step else ""))

    def validate() -> float:
        total, count = summed_nll(model, my_validation, device)
        sums = torch.tensor([total, count], dtype=torch.float64, device=device)
        if world > 1:
            dist.all_reduce(sums)
        return float(sums[0] / sums[1])

    def save(step: int, nll: float | None, seconds: float, rate: float | None) -> None:
        if rank != 0:
            return
        checkpoint_path = args.out[: -len(".safetensors")] + ".ckpt.pt"
        temporary = f"{checkpoint_path}.tmp-{os.getpid()}"
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step,
                    "settings": config, "initializedFrom": initialized_from, "history": history,
                    "seconds": seconds, "fingerprint": fingerprint}, temporary)
        os.replace(temporary, checkpoint_path)
        save_model(model, args.out, encoding, training_record(args, config, step, training, validation, nll,
                                                              history, seconds, world, device, bf16, rate,
                                                              initialized_from))

    def global_mean(total: torch.Tensor, count: int) -> float:
        """The global batch's loss averaged over `count` steps, from this rank's `total` (all ranks call it)."""
        summed = total.detach().to(torch.float64).reshape(1)
        if world > 1:
            dist.all_reduce(summed)
        return float(summed[0]) / max(count, 1)

    started = time.time()
    # Throughput counts update time only (batch, forward, backward, all-reduce, Adam), from the
    # second step on: the first pays for warm-up, validation and saving are not training.
    timed_seconds, timed_tokens = 0.0, 0
    # Loss sums since the last log line and since the last validation, kept on the device so
    # that logging costs no synchronisation on other steps.
    zero = torch.zeros((), device=device)
    log_loss, log_count, eval_loss, eval_count = zero, 0, zero, 0
    nll = history[-1]["validationNLL"] if history else None
    rate = None
    # The next batch is drawn on a worker thread while this one trains.
    prefetch = ThreadPoolExecutor(max_workers=1)
    upcoming = prefetch.submit(sampler.batch, start_step)
    for step in range(start_step, config["steps"]):
        step_started = time.time()
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, config["lr"], config["warmup"], config["decay"], config["steps"],
                                        config["lr"] * config["final_lr_fraction"])
        tokens, weights = upcoming.result()
        if step + 1 < config["steps"]:
            upcoming = prefetch.submit(sampler.batch, step + 1)
        total_weight = float(weights.sum())
        scored = int((weights > 0).sum())
        inputs = torch.from_numpy(tokens[mine]).to(device, non_blocking=True)
        my_weights = torch.from_numpy(weights[mine]).to(device, non_blocking=True)
        # Dropout masks from (seed, step, rank) alone, so a resumed run draws what this one would.
        torch.manual_seed((config["seed"] * 1_000_003 + step) * 4099 + rank)
        with torch.autocast(device_type="cuda", dtype=torch.bfloat16, enabled=bf16):
            logits = trained(inputs[:, :-1])
        losses = torch.nn.functional.cross_entropy(
            logits.float().reshape(-1, logits.shape[-1]), inputs[:, 1:].reshape(-1), reduction="none")
        # This process's share of the global mean; DDP averages gradients over processes, hence x world.
        share = (losses * my_weights.reshape(-1)).sum() / total_weight
        optimizer.zero_grad(set_to_none=True)
        (share * world).backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        if use_cuda:
            torch.cuda.synchronize(device)
        if step > start_step:
            timed_seconds += time.time() - step_started
            timed_tokens += scored
        done = step + 1
        log_loss, log_count = log_loss + share.detach(), log_count + 1
        eval_loss, eval_count = eval_loss + share.detach(), eval_count + 1
        rate = timed_tokens / timed_seconds if timed_seconds > 0 else None
        at_end = done == config["steps"]
        if config["log_every"] and (done % config["log_every"] == 0 or at_end):
            loss = global_mean(log_loss, log_count)
            log_loss, log_count = zero, 0
            say(f"step {done}/{config['steps']} loss {loss:.4f} "
                f"lr {optimizer.param_groups[0]['lr']:.2e}" + (f" {rate:.0f} tokens/s" if rate else ""))
        if validation and (at_end or (config["eval_every"] and done % config["eval_every"] == 0)):
            nll = validate()
            history.append({"step": done, "validationNLL": nll, "trainingLoss": global_mean(eval_loss, eval_count)})
            eval_loss, eval_count = zero, 0
            say(f"step {done}: validation NLL {nll:.4f}")
        if at_end or (config["checkpoint_every"] and done % config["checkpoint_every"] == 0):
            save(done, nll, seconds_before + time.time() - started, rate)
    prefetch.shutdown()
    say(json.dumps({"steps": config["steps"], "processes": world, "device": device.type,
                    "precision": "bf16" if bf16 else "fp32", "tokensPerSecond": rate,
                    "validationNLL": nll, "model": args.out}, sort_keys=True))
    if world > 1:
        dist.destroy_process_group()


def training_record(args, config, step, training, validation, nll, history, seconds, world, device, bf16, rate,
                    initialized_from):
    """The "training" metadata in TrainingRecord.swift's shape, so `neurascore models` reads it,
    plus what only this trainer knows under "trainer"."""
    low, high = (int(x) for x in config["transpose"].replace("...", "..").split(".."))
    return {
        "corpus": args.corpus, "validationCorpus": args.val, "steps": step,
        "hyperparameters": {
            "layers": config["layers"], "hiddenSize": config["hidden"], "embeddingSize": config["embed"],
            "sequenceLength": config["seq_len"], "batchSize": config["batch"], "steps": config["steps"],
            "learningRate": config["lr"], "warmupSteps": config["warmup"], "decay": config["decay"],
            "finalLearningRateFraction": config["final_lr_fraction"], "maxGradientNorm": 1.0,
            "dropout": config["dropout"], "validationFraction": config["val_split"], "transposeLow": low,
            "transposeHigh": high, "seed": config["seed"], "checkpointEvery": config["checkpoint_every"],
            "evaluateEvery": config["eval_every"]},
        "trainingPieces": len(training), "trainingTokens": int(sum(len(p.tokens) for p in training)),
        "validationPieces": len(validation), "validationNLL": nll, "history": history,
        "trainingSeconds": seconds, "initializedFrom": initialized_from,
        "neurascoreVersion": "Scripts/train_torch.py",
        "trainer": {"name": "Scripts/train_torch.py", "torch": torch.__version__, "processes": world,
                    "device": device.type, "precision": "bf16 autocast" if bf16 else "fp32",
                    "tokensPerSecond": rate},
    }


if __name__ == "__main__":
    sys.exit(main())
