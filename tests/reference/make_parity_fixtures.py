"""Writes PyTorch reference results for the C# parity tests (tests/TorchSharp.Tests/Reference).

Usage: /usr/bin/python3 tests/reference/make_parity_fixtures.py OUTDIR

Writes OUTDIR/<case>.dat (TorchSharp's named-tensor format, see tsformat.py) for every case below and
OUTDIR/manifest.json: {"torch_version", "seed", "cases": {case: {"file", "kind", "dtype", "rtol",
"atol", "params", "description"}}}. Each case seeds the generator with SEED + crc32(case name), so a
case's data never depends on which other cases exist. Runs single-threaded; deterministic; ~2 s.

Keys in the files (every tensor CPU, contiguous; float32 unless the case name ends in _f64):

Layers (kind "layer"): forward output = f(input, params); backward with output.backward(grad_output).
  input, output, grad_output, grad_input         always
  weight, bias, grad_weight, grad_bias           when the layer has them
  conv2d:      stride, padding, dilation (int64 [2]), groups (int64 scalar)
  pools:       kernel_size, stride, padding (int64 [2]); ceil_mode, count_include_pad (int64 0/1 scalars)
  adaptive_avg_pool2d: output_size (int64 [2])
  softmax, log_softmax, normalize: dim (int64 scalar); normalize: p (float64 scalar)
  batch_norm:  eps, momentum (float64 scalars); running_mean_initial, running_var_initial (the
               buffers before the first call); train cases (module in training mode, 3 calls):
               running_mean_after_1, running_var_after_1 (after the first call, whose output and
               grads are stored), input_2, input_3 (inputs of calls 2 and 3), running_mean_after_3,
               running_var_after_3, num_batches_tracked_after_3 (int64 scalar);
               eval cases: running_mean_initial/var are the (random) statistics used.
Losses (kind "loss"): loss = f(input, target, ...), reduction as in params; loss.backward().
  input, target, loss (scalar), grad_input;
  weight (class weights), ignore_index (int64 scalar), label_smoothing (float64 scalar) when used.
  kl_div: input holds log-probabilities; target probabilities (log_target 0) or log-probabilities
  (log_target 1); log_target (int64 scalar). Note: TorchSharp's kl_div defaults log_target=true,
  PyTorch's false: the tests must pass it explicitly.
Optimizers (kind "optimizer"): parameters weight [3,4] and bias [3], data x [5,4], y [5,3];
  loss(step) = sum((x @ weight.T + bias - y)^2); each step: zero_grad, loss.backward(), step().
  weight_initial, bias_initial, x, y, weight_step_1..5, bias_step_1..5, loss_step_1..5 (the loss
  computed before step k; float32 scalars). Hyper-parameters in manifest "params" (lr per group for
  the param-group case: group 0 = weight, group 1 = bias).
LR schedules (kind "lr_schedule"): lr (float64 [n]) = the learning rate in force for optimizer steps
  0..n-1 (read after construction, then after each scheduler.step()); momentum (float64 [n]) = SGD's
  momentum or Adam's beta1 over the same steps (OneCycleLR only). Settings in manifest "params".
Format probe (kind "format", case "format_probe"): one tensor per dtype with known values, for the
  reader/writer tests: int8 [-128,0,127], uint8 [0,255], int16 [-32768,32767], int32 [-2^31,2^31-1],
  int64 [-2^63,2^63-1,42], float16 [1.5,-2,65504], bfloat16 [1,-2.5], float32 [1/3, -0.0, 1e-38],
  float64 [pi, -1e300], bool [true,false,true], scalar_f64 = 2.5 (rank 0), empty_f32 [0,3],
  arange_130x2 = arange(260) as int64 [130,2] (dims above 127 take two LEB128 bytes),
  and "größe/μ" = int64 [7] (a non-ASCII key).
SVD (kind "svd"): A, U, S, Vh = torch.linalg.svd(A, full_matrices=False), reconstruction = U diag(S) Vh.
  U and Vh columns/rows are defined up to sign: compare S and the reconstruction directly, U and Vh
  after aligning signs (or compare |U^T U_ref| to the identity).
"""
import json
import os
import sys
import zlib

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tsformat  # noqa: E402

SEED = 20240611
F32_LAYER = (1e-4, 1e-5)     # rtol, atol for float32 layers with reductions (conv, bn, linear)
F32_ELEMENTWISE = (1e-6, 1e-7)
F64 = (1e-10, 1e-12)
F32_OPTIM = (1e-5, 1e-6)
SCHEDULE = (1e-12, 1e-14)


