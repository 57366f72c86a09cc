#!/usr/bin/env python3
"""Dump Keras' own MobileNet architectures as reference configs for WeightPort.

Pinned versions (the venv this was run in):
    python 3.11.7, keras==3.15.1, tensorflow-cpu==2.21.0 (backend "tensorflow"), h5py==3.14.0,
    numpy==2.4.6

Run from this folder:
    /work/venv-keras/bin/python dump_configs.py

For every spec in SPECS it writes
    <id>.meta.json     the spec, Keras' count_params(), and model.layers in order as
                       [layer name, class, weights.h5 group, [[variable, shape], ...]]
                       where the group is the layer's group under `layers/` in a real
                       `model.save_weights("m.weights.h5")` (found by its `vars/@name`) and a
                       variable's path is always "<layer name>/<variable>".
    <id>.config.json   model.to_json() byte for byte (FULL specs), or the same JSON with
                       meaningless keys stripped (all other specs, see strip_layer): the dtype
                       policy, initializers, regularizers and constraints of each layer's
                       `config`, and the `dtype` of each `__keras_tensor__` in `inbound_nodes`.
For the LEGACY specs it also writes
    <id>.h5config.json the `model_config` attribute of a Keras 3 legacy `model.save("m.h5")`.

With `--sweep N --out DIR` it instead writes N random specs (fixed seed) to DIR, all full, with
the legacy file for every tenth, for a wider check that is not committed:
    /work/venv-keras/bin/python dump_configs.py --sweep 80 --out /tmp/keras-arch-sweep
    WEIGHTPORT_KERAS_ARCH_FIXTURES=/tmp/keras-arch-sweep swift test --filter Architecture

Every model is built with weights=None after keras.backend.clear_session(), so auto-generated
layer names (re_lu_3, add_7, ...) start from zero exactly as in a fresh Python process.
"""
import argparse
import json
import os
import random
import tempfile

import h5py
import keras

# id, constructor, kwargs. input_size goes to input_shape=(n, n, 3).
SPECS = [
    ("v1_a025_128_c10", "MobileNet", dict(alpha=0.25, input_size=128, classes=10)),
    ("v1_a100_224_c1000", "MobileNet", dict(alpha=1.0, input_size=224, classes=1000)),
    ("v1_a050_96_notop_avg", "MobileNet", dict(alpha=0.5, input_size=96, include_top=False, pooling="avg")),
    ("v1_a075_161_c5_linear_dm2", "MobileNet", dict(alpha=0.75, input_size=161, classes=5, classifier_activation=None, depth_multiplier=2, dropout=0.25)),
    ("v2_a035_96_c10", "MobileNetV2", dict(alpha=0.35, input_size=96, classes=10)),
    ("v2_a140_224_c1000", "MobileNetV2", dict(alpha=1.4, input_size=224, classes=1000)),
    ("v2_a075_160_c1000", "MobileNetV2", dict(alpha=0.75, input_size=160, classes=1000)),
    ("v2_a100_224_c1000", "MobileNetV2", dict(alpha=1.0, input_size=224, classes=1000)),
    ("v2_a130_193_notop", "MobileNetV2", dict(alpha=1.3, input_size=193, include_top=False)),
    ("v3s_a100_224_c1000", "MobileNetV3Small", dict(alpha=1.0, input_size=224, classes=1000)),
    ("v3s_a075_96_c10", "MobileNetV3Small", dict(alpha=0.75, input_size=96, classes=10)),
    ("v3s_a100_224_c1000_min", "MobileNetV3Small", dict(alpha=1.0, input_size=224, classes=1000, minimalistic=True)),
    ("v3s_a125_129_c5_linear_nodrop", "MobileNetV3Small", dict(alpha=1.25, input_size=129, classes=5, classifier_activation=None, dropout_rate=0.0)),
    ("v3l_a100_224_c1000", "MobileNetV3Large", dict(alpha=1.0, input_size=224, classes=1000)),
    ("v3l_a075_96_c10_noprep", "MobileNetV3Large", dict(alpha=0.75, input_size=96, classes=10, include_preprocessing=False)),
    ("v3l_a100_224_notop_max", "MobileNetV3Large", dict(alpha=1.0, input_size=224, include_top=False, pooling="max")),
    ("v3l_a100_224_c1000_min", "MobileNetV3Large", dict(alpha=1.0, input_size=224, classes=1000, minimalistic=True)),
]
# Written byte for byte (unstripped): one per architecture.
FULL = {"v1_a025_128_c10", "v2_a035_96_c10", "v3s_a075_96_c10", "v3l_a075_96_c10_noprep"}
# Also dumped as the legacy .h5 `model_config` attribute.
LEGACY = {"v3s_a075_96_c10"}


