#!/usr/bin/python3
"""PyTorch as the oracle for batch-norm folding and SVD factorization: writes, into OUTDIR,
  conv_bn.dat      a Conv2d(6→10, 3×3, pad 1, bias) + BatchNorm2d(10) in eval mode with random statistics:
                   conv.weight, conv.bias, bn.weight, bn.bias, bn.running_mean, bn.running_var, input, output
                   (PyTorch's eval conv+bn), fused.weight, fused.bias (torch.nn.utils.fusion.fuse_conv_bn_eval)
  conv_nobias_bn.dat  the same without conv bias (no conv.bias entry)
  linear_bn.dat    a Linear(12→7) + BatchNorm1d(7), the same entries (fuse_linear_bn_eval)
  svd.dat          weight (40×30), bias (40), input (5×30), and for k = 10: approx_weight (U_k Σ_k V_kᵀ from
                   torch.linalg.svd in float64, cast to float32) and output (input @ approx_weightᵀ + bias)
Usage: /usr/bin/python3 make_structured_fixtures.py OUTDIR
"""
import os
import sys

import torch
from torch.nn.utils.fusion import fuse_conv_bn_eval, fuse_linear_bn_eval

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tsformat  # noqa: E402


def randomize(bn, generator):
    n = bn.num_features
    bn.running_mean.copy_(torch.randn(n, generator=generator) * 0.5)
    bn.running_var.copy_(torch.rand(n, generator=generator) + 0.5)
    bn.weight.data.copy_(torch.randn(n, generator=generator))   # negative scales too
    bn.bias.data.copy_(torch.randn(n, generator=generator) * 0.2)


def layer_bn(layer, bn, input_shape, fuse, generator):
    randomize(bn, generator)
    layer.eval()
    bn.eval()
    x = torch.randn(input_shape, generator=generator)
    with torch.no_grad():
        y = bn(layer(x))
        fused = fuse(layer, bn)
    entries = {"conv.weight" if isinstance(layer, torch.nn.Conv2d) else "linear.weight": layer.weight.detach()}
    if layer.bias is not None:
        entries["conv.bias" if isinstance(layer, torch.nn.Conv2d) else "linear.bias"] = layer.bias.detach()
    entries.update({
        "bn.weight": bn.weight.detach(), "bn.bias": bn.bias.detach(),
        "bn.running_mean": bn.running_mean, "bn.running_var": bn.running_var,
        "input": x, "output": y,
        "fused.weight": fused.weight.detach(), "fused.bias": fused.bias.detach(),
    })
    return entries


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(0)
    generator = torch.Generator().manual_seed(1)
    tsformat.save(layer_bn(torch.nn.Conv2d(6, 10, 3, padding=1), torch.nn.BatchNorm2d(10), (2, 6, 8, 8), fuse_conv_bn_eval, generator),
                  os.path.join(out_dir, "conv_bn.dat"))
    tsformat.save(layer_bn(torch.nn.Conv2d(6, 10, 3, padding=1, bias=False), torch.nn.BatchNorm2d(10), (2, 6, 8, 8),
                           fuse_conv_bn_eval, generator), os.path.join(out_dir, "conv_nobias_bn.dat"))
    tsformat.save(layer_bn(torch.nn.Linear(12, 7), torch.nn.BatchNorm1d(7), (5, 12), fuse_linear_bn_eval, generator),
                  os.path.join(out_dir, "linear_bn.dat"))

    weight = torch.randn(40, 30, generator=generator)
    bias = torch.randn(40, generator=generator)
    x = torch.randn(5, 30, generator=generator)
    u, s, vh = torch.linalg.svd(weight.double(), full_matrices=False)
    k = 10
    approx = (u[:, :k] @ torch.diag(s[:k]) @ vh[:k]).float()
    tsformat.save({"weight": weight, "bias": bias, "input": x, "approx_weight": approx, "output": x @ approx.T + bias},
                  os.path.join(out_dir, "svd.dat"))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
