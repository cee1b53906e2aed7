"""Writes PyTorch reference results for the stack's oracle tests (tests/FasterSharp.Tests/Stack).

Usage: /usr/bin/python3 tests/reference/make_parity_fixtures.py OUTDIR

Writes OUTDIR/<case>.dat (TorchSharp's named-tensor format, see tsformat.py) for every case below and
OUTDIR/manifest.json: {"torch_version", "seed", "cases": {case: {"file", "kind", "dtype", "rtol",
"atol", "params", "description"}}}. Each case seeds the generator with SEED + crc32(case name), so a
case's data never depends on which other cases exist. Runs single-threaded; deterministic; ~1 s.

Keys in the files (every tensor CPU, contiguous, float32):

Layers (kind "layer"): forward output = f(input, params); backward with output.backward(grad_output).
  input, output, grad_output, grad_input         always
  weight, bias, grad_weight, grad_bias           when the layer has them
  conv2d:      stride, padding, dilation (int64 [2]), groups (int64 scalar)
  batch_norm:  eps, momentum (float64 scalars); running_mean_initial, running_var_initial (the
               buffers before the first call); train cases (module in training mode, 3 calls):
               running_mean_after_1, running_var_after_1 (after the first call, whose output and
               grads are stored), input_2, input_3 (inputs of calls 2 and 3), running_mean_after_3,
               running_var_after_3, num_batches_tracked_after_3 (int64 scalar);
               eval case: running_mean_initial/var are the (random) statistics used.
Losses (kind "loss"): loss = f(input, target, ...), loss.backward().
  input, target, loss (scalar), grad_input; label_smoothing (float64 scalar) when used.
  kl_div: input holds log-probabilities, target probabilities; PyTorch's log_target=False and
  reduction="batchmean" (TorchSharp defaults log_target to true and has no batchmean).
Optimizers (kind "optimizer"): parameters weight [3,4] and bias [3], data x [5,4], y [5,3];
  loss(step) = sum((x @ weight.T + bias - y)^2); each step: zero_grad, loss.backward(), step().
  weight_initial, bias_initial, x, y, weight_step_1..5, bias_step_1..5, loss_step_1..5 (the loss
  computed before step k; float32 scalars). Hyper-parameters in manifest "params"; a case with
  "lr_per_step" / "beta1_per_step" sets every param group's lr / betas[0] to entry k-1 before step k
  (as a one-cycle schedule does between steps).
Exported state (kind "state", case "exported_state"): a small CNN (Conv2d(1,4,3,padding=1) -> BatchNorm2d(4)
  -> ReLU -> AdaptiveAvgPool2d(1) -> Flatten -> Linear(4,3)), its BN statistics moved by two training
  forward passes, saved with torch.save to exported_state.pth and converted by export_state_dict.py's
  code path to exported_state.weights.dat (PyTorch's state_dict names and order, num_batches_tracked
  included). exported_state.dat holds "input" [2,1,6,6] and "logits" (eval mode, no_grad).
Format probe (kind "format", case "format_probe"): one tensor per dtype with known values, for the
  reader/writer tests: int8 [-128,0,127], uint8 [0,255], int16 [-32768,32767], int32 [-2^31,2^31-1],
  int64 [-2^63,2^63-1,42], float16 [1.5,-2,65504], bfloat16 [1,-2.5], float32 [1/3, -0.0, 1e-38],
  float64 [pi, -1e300], bool [true,false,true], scalar_f64 = 2.5 (rank 0), empty_f32 [0,3],
  arange_130x2 = arange(260) as int64 [130,2] (dims above 127 take two LEB128 bytes),
  and "größe/μ" = int64 [7] (a non-ASCII key).
"""
import json
import os
import sys
import zlib

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_state_dict  # noqa: E402
import tsformat  # noqa: E402

SEED = 20240611
F32_LAYER = (1e-4, 1e-5)     # rtol, atol for float32 layers with reductions (conv, bn, linear, losses)
F32_OPTIM = (1e-5, 1e-6)


