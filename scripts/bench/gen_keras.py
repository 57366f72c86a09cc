"""Writes a full-size Keras 3 `keras.applications.MobileNetV2(weights=None)` (1.0, 224, 1000
classes) with random weights and realistic batch-norm statistics as a legacy HDF5 `.h5`.

Usage: python gen_keras.py OUT.h5      (its own process: TensorFlow is never loaded elsewhere)
"""
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras  # noqa: E402
import numpy as np  # noqa: E402


def main() -> None:
    out = sys.argv[1]
    keras.utils.set_random_seed(20261125)
    model = keras.applications.MobileNetV2(weights=None, input_shape=(224, 224, 3), alpha=1.0, classes=1000)
    rng = np.random.default_rng(20261125)
    for layer in model.layers:
        if isinstance(layer, keras.layers.BatchNormalization):
            gamma, beta, mean, var = layer.get_weights()
            layer.set_weights([rng.uniform(0.5, 1.5, gamma.shape).astype(np.float32),
                               rng.normal(0.0, 0.1, beta.shape).astype(np.float32),
                               rng.normal(0.0, 0.2, mean.shape).astype(np.float32),
                               rng.uniform(0.5, 2.0, var.shape).astype(np.float32)])
    tmp = out + ".tmp.h5"
    model.save(tmp)  # .h5 suffix: the legacy HDF5 format
    os.replace(tmp, out)
    print(f"gen_keras: {out} ({os.path.getsize(out)} bytes, {model.count_params()} params)", file=sys.stderr)


if __name__ == "__main__":
    main()