class Fixtures:
    def __init__(self, outdir):
        self.outdir = outdir
        self.manifest = {"torch_version": torch.__version__, "seed": SEED, "cases": {}}

    def seed(self, name):
        torch.manual_seed(SEED + zlib.crc32(name.encode()))

    def add(self, name, kind, tensors, dtype, tol, params, description):
        if name in self.manifest["cases"]:
            raise ValueError(f"duplicate case {name}")
        tsformat.save(tensors, os.path.join(self.outdir, name + ".dat"))
        self.manifest["cases"][name] = {
            "file": name + ".dat", "kind": kind, "dtype": dtype, "rtol": tol[0], "atol": tol[1],
            "params": params, "description": description,
        }

    def write_manifest(self):
        path = os.path.join(self.outdir, "manifest.json")
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(self.manifest, f, indent=1, sort_keys=True)
        os.replace(tmp, path)


def i64(values):
    return torch.tensor(values, dtype=torch.int64)


def f64(value):
    return torch.tensor(value, dtype=torch.float64)


def dtype_name(dtype):
    return str(dtype).replace("torch.", "")


def layer_case(fx, name, dtype, tol, input_shape, make_params, forward, extra, params, description,
               positive_input=False):
    """Generic layer case: leaf input and params, forward, backward with a random grad_output."""
    fx.seed(name)
    x = torch.randn(*input_shape, dtype=dtype)
    if positive_input:
        x = x.abs() + 0.1
    x.requires_grad_(True)
    p = {k: v.to(dtype).requires_grad_(True) for k, v in make_params().items()}
    out = forward(x, **p)
    grad_out = torch.randn_like(out)
    out.backward(grad_out)
    t = {"input": x.detach(), "output": out.detach(), "grad_output": grad_out, "grad_input": x.grad}
    for k, v in p.items():
        t[k] = v.detach()
        t["grad_" + k] = v.grad
    t.update(extra)
    fx.add(name, "layer", t, dtype_name(dtype), tol, params, description)


def conv_cases(fx):
    for dtype, suffix, tol in ((torch.float32, "", F32_LAYER), (torch.float64, "_f64", F64)):
        layer_case(
            fx, "conv2d_stride2_pad1_bias" + suffix, dtype, tol, (2, 3, 9, 9),
            lambda: {"weight": torch.randn(4, 3, 3, 3) * 0.3, "bias": torch.randn(4)},
            lambda x, weight, bias: F.conv2d(x, weight, bias, stride=2, padding=1, dilation=1, groups=1),
            {"stride": i64([2, 2]), "padding": i64([1, 1]), "dilation": i64([1, 1]), "groups": i64(1)},
            {"stride": [2, 2], "padding": [1, 1], "dilation": [1, 1], "groups": 1, "bias": True},
            "F.conv2d, 3->4 channels, 3x3 kernel, stride 2, padding 1, with bias")
    layer_case(
        fx, "conv2d_groups2_nobias", torch.float32, F32_LAYER, (2, 4, 7, 7),
        lambda: {"weight": torch.randn(6, 2, 3, 3) * 0.3},
        lambda x, weight: F.conv2d(x, weight, None, stride=1, padding=0, dilation=1, groups=2),
        {"stride": i64([1, 1]), "padding": i64([0, 0]), "dilation": i64([1, 1]), "groups": i64(2)},
        {"stride": [1, 1], "padding": [0, 0], "dilation": [1, 1], "groups": 2, "bias": False},
        "F.conv2d, 4->6 channels in 2 groups, 3x3 kernel, no bias")
    layer_case(
        fx, "conv2d_rect_dilated", torch.float32, F32_LAYER, (2, 3, 10, 8),
        lambda: {"weight": torch.randn(5, 3, 3, 2) * 0.3, "bias": torch.randn(5)},
        lambda x, weight, bias: F.conv2d(x, weight, bias, stride=(2, 1), padding=(1, 0), dilation=(2, 1)),
        {"stride": i64([2, 1]), "padding": i64([1, 0]), "dilation": i64([2, 1]), "groups": i64(1)},
        {"stride": [2, 1], "padding": [1, 0], "dilation": [2, 1], "groups": 1, "bias": True},
        "F.conv2d, 3x2 kernel, stride (2,1), padding (1,0), dilation (2,1), with bias")


