"""Writes PyTorch 1.13's int8 quantization results for the Quantize oracle tests (tests/FasterSharp.Tests/Quantize).

Usage: /usr/bin/python3 tests/reference/make_quant_fixtures.py OUTDIR

Writes OUTDIR/quant.json: {"torch_version", "observers": [...], "fake_quant": [...]}. Every tensor is a flat list of
float32 values (exact in JSON) with its shape. Deterministic (seeded per case); ~1 s after torch's import.

observers: {"name", "kind" (minmax | moving_average | per_channel | percentile), "dtype" (qint8 | quint8),
  "qscheme" (per_tensor_affine | per_tensor_symmetric | per_channel_affine | per_channel_symmetric), "reduce_range",
  "quant_min", "quant_max" (null unless customized), "averaging_constant", "percentile", "ch_axis",
  "batches": [{"shape", "values"}], "min", "max" (lists), "scale", "zero_point" (lists)}
  minmax / moving_average / per_channel: torch.ao.quantization's MinMaxObserver, MovingAverageMinMaxObserver,
  PerChannelMinMaxObserver fed the batches in order. percentile: the mean over batches of torch.quantile(batch,
  1 - p/100) and torch.quantile(batch, p/100), turned into parameters by MinMaxObserver._calculate_qparams.
fake_quant: {"name", "per_channel", "axis", "quant_min", "quant_max", "scale", "zero_point" (lists), "input",
  "grad_output", "output", "grad_input" ({"shape","values"}), "int_repr" (quantize_per_tensor/per_channel(...).int_repr())}
"""
import json
import os
import sys
import zlib

import torch
from torch.ao.quantization.observer import (MinMaxObserver, MovingAverageMinMaxObserver,
                                            PerChannelMinMaxObserver)

SEED = 1813
torch.set_num_threads(1)


def gen(name):
    return torch.Generator().manual_seed(SEED + zlib.crc32(name.encode()))


def flat(t):
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "values": [float(v) for v in t.flatten().tolist()]}


def dtype_of(name):
    return {"qint8": torch.qint8, "quint8": torch.quint8}[name]


def qscheme_of(name):
    return getattr(torch, name)


def batches_for(name, count, shape, shift=0.0, spread=1.0, outlier=None):
    g = gen(name)
    result = []
    for i in range(count):
        x = torch.randn(*shape, generator=g) * spread + shift
        if outlier is not None and i == 1:
            x.view(-1)[3] = outlier
        result.append(x)
    return result


def observer_case(name, kind, dtype, qscheme, batches, reduce_range=False, quant_min=None, quant_max=None,
                  averaging_constant=0.01, percentile=None, ch_axis=0):
    kwargs = dict(dtype=dtype_of(dtype), qscheme=qscheme_of(qscheme), reduce_range=reduce_range,
                  quant_min=quant_min, quant_max=quant_max)
    if kind == "minmax" or kind == "percentile":
        obs = MinMaxObserver(**kwargs)
    elif kind == "moving_average":
        obs = MovingAverageMinMaxObserver(averaging_constant=averaging_constant, **kwargs)
    elif kind == "per_channel":
        obs = PerChannelMinMaxObserver(ch_axis=ch_axis, **kwargs)
    else:
        raise ValueError(kind)
    if kind == "percentile":
        lows = [float(torch.quantile(b.flatten(), 1 - percentile / 100)) for b in batches]
        highs = [float(torch.quantile(b.flatten(), percentile / 100)) for b in batches]
        mn = torch.tensor(sum(lows) / len(lows), dtype=torch.float32)
        mx = torch.tensor(sum(highs) / len(highs), dtype=torch.float32)
        scale, zero_point = obs._calculate_qparams(mn, mx)
    else:
        for b in batches:
            obs(b)
        scale, zero_point = obs.calculate_qparams()
        mn, mx = obs.min_val, obs.max_val
    return {"name": name, "kind": kind, "dtype": dtype, "qscheme": qscheme, "reduce_range": reduce_range,
            "quant_min": quant_min, "quant_max": quant_max, "averaging_constant": averaging_constant,
            "percentile": percentile, "ch_axis": ch_axis, "batches": [flat(b) for b in batches],
            "min": [float(v) for v in mn.reshape(-1).tolist()], "max": [float(v) for v in mx.reshape(-1).tolist()],
            "scale": [float(v) for v in scale.reshape(-1).tolist()],
            "zero_point": [int(v) for v in zero_point.reshape(-1).tolist()]}


