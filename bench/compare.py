#!/usr/bin/python3
"""Runs the C# and the PyTorch side of each benchmark interleaved (C#, Python, C#, Python, ...), each in
its own process with the same thread count, and prints the median time of each and the ratio C#/PyTorch.

Usage: /usr/bin/python3 bench/compare.py [--threads T] [--runs R] [--only train,infer1,infer256,epoch]
Build first: dotnet build bench/FasterSharp.Bench -c Release (the script does it).
"""
import argparse, json, os, statistics, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = {
    # name: (mode, extra arguments, target ratio)
    "train": ("train", ["--steps", "80"], 1.05),
    "infer1": ("infer", ["--batch", "1", "--steps", "1500"], 1.05),
    "infer256": ("infer", ["--batch", "256", "--steps", "40"], 1.05),
    "epoch": ("epoch", [], 1.10),
}


def run(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])["seconds"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--only", default=",".join(CASES))
    a = p.parse_args()
    subprocess.run(["dotnet", "build", "bench/FasterSharp.Bench", "-c", "Release", "--nologo", "-v", "quiet"],
                   check=True, cwd=ROOT)
    dll = os.path.join(ROOT, "bench/FasterSharp.Bench/bin/Release/net10.0/FasterSharp.Bench.dll")
    rows = []
    for name in a.only.split(","):
        mode, extra, target = CASES[name]
        common = [mode, "--threads", str(a.threads), *extra]
        cs, py = [], []
        for _ in range(a.runs):
            cs.append(run(["dotnet", dll, *common]))
            py.append(run(["/usr/bin/python3", os.path.join(ROOT, "bench/pytorch_bench.py"), *common]))
        c, t = statistics.median(cs), statistics.median(py)
        rows.append((name, c, t, c / t, target))
        print(f"{name}: C# {[round(x, 3) for x in cs]}  PyTorch {[round(x, 3) for x in py]}", file=sys.stderr)
    print(f"threads={a.threads} runs={a.runs} (median seconds of the timed section)")
    print(f"{'case':<10} {'C#':>9} {'PyTorch':>9} {'ratio':>7} {'target':>7}")
    for name, c, t, r, target in rows:
        print(f"{name:<10} {c:9.3f} {t:9.3f} {r:7.3f} {'<= ' + str(target):>7} {'ok' if r <= target else 'OVER'}")


if __name__ == "__main__":
    main()