def linear_cases(fx):
    for dtype, suffix, tol in ((torch.float32, "", F32_LAYER), (torch.float64, "_f64", F64)):
        layer_case(
            fx, "linear" + suffix, dtype, tol, (5, 7),
            lambda: {"weight": torch.randn(3, 7) * 0.4, "bias": torch.randn(3)},
            lambda x, weight, bias: F.linear(x, weight, bias), {}, {},
            "F.linear, 7->3 features, with bias, input [5,7]")
    layer_case(
        fx, "linear_3d_nobias", torch.float32, F32_LAYER, (2, 4, 6),
        lambda: {"weight": torch.randn(5, 6) * 0.4},
        lambda x, weight: F.linear(x, weight), {}, {},
        "F.linear, 6->5 features, no bias, input [2,4,6]")


def batch_norm_train_case(fx, name, dtype, tol, shape, module_type):
    fx.seed(name)
    c = shape[1]
    bn = module_type(c, eps=1e-5, momentum=0.1).to(dtype)
    with torch.no_grad():
        bn.weight.copy_(torch.rand(c) + 0.5)
        bn.bias.copy_(torch.randn(c))
    bn.train()
    inputs = [torch.randn(*shape, dtype=dtype) * 2 + 0.5 for _ in range(3)]
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
    fx.add(name, "layer", t, dtype_name(dtype), tol, {"eps": 1e-5, "momentum": 0.1, "training": True},
           f"{module_type.__name__}({c}) in training mode: output/grads of call 1, running stats after 1 and 3 calls")


def batch_norm_eval_case(fx, name, dtype, tol, shape):
    c = shape[1]

    def make():
        return {"weight": torch.rand(c) + 0.5, "bias": torch.randn(c)}

    fx.seed(name + "/stats")
    running_mean = torch.randn(c, dtype=dtype)
    running_var = torch.rand(c, dtype=dtype) + 0.5
    layer_case(
        fx, name, dtype, tol, shape, make,
        lambda x, weight, bias: F.batch_norm(x, running_mean, running_var, weight, bias, training=False,
                                             momentum=0.1, eps=1e-5),
        {"running_mean_initial": running_mean, "running_var_initial": running_var,
         "eps": f64(1e-5), "momentum": f64(0.1)},
        {"eps": 1e-5, "momentum": 0.1, "training": False},
        "F.batch_norm in eval mode with given running statistics (unchanged by the call)")


def batch_norm_cases(fx):
    batch_norm_train_case(fx, "batch_norm2d_train", torch.float32, F32_LAYER, (4, 3, 5, 5), torch.nn.BatchNorm2d)
    batch_norm_train_case(fx, "batch_norm2d_train_f64", torch.float64, F64, (4, 3, 5, 5), torch.nn.BatchNorm2d)
    batch_norm_train_case(fx, "batch_norm1d_train", torch.float32, F32_LAYER, (8, 4), torch.nn.BatchNorm1d)
    batch_norm_eval_case(fx, "batch_norm2d_eval", torch.float32, F32_LAYER, (4, 3, 5, 5))
    batch_norm_eval_case(fx, "batch_norm1d_eval", torch.float32, F32_LAYER, (8, 4))


def pool_cases(fx):
    specs = [
        ("max_pool2d_k2_s2", "max", (2, 3, 8, 8), 2, 2, 0, False, True),
        ("max_pool2d_k3_s2_p1", "max", (2, 3, 9, 9), 3, 2, 1, False, True),
        ("max_pool2d_k3_s2_ceil", "max", (2, 3, 8, 8), 3, 2, 0, True, True),
        ("avg_pool2d_k2_s2", "avg", (2, 3, 8, 8), 2, 2, 0, False, True),
        ("avg_pool2d_k3_s2_p1", "avg", (2, 3, 9, 9), 3, 2, 1, False, True),
        ("avg_pool2d_k3_s2_p1_exclude_pad", "avg", (2, 3, 9, 9), 3, 2, 1, False, False),
    ]
    for name, op, shape, k, s, p, ceil, include_pad in specs:
        if op == "max":
            fwd = lambda x, k=k, s=s, p=p, ceil=ceil: F.max_pool2d(x, k, s, p, ceil_mode=ceil)
        else:
            fwd = lambda x, k=k, s=s, p=p, ceil=ceil, inc=include_pad: F.avg_pool2d(
                x, k, s, p, ceil_mode=ceil, count_include_pad=inc)
        layer_case(
            fx, name, torch.float32, F32_ELEMENTWISE, shape, dict, fwd,
            {"kernel_size": i64([k, k]), "stride": i64([s, s]), "padding": i64([p, p]),
             "ceil_mode": i64(int(ceil)), "count_include_pad": i64(int(include_pad))},
            {"kernel_size": [k, k], "stride": [s, s], "padding": [p, p], "ceil_mode": ceil,
             "count_include_pad": include_pad},
            f"F.{op}_pool2d kernel {k} stride {s} padding {p} ceil_mode {ceil}"
            + ("" if op == "max" else f" count_include_pad {include_pad}"))
    for name, shape, size in (("adaptive_avg_pool2d_1x1", (2, 3, 7, 7), (1, 1)),
                              ("adaptive_avg_pool2d_3x3", (2, 3, 7, 8), (3, 3))):
        layer_case(
            fx, name, torch.float32, F32_ELEMENTWISE, shape, dict,
            lambda x, size=size: F.adaptive_avg_pool2d(x, size),
            {"output_size": i64(list(size))}, {"output_size": list(size)},
            f"F.adaptive_avg_pool2d to {size[0]}x{size[1]} from {shape[2]}x{shape[3]}")