def strip_layer(layer):
    """Drops, in place, keys that carry no meaning for WeightPort: in the layer's `config` the
    dtype policy (`dtype`) and every `*_initializer`, `*_regularizer`, `*_constraint`; in every
    `__keras_tensor__` argument of `inbound_nodes` its `dtype` (always "float32" here)."""
    layer["config"] = {
        k: v
        for k, v in layer["config"].items()
        if k != "dtype"
        and not k.endswith("_initializer")
        and not k.endswith("_regularizer")
        and not k.endswith("_constraint")
    }
    for node in layer["inbound_nodes"]:
        for arg in node["args"]:
            for tensor in arg if isinstance(arg, list) else [arg]:
                if isinstance(tensor, dict) and tensor.get("class_name") == "__keras_tensor__":
                    tensor["config"].pop("dtype", None)


def weights_h5_groups(model):
    """Maps layer name -> group name under `layers/` of a real Keras 3 `.weights.h5`."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "m.weights.h5")
        model.save_weights(path)
        with h5py.File(path, "r") as h:
            return {h["layers"][g]["vars"].attrs["name"]: g for g in h["layers"]}


def layer_entry(layer, groups):
    variables = []
    for w in layer.weights:
        prefix, _, var = w.path.rpartition("/")
        assert prefix == layer.name, (w.path, layer.name)
        variables.append([var, list(w.shape)])
    return [layer.name, type(layer).__name__, groups[layer.name], variables]


def build(ctor, kw):
    kw = dict(kw)
    n = kw.pop("input_size")
    keras.backend.clear_session()
    return getattr(keras.applications, ctor)(weights=None, input_shape=(n, n, 3), **kw)


def random_specs(n, seed=20261125):
    """N random specs over every option, including odd sizes and unpublished alphas."""
    rng = random.Random(seed)
    specs = []
    for i in range(n):
        ctor = rng.choice(["MobileNet", "MobileNetV2", "MobileNetV3Small", "MobileNetV3Large"])
        kw = dict(
            alpha=rng.choice([0.05, 0.1, 0.2, 0.25, 0.3, 0.33, 0.35, 0.5, 0.6, 0.75, 0.9, 1.0, 1.1, 1.3, 1.5, 2.0, 2.7]),
            input_size=rng.choice([32, 33, 47, 64, 96, 97, 128, 150, 224, 257]),
        )
        if rng.random() < 0.7:
            kw["classes"] = rng.choice([1, 2, 10, 1000, 1001])
            if rng.random() < 0.3:
                kw["classifier_activation"] = rng.choice([None, "sigmoid", "linear"])
        else:
            kw["include_top"] = False
            kw["pooling"] = rng.choice([None, "avg", "max"])
        if ctor == "MobileNet" and rng.random() < 0.3:
            kw["depth_multiplier"] = rng.choice([1, 2, 3])
        if ctor.startswith("MobileNetV3"):
            kw["minimalistic"] = rng.random() < 0.4
            kw["include_preprocessing"] = rng.random() < 0.6
            if rng.random() < 0.2:
                kw["dropout_rate"] = rng.choice([0.0, 0.5])
        specs.append((f"sweep{i:03d}_{ctor}", ctor, kw))
    return specs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sweep", type=int)
    parser.add_argument("--out")
    args = parser.parse_args()
    global SPECS, FULL, LEGACY
    if args.sweep:
        SPECS = random_specs(args.sweep)
        FULL = {sid for sid, _, _ in SPECS}
        LEGACY = {sid for i, (sid, _, _) in enumerate(SPECS) if i % 10 == 0}
        os.makedirs(args.out, exist_ok=True)
        os.chdir(args.out)
    for sid, ctor, kw in SPECS:
        model = build(ctor, kw)
        groups = weights_h5_groups(model)
        meta = {
            "id": sid,
            "keras_version": keras.__version__,
            "backend": keras.backend.backend(),
            "constructor": ctor,
            "kwargs": kw,
            "count_params": model.count_params(),
            "layers": [layer_entry(layer, groups) for layer in model.layers],
        }
        with open(f"{sid}.meta.json", "w") as f:
            json.dump(meta, f, separators=(",", ":"))
            f.write("\n")
        text = model.to_json()
        if sid not in FULL:
            cfg = json.loads(text)
            for layer in cfg["config"]["layers"]:
                strip_layer(layer)
            text = json.dumps(cfg)
        with open(f"{sid}.config.json", "w") as f:
            f.write(text)
        if sid in LEGACY:
            with tempfile.TemporaryDirectory() as d:
                path = os.path.join(d, "m.h5")
                model.save(path)
                with h5py.File(path, "r") as h:
                    attr = h.attrs["model_config"]
            with open(f"{sid}.h5config.json", "w") as f:
                f.write(attr.decode() if isinstance(attr, bytes) else attr)
        print(sid, meta["count_params"], len(text))


if __name__ == "__main__":
    main()
