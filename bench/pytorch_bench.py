#!/usr/bin/python3
"""The PyTorch side of the benchmarks (Debian's torch, the same LibTorch our binding uses).

Usage: pytorch_bench.py MODE --threads T [--steps N] [--batch B] [--data DIR]
Modes:
  train   N Adam steps of the benchmark CNN on Fashion-MNIST batches of 128 (batches made before timing)
  infer   N forward passes in eval mode under no_grad at batch size B
  epoch   one full training epoch (batch 128, shuffled, normalized per batch) with a plain PyTorch loop,
          then a validation pass over 128 images (as the Learner does)
Prints one JSON line: {"mode": ..., "seconds": ...} (the timed section only, after a warm-up).
"""
import argparse, gzip, json, os, time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MEAN, STD = 0.2860, 0.3530


def block(cin, cout):
    return [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(), nn.MaxPool2d(2)]


def benchmark_cnn():
    return nn.Sequential(*block(1, 32), *block(32, 64), *block(64, 128), nn.Flatten(),
                         nn.Linear(1152, 256), nn.ReLU(), nn.Linear(256, 10))


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(folder, train=True):
    prefix = "train" if train else "t10k"
    images = torch.from_numpy(read_idx(os.path.join(folder, f"{prefix}-images-idx3-ubyte.gz")).copy()).unsqueeze(1)
    labels = torch.from_numpy(read_idx(os.path.join(folder, f"{prefix}-labels-idx1-ubyte.gz")).astype(np.int64))
    return images, labels


def make_batch(images, labels, idx):
    x = (images[idx].float() / 255.0 - MEAN) / STD
    return x, labels[idx]


def train_steps(model, opt, batches):
    for x, y in batches:
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["train", "infer", "epoch"])
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--steps", type=int, default=50)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--data", default=os.environ.get("FASTERSHARP_DATA") or "/usr/share/datasets/fashion-mnist")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    images, labels = load(a.data)
    model = benchmark_cnn()
    g = torch.Generator().manual_seed(0)
    if a.mode == "train":
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        perm = torch.randperm(len(labels), generator=g)
        batches = [make_batch(images, labels, perm[i * 128:(i + 1) * 128]) for i in range(a.steps)]
        train_steps(model, opt, batches[:5])  # warm-up
        start = time.perf_counter()
        train_steps(model, opt, batches)
        seconds = time.perf_counter() - start
    elif a.mode == "infer":
        model.eval()
        x, _ = make_batch(images, labels, torch.arange(a.batch))
        with torch.no_grad():
            for _ in range(50):
                model(x)
            start = time.perf_counter()
            for _ in range(a.steps):
                model(x)
            seconds = time.perf_counter() - start
    else:
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        warm = torch.randperm(len(labels), generator=g)[:5 * 128]
        train_steps(model, opt, [make_batch(images, labels, warm[i * 128:(i + 1) * 128]) for i in range(5)])
        start = time.perf_counter()
        model.train()
        perm = torch.randperm(len(labels), generator=g)
        total = 0.0
        for i in range(0, len(labels), 128):
            x, y = make_batch(images, labels, perm[i:i + 128])
            loss = F.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
        # The Learner validates after the epoch (here on 128 images), so the plain loop does too.
        model.eval()
        with torch.no_grad():
            x, y = make_batch(images, labels, torch.randperm(len(labels), generator=torch.Generator().manual_seed(1))[:128])
            F.cross_entropy(model(x), y).item()
        seconds = time.perf_counter() - start
    print(json.dumps({"mode": a.mode, "seconds": seconds, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