class Fixtures:
    def __init__(self, outdir):
        self.outdir = outdir
        self.manifest = {"torch_version": torch.__version__, "seed": SEED, "cases": {}}

    def seed(self, name):
        torch.manual_seed(SEED + zlib.crc32(name.encode()))

    def path(self, file_name):
        return os.path.join(self.outdir, file_name)

    def add(self, name, kind, tensors, tol, params, description):
        if name in self.manifest["cases"]:
            raise ValueError(f"duplicate case {name}")
        tsformat.save(tensors, self.path(name + ".dat"))
        self.manifest["cases"][name] = {
            "file": name + ".dat", "kind": kind, "dtype": "float32", "rtol": tol[0], "atol": tol[1],
            "params": params, "description": description,
        }

    def write_manifest(self):
        path = self.path("manifest.json")
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(self.manifest, f, indent=1, sort_keys=True)
        os.replace(tmp, path)


def i64(values):
    return torch.tensor(values, dtype=torch.int64)


def f64(value):
    return torch.tensor(value, dtype=torch.float64)


def layer_case(fx, name, input_shape, make_params, forward, extra, params, description):
    """Generic layer case: leaf input and params, forward, backward with a random grad_output."""
    fx.seed(name)
    x = torch.randn(*input_shape).requires_grad_(True)
    p = {k: v.requires_grad_(True) for k, v in make_params().items()}
    out = forward(x, **p)
    grad_out = torch.randn_like(out)
    out.backward(grad_out)
    t = {"input": x.detach(), "output": out.detach(), "grad_output": grad_out, "grad_input": x.grad}
    for k, v in p.items():
        t[k] = v.detach()
        t["grad_" + k] = v.grad
    t.update(extra)
    fx.add(name, "layer", t, F32_LAYER, params, description)


def conv_cases(fx):
    layer_case(
        fx, "conv2d_stride2_pad1_bias", (2, 3, 9, 9),
        lambda: {"weight": torch.randn(4, 3, 3, 3) * 0.3, "bias": torch.randn(4)},
        lambda x, weight, bias: F.conv2d(x, weight, bias, stride=2, padding=1, dilation=1, groups=1),
        {"stride": i64([2, 2]), "padding": i64([1, 1]), "dilation": i64([1, 1]), "groups": i64(1)},
        {"stride": [2, 2], "padding": [1, 1], "dilation": [1, 1], "groups": 1, "bias": True},
        "F.conv2d, 3->4 channels, 3x3 kernel, stride 2, padding 1, with bias")
    layer_case(
        fx, "conv2d_groups2_nobias", (2, 4, 7, 7),
        lambda: {"weight": torch.randn(6, 2, 3, 3) * 0.3},
        lambda x, weight: F.conv2d(x, weight, None, stride=1, padding=0, dilation=1, groups=2),
        {"stride": i64([1, 1]), "padding": i64([0, 0]), "dilation": i64([1, 1]), "groups": i64(2)},
        {"stride": [1, 1], "padding": [0, 0], "dilation": [1, 1], "groups": 2, "bias": False},
        "F.conv2d, 4->6 channels in 2 groups, 3x3 kernel, no bias")


def linear_cases(fx):
    layer_case(
        fx, "linear", (5, 7),
        lambda: {"weight": torch.randn(3, 7) * 0.4, "bias": torch.randn(3)},
        lambda x, weight, bias: F.linear(x, weight, bias), {}, {},
        "F.linear, 7->3 features, with bias, input [5,7]")
    layer_case(
        fx, "linear_3d_nobias", (2, 4, 6),
        lambda: {"weight": torch.randn(5, 6) * 0.4},
        lambda x, weight: F.linear(x, weight), {}, {},
        "F.linear, 6->5 features, no bias, input [2,4,6]")


def batch_norm_train_case(fx, name, shape, module_type):
    fx.seed(name)
    c = shape[1]
    bn = module_type(c, eps=1e-5, momentum=0.1)
    with torch.no_grad():
        bn.weight.copy_(torch.rand(c) + 0.5)
        bn.bias.copy_(torch.randn(c))
    bn.train()
    inputs = [torch.randn(*shape) * 2 + 0.5 for _ in range(3)]
    t = {"weight": bn.weight.detach().clone(), "bias": bn.bias.detach().clone(),
         "running_mean_initial": bn.running_mean.clone(), "running_var_initial": bn.running_var.clone()}
    x = inputs[0].clone().requires_grad_(True)
    out = bn(x)
    grad_out = torch.randn_like(out)
    out.backward(grad_out)
    t.update({"input": inputs[0], "output": out.detach(), "grad_output": grad_out, "grad_input": x.grad,
              "grad_weight": bn.weight.grad.clone(), "grad_bias": bn.bias.grad.clone(),
              "running_mean_after_1": bn.running_mean.clone(), "running_var_after_1": bn.running_var.clone()})
    with torch.no_grad():
        bn(inputs[1])
        bn(inputs[2])
    t.update({"input_2": inputs[1], "input_3": inputs[2],
              "running_mean_after_3": bn.running_mean.clone(), "running_var_after_3": bn.running_var.clone(),
              "num_batches_tracked_after_3": bn.num_batches_tracked.clone(),
              "eps": f64(1e-5), "momentum": f64(0.1)})
    fx.add(name, "layer", t, F32_LAYER, {"eps": 1e-5, "momentum": 0.1, "training": True},
           f"{module_type.__name__}({c}) in training mode: output/grads of call 1, running stats after 1 and 3 calls")


