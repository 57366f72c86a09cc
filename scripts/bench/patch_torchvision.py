"""Venv-only workaround for the registry's torchvision 0.28 (a CUDA build) next to CPU torch:
`import torchvision` dies with "operator torchvision::nms does not exist" because
torchvision/_meta_registrations.py registers fake kernels for compiled ops that could not load.
Makes each `@register_fake("torchvision::…")` decorator conditional on
`torchvision.extension._has_ops()`; the pure-Python model classes then import fine.

Usage: python patch_torchvision.py VENV      (edits only VENV's site-packages; idempotent)
"""
import glob
import os
import re
import sys

MARK = "# patched by WeightPort scripts/bench (CPU torch, CUDA torchvision)"


def main() -> None:
    paths = glob.glob(os.path.join(sys.argv[1], "lib", "python*", "site-packages", "torchvision",
                                   "_meta_registrations.py"))
    if len(paths) != 1:
        sys.exit(f"patch_torchvision: expected one torchvision/_meta_registrations.py in {sys.argv[1]}, found {paths}")
    path = paths[0]
    text = open(path).read()
    if MARK in text:
        print(f"patch_torchvision: {path} already patched")
        return
    pattern = re.compile(r'^(\s*)@((?:torch\.library\.)?register_fake)\((["\']torchvision::[^"\']+["\'])\)\s*$', re.M)
    patched, count = pattern.subn(
        r"\1@(\2(\3) if torchvision.extension._has_ops() else (lambda fn: fn))", text)
    if count == 0:
        sys.exit(f"patch_torchvision: no register_fake(\"torchvision::…\") decorator found in {path}")
    patched = f"{MARK}\nimport torchvision.extension\n" + patched
    with open(path + ".tmp", "w") as f:
        f.write(patched)
    os.replace(path + ".tmp", path)
    print(f"patch_torchvision: made {count} register_fake decorators conditional in {path}")


if __name__ == "__main__":
    main()
