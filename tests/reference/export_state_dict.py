"""Exports PyTorch weights in TorchSharp's format (loadable with Module.load here and in TorchSharp).

Usage:
    /usr/bin/python3 tests/reference/export_state_dict.py SOURCE OUT.dat [--seed N]

SOURCE is one of
    path/to/file.pt|.pth     a torch.save'd state_dict (or a whole module, or a checkpoint dict
                             holding "state_dict" / "model_state_dict")
    torchvision:NAME         a freshly initialized torchvision model, e.g. torchvision:resnet18
                             (seeded with --seed, default 0; no download)

From Python code, call tsformat.save_state_dict(module, "out.dat") directly.
Keys are PyTorch's state_dict names (parameters and buffers, num_batches_tracked included).
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tsformat  # noqa: E402


def load_source(source, seed):
    if source.startswith("torchvision:"):
        import torchvision
        torch.manual_seed(seed)
        return torchvision.models.__dict__[source.split(":", 1)[1]]().state_dict()
    obj = torch.load(source, map_location="cpu")
    if isinstance(obj, torch.nn.Module):
        return obj.state_dict()
    for key in ("state_dict", "model_state_dict", "model"):
        if isinstance(obj, dict) and isinstance(obj.get(key), dict):
            return obj[key]
    if isinstance(obj, dict) and all(isinstance(v, torch.Tensor) for v in obj.values()):
        return obj
    raise SystemExit(f"{source}: not a state_dict, a module or a checkpoint holding one")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    state = load_source(args.source, args.seed)
    tsformat.save(state, args.out)
    total = sum(t.numel() for t in state.values())
    print(f"wrote {len(state)} tensors ({total} elements) to {args.out}")


if __name__ == "__main__":
    main()
