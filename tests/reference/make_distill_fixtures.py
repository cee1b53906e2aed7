"""Reference values and gradients of the eight distillation losses, computed with Debian's PyTorch 1.13.

Usage: /usr/bin/python3 make_distill_fixtures.py OUTDIR  ->  OUTDIR/distill.dat (tsformat, float64)

Each loss is written here from its formula (see the XML docs of src/FasterSharp/Distill) with torch's own
ops (kl_div with reduction='batchmean', mse_loss, normalize, log_softmax), independently of the C# code.
Keys:
  inputs   logits.student [6,5], logits.teacher [6,5], logits.target [6] (int64)
           features.student [3,4,5,5], features.teacher [3,6,5,5] (different channel counts)
           same.student [3,4,5,5], same.teacher [3,4,5,5] (equal shapes)
  outputs  <case>.value (a 0-d tensor) and <case>.grad (d value / d student input), for the cases
           soft_target_t3, soft_target_t5, logits, mutual, decoupled_kd, decoupled_kd_a2_b0_5_t2,
           attention_p2, attention_p3, similarity_p2, fitnet, activation_boundaries_m2, activation_boundaries_m0_5
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tsformat  # noqa: E402


def kl_batchmean(log_p, q):
    return F.kl_div(log_p, q, reduction="batchmean")


def soft_target(s, t, temperature):
    return kl_batchmean(F.log_softmax(s / temperature, dim=1), F.softmax(t / temperature, dim=1)) * temperature ** 2


def logits(s, t):
    return F.mse_loss(s, t)


def mutual(s, t):
    return kl_batchmean(F.log_softmax(s, dim=1), F.softmax(t, dim=1))


def decoupled_kd(s, t, y, temperature, alpha, beta):
    # As in the DKD paper's code: the target logit is masked with -1000 for the non-target part.
    one_hot = F.one_hot(y, s.shape[1]).to(s.dtype)
    p = F.softmax(s / temperature, dim=1)
    q = F.softmax(t / temperature, dim=1)
    p_y = (p * one_hot).sum(1, keepdim=True)
    q_y = (q * one_hot).sum(1, keepdim=True)
    b_p = torch.cat([p_y, 1 - p_y], dim=1)
    b_q = torch.cat([q_y, 1 - q_y], dim=1)
    tckd = kl_batchmean(torch.log(b_p.clamp(min=1e-7)), b_q)
    nckd = kl_batchmean(F.log_softmax(s / temperature - 1000.0 * one_hot, dim=1),
                        F.softmax(t / temperature - 1000.0 * one_hot, dim=1))
    return (alpha * tckd + beta * nckd) * temperature ** 2


def attention_map(f, p):
    a = f.abs().pow(p).mean(dim=1).flatten(1)
    return F.normalize(a, p=2, dim=1)


def attention(s, t, p):
    return F.mse_loss(attention_map(s, p), attention_map(t, p))


def similarity(s, t, p):
    def gram(f):
        q = f.flatten(1)
        return F.normalize(q @ q.t(), p=p, dim=1)
    return F.mse_loss(gram(s), gram(t))


def fitnet(s, t):
    return F.mse_loss(s, t)


def activation_boundaries(s, t, m):
    up = ((s <= m) & (t > 0)).to(s.dtype)
    down = ((s > -m) & (t <= 0)).to(s.dtype)
    return ((s - m) ** 2 * up + (s + m) ** 2 * down).mean()


def main(out_dir):
    torch.manual_seed(1234)
    d = torch.float64
    tensors = {
        "logits.student": torch.randn(6, 5, dtype=d) * 2,
        "logits.teacher": torch.randn(6, 5, dtype=d) * 2,
        "logits.target": torch.tensor([0, 4, 2, 2, 1, 3], dtype=torch.int64),
        "features.student": torch.randn(3, 4, 5, 5, dtype=d),
        "features.teacher": torch.randn(3, 6, 5, 5, dtype=d),
        "same.student": torch.randn(3, 4, 5, 5, dtype=d) * 2,
        "same.teacher": torch.randn(3, 4, 5, 5, dtype=d),
    }
    s_logits, t_logits, y = tensors["logits.student"], tensors["logits.teacher"], tensors["logits.target"]
    s_feat, t_feat = tensors["features.student"], tensors["features.teacher"]
    s_same, t_same = tensors["same.student"], tensors["same.teacher"]
    cases = {
        "soft_target_t3": (s_logits, lambda s: soft_target(s, t_logits, 3.0)),
        "soft_target_t5": (s_logits, lambda s: soft_target(s, t_logits, 5.0)),
        "logits": (s_logits, lambda s: logits(s, t_logits)),
        "mutual": (s_logits, lambda s: mutual(s, t_logits)),
        "decoupled_kd": (s_logits, lambda s: decoupled_kd(s, t_logits, y, 4.0, 1.0, 8.0)),
        "decoupled_kd_a2_b0_5_t2": (s_logits, lambda s: decoupled_kd(s, t_logits, y, 2.0, 2.0, 0.5)),
        "attention_p2": (s_feat, lambda s: attention(s, t_feat, 2.0)),
        "attention_p3": (s_feat, lambda s: attention(s, t_feat, 3.0)),
        "similarity_p2": (s_feat, lambda s: similarity(s, t_feat, 2.0)),
        "fitnet": (s_same, lambda s: fitnet(s, t_same)),
        "activation_boundaries_m2": (s_same, lambda s: activation_boundaries(s, t_same, 2.0)),
        "activation_boundaries_m0_5": (s_same, lambda s: activation_boundaries(s, t_same, 0.5)),
    }
    for name, (student, loss) in cases.items():
        s = student.clone().requires_grad_(True)
        value = loss(s)
        value.backward()
        tensors[f"{name}.value"] = value.detach()
        tensors[f"{name}.grad"] = s.grad.detach()
    tsformat.save(tensors, os.path.join(out_dir, "distill.dat"))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_distill_fixtures.py OUTDIR")
    main(sys.argv[1])
