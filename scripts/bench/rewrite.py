"""The baseline of the convert-speed row: the plain Python way to re-encode a Keras .h5 — read
every weight with h5py, write them all to a safetensors file. Timed as a whole process
(interpreter start and imports included), like `weightport convert`.

Usage: python rewrite.py IN.h5 OUT.safetensors
"""
import sys

import h5py
import numpy as np
from safetensors.numpy import save_file


def main() -> None:
    tensors = {}

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset):
            tensors[name] = np.ascontiguousarray(obj[()])

    with h5py.File(sys.argv[1], "r") as f:
        (f["model_weights"] if "model_weights" in f else f).visititems(visit)
    save_file(tensors, sys.argv[2])


if __name__ == "__main__":
    main()