def activation_cases(fx):
    layer_case(fx, "relu", torch.float32, F32_ELEMENTWISE, (4, 6), dict, lambda x: F.relu(x), {}, {}, "F.relu")
    layer_case(fx, "softmax_dim1", torch.float32, F32_ELEMENTWISE, (4, 6), dict,
               lambda x: F.softmax(x * 2, dim=1), {"dim": i64(1)}, {"dim": 1},
               "F.softmax(input * 2, dim=1): the input is scaled by 2 first")
    layer_case(fx, "log_softmax_dim1", torch.float32, F32_ELEMENTWISE, (4, 6), dict,
               lambda x: F.log_softmax(x, dim=1), {"dim": i64(1)}, {"dim": 1}, "F.log_softmax(dim=1)")
    layer_case(fx, "softmax_dim_last_3d", torch.float32, F32_ELEMENTWISE, (2, 3, 5), dict,
               lambda x: F.softmax(x, dim=-1), {"dim": i64(-1)}, {"dim": -1}, "F.softmax(dim=-1), 3-d input")
    layer_case(fx, "normalize_p2_dim1", torch.float32, F32_ELEMENTWISE, (4, 6), dict,
               lambda x: F.normalize(x, p=2.0, dim=1), {"dim": i64(1), "p": f64(2.0)}, {"p": 2.0, "dim": 1},
               "F.normalize(p=2, dim=1, eps=1e-12)")


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
    fx.add(name, "loss", t, "float32", F32_LAYER, params, description)