def fake_quant_case(name, x, scale, zero_point, quant_min, quant_max, axis=None):
    g = gen(name)
    x = x.clone().requires_grad_(True)
    grad_output = torch.randn(x.shape, generator=g)
    if axis is None:
        out = torch.fake_quantize_per_tensor_affine(x, scale, zero_point, quant_min, quant_max)
        dtype = torch.qint8 if quant_min < 0 else torch.quint8
        q = torch.quantize_per_tensor(x.detach(), scale, zero_point, dtype).int_repr()
        scales, zero_points = [scale], [zero_point]
    else:
        s = torch.tensor(scale, dtype=torch.float32)
        z = torch.tensor(zero_point, dtype=torch.int32)
        out = torch.fake_quantize_per_channel_affine(x, s, z, axis, quant_min, quant_max)
        dtype = torch.qint8 if quant_min < 0 else torch.quint8
        q = torch.quantize_per_channel(x.detach(), s.double(), z.long(), axis, dtype).int_repr()
        scales, zero_points = [float(v) for v in s.tolist()], list(zero_point)
    out.backward(grad_output)
    return {"name": name, "per_channel": axis is not None, "axis": axis if axis is not None else -1,
            "quant_min": quant_min, "quant_max": quant_max, "scale": scales, "zero_point": zero_points,
            "input": flat(x), "grad_output": flat(grad_output), "output": flat(out), "grad_input": flat(x.grad),
            "int_repr": flat(q.to(torch.float32))}


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    act = batches_for("act", 4, (3, 5, 6), shift=0.7, spread=2.0, outlier=9.5)
    relu = [b.clamp(min=0) for b in batches_for("relu", 3, (2, 4, 5, 5), spread=1.5)]
    neg = batches_for("neg", 2, (7, 9), shift=-3.0, spread=0.5)
    weight = [torch.randn(6, 3, 3, 3, generator=gen("weight")) * torch.linspace(0.05, 1.0, 6).view(6, 1, 1, 1)]
    linear = [torch.randn(5, 12, generator=gen("linear")) * 0.3 + 0.05]
    big = batches_for("big", 3, (4, 3, 20, 20), shift=0.2, spread=1.0, outlier=25.0)
    observers = [
        observer_case("minmax_quint8_affine", "minmax", "quint8", "per_tensor_affine", act),
        observer_case("minmax_qint8_symmetric", "minmax", "qint8", "per_tensor_symmetric", act),
        observer_case("minmax_qint8_affine", "minmax", "qint8", "per_tensor_affine", act),
        observer_case("minmax_quint8_affine_reduce", "minmax", "quint8", "per_tensor_affine", act, reduce_range=True),
        observer_case("minmax_qint8_symmetric_reduce", "minmax", "qint8", "per_tensor_symmetric", act, reduce_range=True),
        observer_case("minmax_quint8_symmetric", "minmax", "quint8", "per_tensor_symmetric", act),
        observer_case("minmax_qint8_symmetric_custom", "minmax", "qint8", "per_tensor_symmetric", act, quant_min=-127, quant_max=127),
        observer_case("minmax_quint8_affine_relu", "minmax", "quint8", "per_tensor_affine", relu),
        observer_case("minmax_quint8_affine_negative", "minmax", "quint8", "per_tensor_affine", neg),
        observer_case("moving_average_quint8_affine", "moving_average", "quint8", "per_tensor_affine", act),
        observer_case("moving_average_qint8_symmetric_c05", "moving_average", "qint8", "per_tensor_symmetric", act, averaging_constant=0.5),
        observer_case("per_channel_qint8_symmetric_conv", "per_channel", "qint8", "per_channel_symmetric", weight),
        observer_case("per_channel_qint8_symmetric_linear", "per_channel", "qint8", "per_channel_symmetric", linear),
        observer_case("per_channel_quint8_affine_conv", "per_channel", "quint8", "per_channel_affine", weight),
        observer_case("per_channel_qint8_symmetric_axis1", "per_channel", "qint8", "per_channel_symmetric", linear, ch_axis=1),
        observer_case("percentile_quint8_affine_99_9", "percentile", "quint8", "per_tensor_affine", big, percentile=99.9),
        observer_case("percentile_quint8_affine_99_99", "percentile", "quint8", "per_tensor_affine", big, percentile=99.99),
        observer_case("percentile_qint8_symmetric_99", "percentile", "qint8", "per_tensor_symmetric", act, percentile=99.0),
    ]
    g = gen("fq")
    x = torch.randn(3, 4, 7, generator=g) * 2.0
    # exact ties: k.5 steps of the scale hit round-half-to-even
    ties = torch.tensor([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 126.5, 127.5, -128.5, 300.0, -300.0]) * 0.05
    w = torch.randn(4, 3, 3, 3, generator=g) * torch.tensor([0.1, 0.5, 1.0, 2.0]).view(4, 1, 1, 1)
    fake = [
        fake_quant_case("per_tensor_quint8", x, 0.02, 128, 0, 255),
        fake_quant_case("per_tensor_quint8_shifted", x, 0.015, 40, 0, 255),
        fake_quant_case("per_tensor_qint8", x, 0.03, 0, -128, 127),
        fake_quant_case("per_tensor_qint8_ties", ties, 0.05, 0, -128, 127),
        fake_quant_case("per_tensor_quint8_ties", ties, 0.05, 128, 0, 255),
        fake_quant_case("per_channel_qint8", w, [0.001, 0.004, 0.009, 0.02], [0, 0, 0, 0], -128, 127, axis=0),
        fake_quant_case("per_channel_quint8_axis1", x, [0.01, 0.02, 0.03, 0.04], [100, 128, 0, 255], 0, 255, axis=1),
    ]
    with open(os.path.join(out_dir, "quant.json"), "w") as f:
        json.dump({"torch_version": torch.__version__, "observers": observers, "fake_quant": fake}, f)


if __name__ == "__main__":
    main(sys.argv[1])