def batch_norm_eval_case(fx, name, shape):
    c = shape[1]
    fx.seed(name + "/stats")
    running_mean = torch.randn(c)
    running_var = torch.rand(c) + 0.5
    layer_case(
        fx, name, shape, lambda: {"weight": torch.rand(c) + 0.5, "bias": torch.randn(c)},
        lambda x, weight, bias: F.batch_norm(x, running_mean, running_var, weight, bias, training=False,
                                             momentum=0.1, eps=1e-5),
        {"running_mean_initial": running_mean, "running_var_initial": running_var,
         "eps": f64(1e-5), "momentum": f64(0.1)},
        {"eps": 1e-5, "momentum": 0.1, "training": False},
        "F.batch_norm in eval mode with given running statistics (unchanged by the call)")


def batch_norm_cases(fx):
    batch_norm_train_case(fx, "batch_norm2d_train", (4, 3, 5, 5), nn.BatchNorm2d)
    batch_norm_train_case(fx, "batch_norm1d_train", (8, 4), nn.BatchNorm1d)
    batch_norm_eval_case(fx, "batch_norm2d_eval", (4, 3, 5, 5))


def loss_case(fx, name, input_shape, make_target, loss_fn, extra, params, description, transform=None):
    fx.seed(name)
    x = torch.randn(*input_shape)
    if transform is not None:
        x = transform(x)
    x = x.detach().requires_grad_(True)
    target = make_target()
    loss = loss_fn(x, target)
    loss.backward()
    t = {"input": x.detach(), "target": target, "loss": loss.detach(), "grad_input": x.grad}
    t.update(extra)
    fx.add(name, "loss", t, F32_LAYER, params, description)


def loss_cases(fx):
    n, c = 6, 5
    classes = lambda: torch.randint(0, c, (n,))  # noqa: E731
    loss_case(fx, "cross_entropy", (n, c), classes, lambda x, t: F.cross_entropy(x, t), {},
              {"reduction": "mean"}, "F.cross_entropy, mean (the Learner's default loss)")
    loss_case(fx, "cross_entropy_label_smoothing", (n, c), classes,
              lambda x, t: F.cross_entropy(x, t, label_smoothing=0.1), {"label_smoothing": f64(0.1)},
              {"reduction": "mean", "label_smoothing": 0.1}, "F.cross_entropy, label_smoothing 0.1")
    loss_case(fx, "kl_div_batchmean", (4, 5), lambda: F.softmax(torch.randn(4, 5) * 1.5, dim=1),
              lambda x, t: F.kl_div(x, t, reduction="batchmean", log_target=False), {},
              {"reduction": "batchmean", "log_target": False},
              "F.kl_div(input log-probs, target probs, batchmean, log_target=False): distillation's KL",
              transform=lambda x: F.log_softmax(x, dim=1))