def loss_cases(fx):
    n, c = 6, 5
    classes = lambda: torch.randint(0, c, (n,))
    loss_case(fx, "cross_entropy", (n, c), classes, lambda x, t: F.cross_entropy(x, t), {},
              {"reduction": "mean"}, "F.cross_entropy, mean")
    loss_case(fx, "cross_entropy_label_smoothing", (n, c), classes,
              lambda x, t: F.cross_entropy(x, t, label_smoothing=0.1), {"label_smoothing": f64(0.1)},
              {"reduction": "mean", "label_smoothing": 0.1}, "F.cross_entropy, label_smoothing 0.1")
    fx.seed("class_weights")
    w = torch.rand(c) + 0.5
    loss_case(fx, "cross_entropy_weight", (n, c), classes, lambda x, t: F.cross_entropy(x, t, weight=w),
              {"weight": w}, {"reduction": "mean"}, "F.cross_entropy with class weights (weighted mean)")
    loss_case(fx, "cross_entropy_weight_label_smoothing", (n, c), classes,
              lambda x, t: F.cross_entropy(x, t, weight=w, label_smoothing=0.1),
              {"weight": w, "label_smoothing": f64(0.1)}, {"reduction": "mean", "label_smoothing": 0.1},
              "F.cross_entropy with class weights and label_smoothing 0.1")
    fixed = lambda: i64([0, 1, 4, 1, 2, 3])
    loss_case(fx, "cross_entropy_ignore_index", (n, c), fixed,
              lambda x, t: F.cross_entropy(x, t, ignore_index=1), {"ignore_index": i64(1)},
              {"reduction": "mean", "ignore_index": 1}, "F.cross_entropy, ignore_index 1 (two targets ignored)")
    loss_case(fx, "cross_entropy_sum", (n, c), classes,
              lambda x, t: F.cross_entropy(x, t, reduction="sum"), {}, {"reduction": "sum"},
              "F.cross_entropy, reduction sum")
    loss_case(fx, "nll_loss", (n, c), classes, lambda x, t: F.nll_loss(x, t), {}, {"reduction": "mean"},
              "F.nll_loss on log-probabilities (input = log_softmax of random logits)",
              transform=lambda x: F.log_softmax(x, dim=1))
    loss_case(fx, "nll_loss_weight", (n, c), classes, lambda x, t: F.nll_loss(x, t, weight=w),
              {"weight": w}, {"reduction": "mean"}, "F.nll_loss with class weights",
              transform=lambda x: F.log_softmax(x, dim=1))
    real = lambda: torch.randn(4, 5)
    loss_case(fx, "mse_loss", (4, 5), real, lambda x, t: F.mse_loss(x, t), {}, {"reduction": "mean"},
              "F.mse_loss, mean")
    loss_case(fx, "mse_loss_sum", (4, 5), real, lambda x, t: F.mse_loss(x, t, reduction="sum"), {},
              {"reduction": "sum"}, "F.mse_loss, sum")
    loss_case(fx, "l1_loss", (4, 5), real, lambda x, t: F.l1_loss(x, t), {}, {"reduction": "mean"},
              "F.l1_loss, mean")
    for log_target in (False, True):
        def target(log_target=log_target):
            logits = torch.randn(4, 5) * 1.5
            return F.log_softmax(logits, dim=1) if log_target else F.softmax(logits, dim=1)
        loss_case(fx, f"kl_div_batchmean_log_target_{str(log_target).lower()}", (4, 5), target,
                  lambda x, t, lt=log_target: F.kl_div(x, t, reduction="batchmean", log_target=lt),
                  {"log_target": i64(int(log_target))}, {"reduction": "batchmean", "log_target": log_target},
                  f"F.kl_div(input log-probs, target {'log-probs' if log_target else 'probs'}, batchmean, "
                  f"log_target={log_target})", transform=lambda x: F.log_softmax(x, dim=1))


def optimizer_cases(fx):
    specs = [
        ("sgd_nesterov_weight_decay", torch.optim.SGD,
         dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)),
        ("sgd_momentum_dampening", torch.optim.SGD, dict(lr=0.1, momentum=0.9, dampening=0.1)),
        ("sgd_plain", torch.optim.SGD, dict(lr=0.1)),
        ("adam_weight_decay", torch.optim.Adam, dict(lr=0.01, weight_decay=0.01)),
        ("adam_amsgrad", torch.optim.Adam, dict(lr=0.01, amsgrad=True)),
        ("adam_betas", torch.optim.Adam, dict(lr=0.01, betas=(0.8, 0.9), eps=1e-6)),
        ("adamw_weight_decay", torch.optim.AdamW, dict(lr=0.01, weight_decay=0.1)),
        ("sgd_param_groups", torch.optim.SGD, dict(lr=0.1, momentum=0.9, group_lrs=[0.1, 0.01])),
    ]
    fx.seed("optimizer_data")
    x = torch.randn(5, 4) * 0.5
    y = torch.randn(5, 3)
    w0 = torch.randn(3, 4) * 0.5
    b0 = torch.randn(3) * 0.5
    for name, opt_type, kwargs in specs:
        kwargs = dict(kwargs)
        weight = w0.clone().requires_grad_(True)
        bias = b0.clone().requires_grad_(True)
        group_lrs = kwargs.pop("group_lrs", None)
        if group_lrs:
            opt = opt_type([{"params": [weight], "lr": group_lrs[0]}, {"params": [bias], "lr": group_lrs[1]}],
                           **kwargs)
        else:
            opt = opt_type([weight, bias], **kwargs)
        t = {"weight_initial": w0, "bias_initial": b0, "x": x, "y": y}
        for step in range(1, 6):
            opt.zero_grad()
            loss = ((x @ weight.T + bias - y) ** 2).sum()
            loss.backward()
            opt.step()
            t[f"loss_step_{step}"] = loss.detach()
            t[f"weight_step_{step}"] = weight.detach().clone()
            t[f"bias_step_{step}"] = bias.detach().clone()
        params = {"optimizer": opt_type.__name__, **{k: (list(v) if isinstance(v, tuple) else v)
                                                     for k, v in kwargs.items()}}
        if group_lrs:
            params["group_lrs"] = group_lrs
        fx.add(name, "optimizer", t, "float32", F32_OPTIM, params,
               f"5 steps of {opt_type.__name__}({', '.join(f'{k}={v}' for k, v in kwargs.items())})"
               + (f", param groups weight lr {group_lrs[0]}, bias lr {group_lrs[1]}" if group_lrs else "")
               + " on sum((x @ weight.T + bias - y)^2)")


