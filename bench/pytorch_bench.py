#!/usr/bin/python3
"""The PyTorch side of the benchmarks (Debian's python3-torch with OpenBLAS: 1.13 on Debian 12, 2.x on Debian 13
through bench/debian13-anchor.sh), the same workloads as bench/FasterSharp.Bench, timed the same way.

Usage: /usr/bin/python3 bench/pytorch_bench.py MODE --threads T [--steps N] [--batch B] [--images N] [--data DIR]
                                             [--memory-format nchw|channels-last]
Modes:
  train   N Adam steps of the benchmark CNN on Fashion-MNIST batches of 128 (batches made before timing)
  infer   N forward passes in eval mode under no_grad at batch size B, after 50 warm-up passes
  epoch   one training epoch (batch 128, shuffled, normalized per batch) with a plain PyTorch loop over
          --images training images (default all 60,000), then a validation pass over 128 images (as the
          Learner does)
  blas    only reports PyTorch's version, oneDNN version, ATen CPU capability and the BLAS it loaded (below)
--memory-format channels-last runs the model and the batches in torch.channels_last.
Prints one JSON line: {"mode", "seconds" (the timed section only, after a warm-up), "threads", "blas"}.

Debian's PyTorch calls whatever libblas.so.3 the system selects. The reference BLAS (package libblas3, in the
folder blas/ of the multiarch library folder: /usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0 on Debian 12,
.../blas/libblas.so.3.12.1 on Debian 13) is ~17x slower at sgemm than OpenBLAS and would flatter the C# side, so
every mode first finds the BLAS libraries actually mapped into this process after a matmul and refuses (exit 3)
to run when the reference one is among them. Debian 13's PyTorch also links libopenblas.so.0 directly, so there
OpenBLAS is mapped even when libblas.so.3 selects the reference BLAS: its presence proves nothing, the reference
one's does. environment/setup.sh installs libopenblas0-pthread (bench/debian13-anchor.sh in its tree).
OpenBLAS's own thread pool is limited to --threads (OPENBLAS_NUM_THREADS, set before torch loads).
"""
import argparse
import gzip
import json
import os
import re
import sys
import time

MEAN, STD = 0.2860, 0.3530
# Debian's reference BLAS (libblas3) lives in <multiarch library folder>/blas/ on every release and architecture;
# OpenBLAS and BLIS live in openblas-pthread/, blis-openmp/, ... beside it. The name of the folder is what tells.
REFERENCE_BLAS_FOLDER = "blas"


def parse_args(argv):
    p = argparse.ArgumentParser(description="The PyTorch side of bench/compare.py.")
    p.add_argument("mode", choices=["train", "infer", "epoch", "blas"])
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--steps", type=int, default=50)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--images", type=int, default=None)
    p.add_argument("--data", default=os.environ.get("FASTERSHARP_DATA") or "/usr/share/datasets/fashion-mnist")
    p.add_argument("--memory-format", choices=["nchw", "channels-last"], default="nchw")
    a = p.parse_args(argv)
    for name in ("threads", "steps", "batch", "images"):
        value = getattr(a, name)
        if value is not None and value <= 0:
            p.error(f"--{name} must be positive, got {value}")
    return a


def loaded_blas(torch):
    """The BLAS shared libraries mapped into this process after a float32 matmul (real paths, sorted)."""
    a = torch.randn(64, 64)
    (a @ a).sum().item()
    libraries = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            fields = line.split()
            if len(fields) < 6:
                continue
            path = fields[5]
            name = os.path.basename(path)
            if name.startswith(("libblas.so", "libopenblas", "libmkl_rt", "libblis")):
                libraries.add(os.path.realpath(path))
    return sorted(libraries)


def check_blas(torch):
    """Returns a one-line description of the BLAS in use; exits with status 3 on the reference BLAS."""
    libraries = loaded_blas(torch)
    reference = [path for path in libraries if os.path.basename(os.path.dirname(path)) == REFERENCE_BLAS_FOLDER]
    if reference:
        print(
            f"pytorch_bench: REFUSED: PyTorch {torch.__version__} runs on the reference BLAS ({reference[0]}),\n"
            "about 17x slower at sgemm than OpenBLAS, which would flatter the C# side. Install OpenBLAS\n"
            "(sudo apt-get install libopenblas0-pthread, or: sudo bash environment/setup.sh), or select it with\n"
            "sudo update-alternatives --config libblas.so.3-x86_64-linux-gnu, then rerun.", file=sys.stderr)
        sys.exit(3)
    if not libraries:
        return "no BLAS library mapped (linked statically?)"
    return ", ".join(libraries)


