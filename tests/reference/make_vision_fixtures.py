#!/usr/bin/python3
"""torchvision as the oracle for our models: writes, into OUTDIR, for each model
  <name>.weights.dat  its state_dict (torchvision's names), random init with seed 0 and random BN statistics
  <name>.io.dat       "input" (fixed images) and "logits" (eval-mode output), "train_logits" (train-mode output)
Models: resnet18 (10 classes, 3×64×64 inputs) and vgg16_bn (10 classes, 3×32×32 inputs).
Usage: /usr/bin/python3 make_vision_fixtures.py OUTDIR
"""
import os
import sys

import torch
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tsformat  # noqa: E402

MODELS = {
    "resnet18": (torchvision.models.resnet18, (2, 3, 64, 64)),
    "vgg16_bn": (torchvision.models.vgg16_bn, (2, 3, 32, 32)),
}


def randomize_batch_norm(model, generator):
    # Non-trivial running statistics, so eval mode really tests that they are used.
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.copy_(torch.randn(m.running_mean.shape, generator=generator) * 0.1)
            m.running_var.copy_(torch.rand(m.running_var.shape, generator=generator) * 0.5 + 0.75)
            m.weight.data.copy_(torch.rand(m.weight.shape, generator=generator) * 0.5 + 0.75)
            m.bias.data.copy_(torch.randn(m.bias.shape, generator=generator) * 0.1)


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for name, (factory, shape) in MODELS.items():
        torch.manual_seed(0)
        model = factory(num_classes=10)
        generator = torch.Generator().manual_seed(1)
        with torch.no_grad():
            randomize_batch_norm(model, generator)
            x = torch.randn(shape, generator=generator)
            model.eval()
            logits = model(x)
        tsformat.save_state_dict(model, os.path.join(out_dir, f"{name}.weights.dat"))
        model.train()
        # Dropout makes VGG's train-mode output random; only ResNet's is compared.
        with torch.no_grad():
            train_logits = model(x) if name == "resnet18" else logits
        tsformat.save({"input": x, "logits": logits, "train_logits": train_logits},
                      os.path.join(out_dir, f"{name}.io.dat"))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
