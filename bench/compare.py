#!/usr/bin/python3
"""C# (FasterSharp on TorchSharp 0.107, LibTorch 2.10) against Debian's PyTorch 1.13 with OpenBLAS, the
same workloads and thread count, each side in its own process, runs interleaved (the order alternates
each run), medians; prints a table with the ratios C#/PyTorch and the targets.

Usage: /usr/bin/python3 bench/compare.py [--threads T] [--runs R] [--only train,infer1,infer256,epoch] [--quick]
                                       [--onednn guarded|capped|on] [--memory-format nchw|channels-last]
                                       [--malloc fastersharp|glibc]
  --threads  intra-op threads on both sides (default 2); OpenBLAS and OpenMP pools are limited to it too
  --runs     runs per side and case (default 5; the epoch case runs min(R, 3) times)
  --onednn   guarded (default): the C# side calls ConvolutionSafety.Ensure() first, as tutorials and tests do, which
             caps oneDNN at its SSE4.1 kernels only where its check finds the oneDNN 3.7.1 fault (README, known
             issues); capped: the cap forced (FASTERSHARP_ONEDNN_VERDICT=faulty); on: oneDNN as LibTorch ships it
  --memory-format  the C# side's layout: nchw (default, as the tutorials run) or channels-last
The PyTorch side runs in its fastest honest configuration: for each case, one calibration run of each of
OPENBLAS_NUM_THREADS=1 and =T (OpenBLAS's pool and PyTorch's OpenMP pool together oversubscribe the cores) and of
NCHW and channels-last; the fastest is kept for the timed runs and printed.
  --malloc   fastersharp (default): both sides run with the glibc malloc tunables of environment/malloc.env, which
             environment/dotnet sets for every .NET process; glibc: both sides with glibc's defaults
  --quick    a functional check: a tenth of the steps and a 2,560-image epoch; the ratios are then not
             comparable with the targets
First checks that PyTorch runs on OpenBLAS (pytorch_bench.py refuses the reference BLAS), then builds
bench/FasterSharp.Bench with environment/dotnet (Release) and runs it through environment/dotnet.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOTNET = os.path.join(ROOT, "environment", "dotnet")
PYTHON = "/usr/bin/python3"  # Debian's python3-torch, never a pyenv/venv python3 on the PATH
BENCH_DLL = os.path.join(ROOT, "bench", "FasterSharp.Bench", "bin", "Release", "net10.0", "FasterSharp.Bench.dll")
PYTORCH_BENCH = os.path.join(ROOT, "bench", "pytorch_bench.py")

# name: (mode, arguments, arguments in --quick, what is timed, target ratio C#/PyTorch)
CASES = {
    "train": ("train", ["--steps", "80"], ["--steps", "8"],
              "80 Adam steps of the benchmark CNN on Fashion-MNIST batches of 128", 0.90),
    "infer1": ("infer", ["--batch", "1", "--steps", "1500"], ["--batch", "1", "--steps", "150"],
               "1,500 forward passes at batch 1 (eval, no_grad) after 50 warm-up passes", 0.25),
    "infer256": ("infer", ["--batch", "256", "--steps", "40"], ["--batch", "256", "--steps", "4"],
                 "40 forward passes at batch 256 (eval, no_grad) after 50 warm-up passes", 0.95),
    "epoch": ("epoch", [], ["--images", "2560"],
              "one epoch (469 batches of 128) through the Learner vs a plain PyTorch loop", 0.90),
}
MAX_EPOCH_RUNS = 3


def malloc_tunables():
    """The GLIBC_TUNABLES value of environment/malloc.env, the one environment/dotnet sets."""
    with open(os.path.join(ROOT, "environment", "malloc.env")) as f:
        for line in f:
            if line.startswith("GLIBC_TUNABLES="):
                return line.strip().split("=", 1)[1]
    sys.exit("compare: environment/malloc.env has no GLIBC_TUNABLES line")


def run(command, env):
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
    if result.returncode != 0:
        sys.exit(f"compare: {' '.join(command)} failed (exit {result.returncode}):\n{result.stderr}{result.stdout}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def fastest_pytorch(common, env, threads):
    """One run of each PyTorch configuration (OpenBLAS threads 1 or T, NCHW or channels-last); the fastest wins."""
    timings = {}
    for blas_threads in sorted({1, threads}):
        for layout in ("nchw", "channels-last"):
            config_env = dict(env, OPENBLAS_NUM_THREADS=str(blas_threads))
            result = run([PYTHON, PYTORCH_BENCH, *common, "--memory-format", layout], config_env)
            timings[(blas_threads, layout)] = round(result["seconds"], 3)
    best = min(timings, key=timings.get)
    return best, dict(env, OPENBLAS_NUM_THREADS=str(best[0])), timings


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--only", default=",".join(CASES))
    p.add_argument("--quick", action="store_true")
    p.add_argument("--onednn", choices=["guarded", "capped", "on"], default="guarded")
    p.add_argument("--memory-format", choices=["nchw", "channels-last"], default="nchw")
    p.add_argument("--malloc", choices=["fastersharp", "glibc"], default="fastersharp")
    a = p.parse_args()
    names = [n for n in a.only.split(",") if n]
    unknown = [n for n in names if n not in CASES]
    if unknown or not names:
        p.error(f"--only: unknown case(s) {', '.join(unknown) or '(none given)'}; known: {', '.join(CASES)}")
    if a.threads <= 0 or a.runs <= 0:
        p.error("--threads and --runs must be positive")

    # Same thread pools on both sides: OpenMP (LibTorch), MKL (TorchSharp's LibTorch), OpenBLAS (Debian's).
    env = dict(os.environ, OMP_NUM_THREADS=str(a.threads), MKL_NUM_THREADS=str(a.threads),
               OPENBLAS_NUM_THREADS=str(a.threads), DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1")
    env.pop("PYTHONPATH", None)
    env.pop("ONEDNN_MAX_CPU_ISA", None)
    # The same allocator settings on both sides (an empty value keeps environment/dotnet from setting its own).
    env["GLIBC_TUNABLES"] = malloc_tunables() if a.malloc == "fastersharp" else ""

    blas = subprocess.run([PYTHON, PYTORCH_BENCH, "blas", "--threads", str(a.threads)],
                          capture_output=True, text=True, cwd=ROOT, env=env)
    if blas.returncode != 0:
        sys.exit(blas.stderr.strip() or f"compare: {PYTORCH_BENCH} blas failed (exit {blas.returncode})")
    print(f"PyTorch side: {blas.stdout.strip()}", file=sys.stderr)

    build = subprocess.run([DOTNET, "build", "bench/FasterSharp.Bench", "-c", "Release", "--nologo", "-v", "quiet"],
                           capture_output=True, text=True, cwd=ROOT, env=env)
    if build.returncode != 0:
        sys.exit(f"compare: building bench/FasterSharp.Bench failed:\n{build.stdout}{build.stderr}")

    rows = []
    loads = [os.getloadavg()[0]]
    for name in names:
        mode, full, quick, _, target = CASES[name]
        common = [mode, "--threads", str(a.threads), *(quick if a.quick else full)]
        cs_command = [DOTNET, BENCH_DLL, *common, "--onednn", a.onednn, "--memory-format", a.memory_format]
        runs = min(a.runs, MAX_EPOCH_RUNS) if mode == "epoch" else a.runs
        py_config, py_env, calibration = fastest_pytorch(common, env, a.threads)
        print(f"{name}: PyTorch calibration {calibration} -> {py_config}", file=sys.stderr)
        py_command = [PYTHON, PYTORCH_BENCH, *common, "--memory-format", py_config[1]]
        cs, py = [], []
        for i in range(runs):
            sides = [("C#", cs_command, cs, env), ("PyTorch", py_command, py, py_env)]
            for side, command, times, side_env in (sides if i % 2 == 0 else sides[::-1]):
                result = run(command, side_env)
                if result["threads"] != a.threads:
                    sys.exit(f"compare: the {side} side ran with {result['threads']} threads, not {a.threads}")
                times.append(result["seconds"])
            loads.append(os.getloadavg()[0])
        c, t = statistics.median(cs), statistics.median(py)
        rows.append((name, c, t, c / t, target, runs, py_config))
        print(f"{name}: C# {[round(x, 3) for x in cs]}  PyTorch {[round(x, 3) for x in py]}", file=sys.stderr)

    quick_note = " QUICK (fewer steps: not comparable with the targets)" if a.quick else ""
    print(f"threads={a.threads}, median seconds of the timed section{quick_note}; C#: --onednn {a.onednn}, "
          f"--memory-format {a.memory_format}; both sides: GLIBC_TUNABLES={env['GLIBC_TUNABLES'] or '(glibc defaults)'}; "
          f"PyTorch BLAS: {blas.stdout.strip()}; 1-minute load average during the runs: {min(loads):.2f}–{max(loads):.2f}")
    print("| case | C# (s) | PyTorch (s) | ratio | target | runs | PyTorch's fastest configuration |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, c, t, ratio, target, runs, (blas_threads, layout) in rows:
        verdict = "" if a.quick else (" ok" if ratio <= target else " OVER")
        print(f"| `{name}` | {c:.3f} | {t:.3f} | {ratio:.3f} | ≤ {target:.2f}{verdict} | {runs} | "
              f"OPENBLAS_NUM_THREADS={blas_threads}, {layout} |")


if __name__ == "__main__":
    main()