def optimizer_cases(fx):
    # One-cycle-like schedules, changed between steps through the param groups.
    lr_per_step = [0.004, 0.01, 0.02, 0.01, 0.002]
    beta1_per_step = [0.95, 0.9, 0.85, 0.9, 0.95]
    specs = [
        ("sgd_nesterov_weight_decay", torch.optim.SGD,
         dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01), {}),
        ("adam", torch.optim.Adam, dict(lr=0.01), {}),
        ("adamw_weight_decay", torch.optim.AdamW, dict(lr=0.01, weight_decay=0.1), {}),
        ("adamw_fastai_scheduled", torch.optim.AdamW,
         dict(lr=0.01, betas=(0.9, 0.99), eps=1e-5, weight_decay=0.01),
         dict(lr_per_step=lr_per_step, beta1_per_step=beta1_per_step)),
    ]
    fx.seed("optimizer_data")
    x = torch.randn(5, 4) * 0.5
    y = torch.randn(5, 3)
    w0 = torch.randn(3, 4) * 0.5
    b0 = torch.randn(3) * 0.5
    for name, opt_type, kwargs, schedule in specs:
        weight = w0.clone().requires_grad_(True)
        bias = b0.clone().requires_grad_(True)
        opt = opt_type([weight, bias], **kwargs)
        t = {"weight_initial": w0, "bias_initial": b0, "x": x, "y": y}
        for step in range(1, 6):
            for group in opt.param_groups:
                if "lr_per_step" in schedule:
                    group["lr"] = schedule["lr_per_step"][step - 1]
                if "beta1_per_step" in schedule:
                    group["betas"] = (schedule["beta1_per_step"][step - 1], group["betas"][1])
            opt.zero_grad()
            loss = ((x @ weight.T + bias - y) ** 2).sum()
            loss.backward()
            opt.step()
            t[f"loss_step_{step}"] = loss.detach()
            t[f"weight_step_{step}"] = weight.detach().clone()
            t[f"bias_step_{step}"] = bias.detach().clone()
        params = {"optimizer": opt_type.__name__,
                  **{k: (list(v) if isinstance(v, tuple) else v) for k, v in kwargs.items()}, **schedule}
        fx.add(name, "optimizer", t, F32_OPTIM, params,
               f"5 steps of {opt_type.__name__}({', '.join(f'{k}={v}' for k, v in kwargs.items())})"
               + (" with lr and beta1 set per step" if schedule else "")
               + " on sum((x @ weight.T + bias - y)^2)")


def exported_state_case(fx):
    name = "exported_state"
    fx.seed(name)
    model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
                          nn.Flatten(), nn.Linear(4, 3))
    with torch.no_grad():
        model.train()
        for _ in range(2):
            model(torch.randn(8, 1, 6, 6) * 2 + 1)  # moves the running statistics and the batch counter
        model[1].weight.copy_(torch.rand(4) + 0.5)
        model[1].bias.copy_(torch.randn(4))
        model.eval()
        x = torch.randn(2, 1, 6, 6)
        logits = model(x)
    pth = fx.path(name + ".pth")
    torch.save(model.state_dict(), pth)
    # The documented export path (export_state_dict.py SOURCE OUT): .pth -> TorchSharp's format.
    tsformat.save(export_state_dict.load_source(pth, seed=0), fx.path(name + ".weights.dat"))
    fx.add(name, "state", {"input": x, "logits": logits}, F32_LAYER,
           {"weights": name + ".weights.dat", "keys": list(model.state_dict().keys())},
           "Conv2d(1,4,3,p=1)-BatchNorm2d(4)-ReLU-AdaptiveAvgPool2d(1)-Flatten-Linear(4,3) exported from a .pth; "
           "eval-mode logits of input")


def format_probe(fx):
    t = {
        "int8": torch.tensor([-128, 0, 127], dtype=torch.int8),
        "uint8": torch.tensor([0, 255], dtype=torch.uint8),
        "int16": torch.tensor([-32768, 32767], dtype=torch.int16),
        "int32": torch.tensor([-2**31, 2**31 - 1], dtype=torch.int32),
        "int64": torch.tensor([-2**63, 2**63 - 1, 42], dtype=torch.int64),
        "float16": torch.tensor([1.5, -2.0, 65504.0], dtype=torch.float16),
        "bfloat16": torch.tensor([1.0, -2.5], dtype=torch.bfloat16),
        "float32": torch.tensor([1.0 / 3.0, -0.0, 1e-38], dtype=torch.float32),
        "float64": torch.tensor([3.141592653589793, -1e300], dtype=torch.float64),
        "bool": torch.tensor([True, False, True]),
        "scalar_f64": torch.tensor(2.5, dtype=torch.float64),
        "empty_f32": torch.zeros(0, 3),
        "arange_130x2": torch.arange(260, dtype=torch.int64).reshape(130, 2),
        "größe/μ": torch.tensor([7], dtype=torch.int64),
    }
    fx.add("format_probe", "format", t, (0.0, 0.0), {}, "one tensor per dtype with known values")


def main(argv):
    if len(argv) != 2:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    outdir = argv[1]
    os.makedirs(outdir, exist_ok=True)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    fx = Fixtures(outdir)
    for make in (conv_cases, linear_cases, batch_norm_cases, loss_cases, optimizer_cases, exported_state_case,
                 format_probe):
        make(fx)
    fx.write_manifest()
    print(f"wrote {len(fx.manifest['cases'])} cases to {outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
