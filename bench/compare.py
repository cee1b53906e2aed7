#!/usr/bin/python3
"""C# (FasterSharp on TorchSharp 0.107, LibTorch 2.10) against Debian's PyTorch with OpenBLAS, the same workloads
and thread count, each side in its own process, runs interleaved (the order rotates each run), medians; prints a
table with the ratios C#/PyTorch, one per PyTorch anchor, and the targets.

Usage: /usr/bin/python3 bench/compare.py [--threads T] [--runs R] [--only train,infer1,infer256,epoch] [--quick]
                                       [--onednn guarded|capped|on] [--memory-format nchw|channels-last]
                                       [--malloc fastersharp|glibc] [--anchor debian12|debian13|both]
  --threads  intra-op threads on both sides (default 2); OpenBLAS and OpenMP pools are limited to it too
  --runs     runs per side and case (default 5; the epoch case runs min(R, 3) times)
  --onednn   guarded (default): the C# side calls ConvolutionSafety.Ensure() first, as tutorials and tests do, which
             caps oneDNN at its SSE4.1 kernels only where its check finds the oneDNN 3.7.1 fault (README, known
             issues); capped: the cap forced (FASTERSHARP_ONEDNN_VERDICT=faulty); on: oneDNN as LibTorch ships it
  --memory-format  the C# side's layout: nchw (default, as the tutorials run) or channels-last
The PyTorch side runs in its fastest honest configuration: for each case, one calibration run of each of
OPENBLAS_NUM_THREADS=1 and =T (OpenBLAS's pool and PyTorch's OpenMP pool together oversubscribe the cores) and of
NCHW and channels-last; the fastest is kept for the timed runs and printed. The epoch case trains the same network on
the same batches as the train case, so it is calibrated on the train case's workload (a tenth of the time).
  --malloc   fastersharp (default): both sides run with the glibc malloc tunables of environment/malloc.env, which
             environment/dotnet sets for every .NET process; glibc: both sides with glibc's defaults
  --anchor   which PyTorch the C# side is compared with: debian12, the system's /usr/bin/python3 with Debian 12's
             python3-torch 1.13 (oneDNN 2.6); debian13, Debian 13's python3-torch 2.x (oneDNN 3.7) in the private tree
             of bench/debian13-anchor.sh (root; made once, a few minutes, about 1.3 GB, nothing installed on the
             system but debootstrap); both. Default: both, making the tree first when it is missing and this runs
             as root, because a table against 1.13 alone says nothing about a current PyTorch. Only when the tree
             can be neither found nor made does the default fall back to debian12, and then says so on stderr and
             in the table's heading. An anchor asked for by name is never dropped: failing to make it is an error.
  --quick    a functional check: a tenth of the steps and a 2,560-image epoch; the ratios are then not
             comparable with the targets
First checks that each anchor's PyTorch runs on OpenBLAS (pytorch_bench.py refuses the reference BLAS) and prints
its version, oneDNN version and BLAS, then builds bench/FasterSharp.Bench with environment/dotnet (Release) and runs
it through environment/dotnet. Each anchor is calibrated separately; the C# times are shared by both ratios.
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
ANCHOR_SCRIPT = os.path.join(ROOT, "bench", "debian13-anchor.sh")
# How each anchor starts pytorch_bench.py. Inside the Debian 13 tree the repository is mounted at /src.
ANCHORS = {
    "debian12": [PYTHON, PYTORCH_BENCH],
    "debian13": ["bash", ANCHOR_SCRIPT, "--", "/usr/bin/python3", "/src/bench/pytorch_bench.py"],
}

# name: (mode, arguments, arguments in --quick, what is timed, target ratio C#/PyTorch)
CASES = {
    "train": ("train", ["--steps", "80"], ["--steps", "8"],
              "80 Adam steps of the benchmark CNN on Fashion-MNIST batches of 128", 0.95),
    "infer1": ("infer", ["--batch", "1", "--steps", "1500"], ["--batch", "1", "--steps", "150"],
               "1,500 forward passes at batch 1 (eval, no_grad) after 50 warm-up passes", 0.80),
    "infer256": ("infer", ["--batch", "256", "--steps", "40"], ["--batch", "256", "--steps", "4"],
                 "40 forward passes at batch 256 (eval, no_grad) after 50 warm-up passes", 0.95),
    "epoch": ("epoch", [], ["--images", "2560"],
              "one epoch (469 batches of 128) through the Learner vs a plain PyTorch loop", 0.95),
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


def fastest_pytorch(anchor, common, env, threads):
    """One run of each PyTorch configuration (OpenBLAS threads 1 or T, NCHW or channels-last); the fastest wins."""
    timings = {}
    for blas_threads in sorted({1, threads}):
        for layout in ("nchw", "channels-last"):
            config_env = dict(env, OPENBLAS_NUM_THREADS=str(blas_threads))
            result = run([*ANCHORS[anchor], *common, "--memory-format", layout], config_env)
            timings[(blas_threads, layout)] = round(result["seconds"], 3)
    best = min(timings, key=timings.get)
    return best, dict(env, OPENBLAS_NUM_THREADS=str(best[0])), timings


def debian13_tree():
    """None when the Debian 13 tree is ready (made first when missing), else why it is not."""
    check = subprocess.run(["bash", ANCHOR_SCRIPT, "--check"], cwd=ROOT)
    if check.returncode == 0:
        return None
    if os.geteuid() != 0:
        return "its tree is not there, and making it (debootstrap, chroot) needs root"
    print("compare: making the Debian 13 anchor's tree (once, a few minutes): bash bench/debian13-anchor.sh --build",
          file=sys.stderr)
    made = subprocess.run(["bash", ANCHOR_SCRIPT, "--build"], cwd=ROOT)  # its progress and errors go to stderr
    return None if made.returncode == 0 else f"bench/debian13-anchor.sh --build failed (exit {made.returncode})"


def choose_anchors(choice):
    """The anchors to run and, when the default had to drop the Debian 13 one, why."""
    if choice == "debian12":
        return ["debian12"], None
    if choice in ("debian13", "both"):
        missing = debian13_tree()
        if missing:
            sys.exit(f"compare: --anchor {choice}: the Debian 13 anchor is unavailable: {missing}")
        return (["debian13"] if choice == "debian13" else ["debian12", "debian13"]), None
    missing = debian13_tree()
    if missing:
        note = (f"the Debian 13 anchor (PyTorch 2.x) is left out: {missing}; "
                "this table compares with PyTorch 1.13 only (bench/debian13-anchor.sh --build, as root, adds it)")
        print(f"compare: NOTE: {note}", file=sys.stderr)
        return ["debian12"], note
    return ["debian12", "debian13"], None


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--only", default=",".join(CASES))
    p.add_argument("--quick", action="store_true")
    p.add_argument("--onednn", choices=["guarded", "capped", "on"], default="guarded")
    p.add_argument("--memory-format", choices=["nchw", "channels-last"], default="nchw")
    p.add_argument("--malloc", choices=["fastersharp", "glibc"], default="fastersharp")
    p.add_argument("--anchor", choices=["debian12", "debian13", "both"], default=None)
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

    anchors, dropped = choose_anchors(a.anchor)
    versions = {}
    for anchor in anchors:
        blas = subprocess.run([*ANCHORS[anchor], "blas", "--threads", str(a.threads)],
                              capture_output=True, text=True, cwd=ROOT, env=env)
        if blas.returncode != 0:
            sys.exit(blas.stderr.strip() or f"compare: the {anchor} anchor's blas check failed (exit {blas.returncode})")
        versions[anchor] = blas.stdout.strip().splitlines()[-1]
        print(f"PyTorch side, {anchor}: {versions[anchor]}", file=sys.stderr)

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
        sides = [("C#", cs_command, env, [])]
        configs = {}
        calibrate = common if mode != "epoch" else ["train", "--threads", str(a.threads), *CASES["train"][2 if a.quick else 1]]
        for anchor in anchors:
            py_config, py_env, calibration = fastest_pytorch(anchor, calibrate, env, a.threads)
            print(f"{name}: PyTorch {anchor} calibration {calibration} -> {py_config}", file=sys.stderr)
            configs[anchor] = py_config
            sides.append((anchor, [*ANCHORS[anchor], *common, "--memory-format", py_config[1]], py_env, []))
        for i in range(runs):
            # The order rotates, so every side runs first, in the middle and last equally often (two sides:
            # it alternates).
            shift = i % len(sides)
            for side, command, side_env, times in sides[shift:] + sides[:shift]:
                result = run(command, side_env)
                if result["threads"] != a.threads:
                    sys.exit(f"compare: the {side} side ran with {result['threads']} threads, not {a.threads}")
                times.append(result["seconds"])
            loads.append(os.getloadavg()[0])
        medians = {side: statistics.median(times) for side, _, _, times in sides}
        rows.append((name, medians, target, runs, configs))
        print(f"{name}: " + "  ".join(f"{side} {[round(x, 3) for x in times]}" for side, _, _, times in sides),
              file=sys.stderr)

    quick_note = " QUICK (fewer steps: not comparable with the targets)" if a.quick else ""
    print(f"threads={a.threads}, median seconds of the timed section{quick_note}; C#: --onednn {a.onednn}, "
          f"--memory-format {a.memory_format}; all sides: GLIBC_TUNABLES={env['GLIBC_TUNABLES'] or '(glibc defaults)'}; "
          f"1-minute load average during the runs: {min(loads):.2f}–{max(loads):.2f}")
    for anchor in anchors:
        print(f"- PyTorch anchor {anchor}: {versions[anchor]}")
    if dropped:
        print(f"- NOTE: {dropped}")
    # The target holds against the faster anchor of each case (the fairest comparison there is).
    print("| case | C# (s) | " + " | ".join(f"{anchor} (s) | C#/{anchor}" for anchor in anchors) +
          " | target (vs the faster anchor) | runs | PyTorch's fastest configuration |")
    print("| --- | --- | " + " | ".join("--- | ---" for _ in anchors) + " | --- | --- | --- |")
    for name, medians, target, runs, configs in rows:
        cells = []
        for anchor in anchors:
            ratio = medians["C#"] / medians[anchor]
            cells.append(f"{medians[anchor]:.3f} | {ratio:.3f}")
        worst = medians["C#"] / min(medians[anchor] for anchor in anchors)
        verdict = "" if a.quick else (f" {worst:.3f} ok" if worst <= target else f" {worst:.3f} OVER")
        fastest = "; ".join(f"{anchor}: OPENBLAS_NUM_THREADS={configs[anchor][0]}, {configs[anchor][1]}"
                            for anchor in anchors)
        print(f"| `{name}` | {medians['C#']:.3f} | {' | '.join(cells)} | ≤ {target:.2f}{verdict} | {runs} | {fastest} |")


if __name__ == "__main__":
    main()