def one_cycle_case(fx, name, opt_type, opt_kwargs, sched_kwargs, n_steps):
    p = torch.zeros(1, requires_grad=True)
    opt = opt_type([p], **opt_kwargs)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, **sched_kwargs)
    beta = opt_type is torch.optim.Adam or opt_type is torch.optim.AdamW
    lrs, moms = [], []
    for step in range(n_steps):
        group = opt.param_groups[0]
        lrs.append(group["lr"])
        moms.append(group["betas"][0] if beta else group["momentum"])
        opt.step()  # p has no gradient: a no-op that keeps the scheduler's step-order check quiet
        if step < n_steps - 1:
            sched.step()
    t = {"lr": torch.tensor(lrs, dtype=torch.float64), "momentum": torch.tensor(moms, dtype=torch.float64)}
    params = {"optimizer": opt_type.__name__, **opt_kwargs, **sched_kwargs}
    defaults = dict(pct_start=0.3, anneal_strategy="cos", cycle_momentum=True, base_momentum=0.85,
                    max_momentum=0.95, div_factor=25.0, final_div_factor=1e4, three_phase=False)
    for k, v in defaults.items():
        params.setdefault(k, v)
    params["steps"] = n_steps
    fx.add(name, "lr_schedule", t, "float64", SCHEDULE, params,
           f"OneCycleLR({', '.join(f'{k}={v}' for k, v in sched_kwargs.items())}) over {opt_type.__name__}: "
           f"lr and {'beta1' if beta else 'momentum'} for {n_steps} steps")


def schedule_cases(fx):
    one_cycle_case(fx, "one_cycle_sgd", torch.optim.SGD, dict(lr=0.1, momentum=0.9),
                   dict(max_lr=0.1, total_steps=20), 20)
    one_cycle_case(fx, "one_cycle_adam", torch.optim.Adam, dict(lr=0.1), dict(max_lr=0.1, total_steps=20), 20)
    for three_phase in (False, True):
        one_cycle_case(fx, f"one_cycle_sgd_epochs_linear_three_phase_{str(three_phase).lower()}",
                       torch.optim.SGD, dict(lr=0.1, momentum=0.9),
                       dict(max_lr=0.1, epochs=4, steps_per_epoch=5, pct_start=0.25, anneal_strategy="linear",
                            three_phase=three_phase), 20)
    # StepLR: lr per epoch for 10 epochs.
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
    lrs = []
    for _ in range(10):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    fx.add("step_lr", "lr_schedule", {"lr": torch.tensor(lrs, dtype=torch.float64)}, "float64", SCHEDULE,
           {"optimizer": "SGD", "lr": 0.1, "step_size": 3, "gamma": 0.5, "steps": 10},
           "StepLR(step_size=3, gamma=0.5) over SGD(lr=0.1): lr for 10 epochs")


def svd_cases(fx):
    for name, shape, dtype, tol in (("svd_7x5_f64", (7, 5), torch.float64, (1e-10, 1e-12)),
                                    ("svd_5x9_f32", (5, 9), torch.float32, (1e-5, 1e-5))):
        fx.seed(name)
        a = torch.randn(*shape, dtype=dtype)
        u, s, vh = torch.linalg.svd(a, full_matrices=False)
        rec = u @ torch.diag(s) @ vh
        fx.add(name, "svd", {"A": a, "U": u, "S": s, "Vh": vh, "reconstruction": rec}, dtype_name(dtype), tol,
               {"full_matrices": False},
               f"torch.linalg.svd of a {shape[0]}x{shape[1]} {dtype_name(dtype)} matrix, reduced")


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
    fx.add("format_probe", "format", t, "mixed", (0.0, 0.0), {}, "one tensor per dtype with known values")


def main(argv):
    if len(argv) != 2:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    outdir = argv[1]
    os.makedirs(outdir, exist_ok=True)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    fx = Fixtures(outdir)
    for make in (conv_cases, linear_cases, batch_norm_cases, pool_cases, activation_cases, loss_cases,
                 optimizer_cases, schedule_cases, svd_cases, format_probe):
        make(fx)
    fx.write_manifest()
    print(f"wrote {len(fx.manifest['cases'])} cases to {outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