def native_kernels(torch):
    """oneDNN's version and ATen's vectorized-kernel level, from the build summary (1.13 and 2.x print both)."""
    config = torch.__config__.show()
    onednn = re.search(r"MKL-DNN v([0-9.]+)", config)
    capability = re.search(r"CPU capability usage: (\S+)", config)
    return (f"oneDNN {onednn.group(1) if onednn else 'not built in'}, "
            f"ATen CPU capability {capability.group(1) if capability else 'unknown'}")


def block(nn, cin, cout):
    return [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(), nn.MaxPool2d(2)]


def benchmark_cnn(nn):
    """FasterSharp's SmallCnns.BenchmarkCnn, layer for layer."""
    return nn.Sequential(*block(nn, 1, 32), *block(nn, 32, 64), *block(nn, 64, 128), nn.Flatten(),
                         nn.Linear(1152, 256), nn.ReLU(), nn.Linear(256, 10))


def read_idx(np, path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def main(argv):
    a = parse_args(argv)
    # Before torch (and OpenBLAS) load: OpenBLAS sizes its thread pool once, from the environment.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        os.environ.setdefault(variable, str(a.threads))
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    torch.set_num_threads(a.threads)
    blas = check_blas(torch)
    if a.mode == "blas":
        print(f"PyTorch {torch.__version__} ({native_kernels(torch)}), BLAS: {blas}")
        return 0

    torch.manual_seed(0)
    images = torch.from_numpy(read_idx(np, os.path.join(a.data, "train-images-idx3-ubyte.gz")).copy()).unsqueeze(1)
    labels = torch.from_numpy(read_idx(np, os.path.join(a.data, "train-labels-idx1-ubyte.gz")).astype(np.int64))
    model = benchmark_cnn(nn)
    layout = torch.channels_last if a.memory_format == "channels-last" else torch.contiguous_format
    model = model.to(memory_format=layout)
    g = torch.Generator().manual_seed(0)

    def make_batch(idx):
        return ((images[idx].float() / 255.0 - MEAN) / STD).contiguous(memory_format=layout), labels[idx]

    def train_steps(opt, batches):
        model.train()
        for x, y in batches:
            loss = F.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()

    if a.mode == "train":
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        perm = torch.randperm(len(labels), generator=g)
        batches = [make_batch(perm[i * 128:(i + 1) * 128]) for i in range(a.steps)]
        train_steps(opt, batches[:5])  # warm-up
        start = time.perf_counter()
        train_steps(opt, batches)
        seconds = time.perf_counter() - start
    elif a.mode == "infer":
        model.eval()
        x, _ = make_batch(torch.arange(a.batch))
        with torch.no_grad():
            for _ in range(50):
                model(x)
            start = time.perf_counter()
            for _ in range(a.steps):
                model(x)
            seconds = time.perf_counter() - start
    else:
        count = min(a.images or len(labels), len(labels))
        data = torch.randperm(len(labels), generator=torch.Generator().manual_seed(3))[:count]
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        warm = torch.randperm(len(labels), generator=g)[:5 * 128]
        train_steps(opt, [make_batch(warm[i * 128:(i + 1) * 128]) for i in range(5)])
        start = time.perf_counter()
        model.train()
        perm = data[torch.randperm(count, generator=g)]
        total = 0.0
        for i in range(0, count, 128):
            x, y = make_batch(perm[i:i + 128])
            loss = F.cross_entropy(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()  # the Learner records every batch's loss
        # The Learner validates after the epoch (here on 128 images), so the plain loop does too.
        model.eval()
        with torch.no_grad():
            x, y = make_batch(torch.randperm(len(labels), generator=torch.Generator().manual_seed(1))[:128])
            F.cross_entropy(model(x), y).item()
        seconds = time.perf_counter() - start
    print(json.dumps({"mode": a.mode, "seconds": seconds, "threads": torch.get_num_threads(), "blas": blas}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
