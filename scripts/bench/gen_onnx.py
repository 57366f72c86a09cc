"""Writes full-size MobileNetV2 1.0-224 and MobileNetV3-Large 1.0-224 (torchvision, 1000 classes)
as ONNX with random weights and realistic batch-norm statistics, plus a seeded NCHW batch of 8
images and torch's own logits for it.

Usage: python gen_onnx.py OUT_DIR        (run by bench.py in its own process: torch is never
loaded into the process that times ONNX Runtime)
Writes OUT_DIR/{mobilenet_v2,mobilenet_v3_large}.onnx, .x8.npy (input), .torch8.npy (logits).
"""
import math
import os
import sys

import numpy as np
import torch
import torchvision

SEED = 20261125
MODELS = {
    "mobilenet_v2": lambda: torchvision.models.mobilenet_v2(weights=None, num_classes=1000),
    "mobilenet_v3_large": lambda: torchvision.models.mobilenet_v3_large(weights=None, num_classes=1000),
}


@torch.no_grad()
def randomize(model: torch.nn.Module, generator: torch.Generator) -> None:
    """He-scaled convolutions, dense N(0, 0.01); BN: gamma U(0.5,1.5), beta N(0,0.1),
    running mean N(0,0.2), running variance U(0.5,2)."""
    for m in model.modules():
        if isinstance(m, torch.nn.Conv2d):
            fan_in = m.in_channels // m.groups * m.kernel_size[0] * m.kernel_size[1]
            m.weight.normal_(0.0, math.sqrt(2.0 / fan_in), generator=generator)
            if m.bias is not None:
                m.bias.normal_(0.0, 0.01, generator=generator)
        elif isinstance(m, torch.nn.BatchNorm2d):
            m.weight.uniform_(0.5, 1.5, generator=generator)
            m.bias.normal_(0.0, 0.1, generator=generator)
            m.running_mean.normal_(0.0, 0.2, generator=generator)
            m.running_var.uniform_(0.5, 2.0, generator=generator)
        elif isinstance(m, torch.nn.Linear):
            # torchvision's own dense init, N(0, 0.01): He-scaled dense layers gave V3-Large logits
            # near 90, where float32 rounding alone (ORT ENABLE_ALL vs DISABLE_ALL) exceeds 1e-4.
            m.weight.normal_(0.0, 0.01, generator=generator)
            m.bias.normal_(0.0, 0.01, generator=generator)


def main() -> None:
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(2)
    for index, (name, make) in enumerate(MODELS.items()):
        generator = torch.Generator().manual_seed(SEED + index)
        model = make()
        randomize(model, generator)
        model.eval()
        x = torch.from_numpy(np.random.default_rng(SEED + 100 + index)
                             .uniform(-1.0, 1.0, size=(8, 3, 224, 224)).astype(np.float32))
        with torch.no_grad():
            logits = model(x).numpy()
        path = os.path.join(out, name + ".onnx")
        torch.onnx.export(
            model, (x[:1],), path + ".tmp", dynamo=False, opset_version=13, do_constant_folding=True,
            input_names=["input"], output_names=["logits"],
            dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
        )
        os.replace(path + ".tmp", path)
        np.save(os.path.join(out, name + ".x8.npy"), x.numpy())
        np.save(os.path.join(out, name + ".torch8.npy"), logits)
        print(f"gen_onnx: {path} ({os.path.getsize(path)} bytes), logits |max| {np.abs(logits).max():.3g}",
              file=sys.stderr)


if __name__ == "__main__":
    main()
