#!/usr/bin/env python3
"""Generate the Keras test fixtures of WeightPort (Keras 3 and tf_keras files).

Run from the repository root:

    /work/venv-keras/bin/python Fixtures/generate/generate_keras.py [--out Fixtures]

The main process imports no framework: it runs itself once per framework in a child
process (``--worker keras`` / ``--worker tf_keras``) so Keras 3 and tf_keras never
share a process, then merges the entries into ``<out>/MANIFEST.json`` (entries of other
generators, e.g. ``kind: "onnx"``, are kept).

Everything is deterministic: every weight and every input is drawn from a numpy RNG
seeded from a string key (sha256), never from the global RNG. ``.keras`` archives carry a
``date_saved`` and so change hash on every run; the other files do not.
"""
import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATED_BY = "generate/generate_keras.py"

# ---------------------------------------------------------------------------
# What to generate.  A *group* is one in-memory model written to one or more files.
# ``wkey`` names the weight family: groups with the same wkey get the same weights
# (keyed by the ordinal of the weighted layer and the variable's short name), so the
# Keras 3 and tf_keras twins hold identical tensors.
# ---------------------------------------------------------------------------
V1 = dict(arch="mobilenet_v1", minimalistic=None, include_preprocessing=None)
V2 = dict(arch="mobilenet_v2", input_size=96, classes=10, include_top=True, pooling=None,
          classifier_activation=None, minimalistic=None, include_preprocessing=None)
V3 = dict(input_size=96, classes=10, include_top=True, pooling=None, classifier_activation=None,
          include_preprocessing=True)
# Tiers: "core" files are committed and fit the budget (whole Fixtures tree <= 30 MB); "extra" files (MobileNetV3 at
# the brief's alpha 0.75 with its 1024/1280-channel head, 3-11 MB a file, and second copies in
# other formats) are made only with `--tier all`, into another --out folder.
GROUPS = [
    # ---- step 1: MobileNet v1 -------------------------------------------------------
    dict(V1, framework="keras", wkey="v1_a025_128", alpha=0.25, input_size=128, classes=10,
         include_top=True, pooling=None, classifier_activation=None,
         files=[("mobilenet_v1_a025_128_k3", "keras_h5")]),
    dict(V1, framework="tf_keras", wkey="v1_a025_128", alpha=0.25, input_size=128, classes=10,
         include_top=True, pooling=None, classifier_activation="softmax",
         files=[("mobilenet_v1_a025_128_softmax_tfk", "keras_h5")]),
    # head-less v1 (pooled features); alpha 0.25 (was 0.5: 3.6 MB, over the 30 MB Fixtures budget)
    dict(V1, framework="keras", wkey="v1_a025_96_notop", alpha=0.25, input_size=96, classes=None,
         include_top=False, pooling="avg", classifier_activation=None,
         files=[("mobilenet_v1_a025_96_notop_avg_k3", "keras_h5")]),
    # ---- step 2 -------------------------------------------------------------------------
    dict(V1, framework="tf_keras", wkey="v1_a025_128", alpha=0.25, input_size=128, classes=10,
         include_top=True, pooling=None, classifier_activation=None,
         files=[("mobilenet_v1_a025_128_tfk_legacy_weights", "keras_legacy_weights_h5")]),
    dict(V2, framework="keras", wkey="v2_a035_96", alpha=0.35,
         files=[("mobilenet_v2_a035_96_k3", "keras_h5"), ("mobilenet_v2_a035_96_k3_keras", "keras_v3"),
                ("mobilenet_v2_a035_96_k3_weights", "keras_weights_h5")]),
    dict(V2, framework="keras", wkey="v2_a035_96", alpha=0.35, weights_dtype="float16",
         files=[("mobilenet_v2_a035_96_fp16_k3", "keras_h5")]),
    dict(V2, framework="tf_keras", wkey="v2_a035_96", alpha=0.35, tier="extra",
         files=[("mobilenet_v2_a035_96_tfk", "keras_h5")]),
    dict(V2, framework="keras", wkey="nested_v2_a035_96", arch="nested", alpha=0.35, classes=5,
         include_top=False, files=[("nested_v2_a035_96_k3", "keras_h5"),
                                   ("nested_v2_a035_96_k3_keras", "keras_v3", "extra")]),
    # MobileNetV3, committed: small, alpha 0.1, without the classifier head (pooled features)
    dict(V3, framework="keras", wkey="v3_small_a010_notop", arch="mobilenet_v3_small", alpha=0.1,
         minimalistic=False, include_top=False, pooling="avg", classes=None,
         files=[("mobilenet_v3_small_a010_96_notop_avg_k3", "keras_h5")]),
    dict(V3, framework="tf_keras", wkey="v3_small_a010_notop", arch="mobilenet_v3_small", alpha=0.1,
         minimalistic=False, include_top=False, pooling="avg", classes=None,
         files=[("mobilenet_v3_small_a010_96_notop_avg_tfk", "keras_h5")]),
    # MobileNetV3 with its classifier head (GAP keepdims -> 1x1 conv -> hard-swish -> dropout ->
    # 1x1 conv logits -> flatten -> activation): alpha 0.1, 10 classes.  The head's 1024/1280-
    # channel conv does not shrink with alpha, so these are 0.9-1.5 MB a file; only the Keras 3
    # v3-small `.keras` fits the 30 MB Fixtures budget (with the v3-small tf2onnx export), the
    # tf_keras twin (1.31 MB), large (1.48 MB) and minimalistic (0.94 MB) are tier "extra".
    dict(V3, framework="keras", wkey="v3_small_a010", arch="mobilenet_v3_small", alpha=0.1,
         minimalistic=False, files=[("mobilenet_v3_small_a010_96_k3_keras", "keras_v3")]),
    dict(V3, framework="tf_keras", wkey="v3_small_a010", arch="mobilenet_v3_small", alpha=0.1,
         minimalistic=False, files=[("mobilenet_v3_small_a010_96_tfk", "keras_h5")], tier="extra"),
    dict(V3, framework="keras", wkey="v3_large_a010", arch="mobilenet_v3_large", alpha=0.1,
         minimalistic=False, files=[("mobilenet_v3_large_a010_96_k3_keras", "keras_v3")], tier="extra"),
    dict(V3, framework="keras", wkey="v3_small_min_a010", arch="mobilenet_v3_small", alpha=0.1,
         minimalistic=True, files=[("mobilenet_v3_small_min_a010_96_k3_keras", "keras_v3")], tier="extra"),
] + [
    # MobileNetV3 as the brief asked (alpha 0.75, 10 classes): 3-11 MB a file, tier "extra"
    dict(V3, framework=fw, wkey=f"v3_{size}_a075{'_min' if mini else ''}", arch=f"mobilenet_v3_{size}",
         alpha=0.75, minimalistic=mini, tier="extra",
         files=[(f"mobilenet_v3_{size}{'_min' if mini else ''}_a075_96_{suffix}", kind) for suffix, kind in files])
    for size, mini, fw, files in (
        ("small", False, "keras", [("k3", "keras_h5"), ("k3_keras", "keras_v3")]),
        ("small", False, "tf_keras", [("tfk", "keras_h5")]),
        ("small", True, "keras", [("k3_keras", "keras_v3")]),
        ("large", False, "keras", [("k3_keras", "keras_v3")]),
        ("large", False, "tf_keras", [("tfk", "keras_h5")]),
    )
]
for _g in GROUPS:  # files are (id, kind[, tier]); a file's tier defaults to its group's
    _g.setdefault("tier", "core")
    _g["files"] = [(f[0], f[1], f[2] if len(f) > 2 else _g["tier"]) for f in _g["files"]]

# The classifier's kernel is drawn with this many times the He/Glorot std: the pooled
# features are mostly positive and small, and a plain He head gives logits std ~0.4.
HEAD_GAIN = 3.0

EXT = {"keras_h5": ".h5", "keras_v3": ".keras", "keras_weights_h5": ".weights.h5",
       "keras_legacy_weights_h5": ".h5"}
ARCH_FN = {"mobilenet_v1": "MobileNet", "mobilenet_v2": "MobileNetV2",
           "mobilenet_v3_small": "MobileNetV3Small", "mobilenet_v3_large": "MobileNetV3Large"}


def seed_of(key):
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "little")


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ---------------------------------------------------------------------------
# Inputs: batch 3, NHWC float32, three deliberately different images (noise, smooth
# waves, blocks + gradient) so the three samples land in different classes.  Inputs are
# shared by every fixture with the same size and range: Fixtures/keras/inputs/*.npy, and
# Fixtures/keras/<id>.inputs.npy is a relative symlink to the shared file.
# ---------------------------------------------------------------------------
def make_inputs(np, size, rng_range, key="fixture"):
    rng = np.random.default_rng(seed_of(f"inputs/{size}/{key}"))
    h = w = size
    noise = rng.uniform(-1.0, 1.0, size=(h, w, 3))
    yy, xx = np.meshgrid(np.linspace(0, 1, h), np.linspace(0, 1, w), indexing="ij")
    waves = np.zeros((h, w, 3))
    for c in range(3):
        for _ in range(3):
            fy, fx = rng.uniform(0.5, 4.0, size=2)
            ph = rng.uniform(0, 2 * np.pi)
            waves[..., c] += np.sin(2 * np.pi * (fy * yy + fx * xx) + ph)
    waves /= np.abs(waves).max()
    nb = 8
    blocks = rng.uniform(-1.0, 1.0, size=(nb, nb, 3))
    blocks = np.kron(blocks, np.ones((h // nb + 1, w // nb + 1, 1)))[:h, :w]
    blocks = np.clip(0.7 * blocks + 0.6 * (yy - xx)[..., None], -1.0, 1.0)
    x = np.stack([noise, waves, blocks]).astype(np.float32)
    if rng_range == "0_255":
        x = ((x + 1.0) * 127.5).astype(np.float32)
    return x


def inputs_for(np, out, size, rng_range):
    rel = f"keras/inputs/nhwc_b3_{size}x{size}x3_{'pm1' if rng_range == 'pm1' else '0_255'}.npy"
    path = os.path.join(out, rel)
    x = make_inputs(np, size, rng_range)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    np.save(path, x)
    return rel, x


# ---------------------------------------------------------------------------
# Random but realistic weights
# ---------------------------------------------------------------------------
def weighted_layers(model):
    out = []
    for layer in model.layers:
        if hasattr(layer, "layers") and layer.weights:  # nested model: recurse in order
            out.extend(weighted_layers(layer))
        elif layer.weights:
            out.append(layer)
    return out


def short_name(var):
    n = var.name.split("/")[-1].split(":")[0]
    return "kernel" if n == "depthwise_kernel" else n


def random_value(np, rng, layer, short, shape):
    cls = type(layer).__name__
    if short == "kernel":
        if len(shape) == 4:
            kh, kw, cin, cout = shape
            fan_in = kh * kw if cls == "DepthwiseConv2D" else kh * kw * cin
            return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=shape)
        if len(shape) == 2:  # Dense: Glorot normal
            return rng.normal(0.0, np.sqrt(2.0 / (shape[0] + shape[1])), size=shape)
    if short == "bias":
        return rng.normal(0.0, 0.05, size=shape)
    if short == "gamma":
        return rng.uniform(0.5, 1.5, size=shape)
    if short == "beta":
        return rng.normal(0.0, 0.1, size=shape)
    if short == "moving_mean":
        return rng.normal(0.0, rng.uniform(0.1, 0.5), size=shape)
    if short == "moving_variance":
        return rng.uniform(0.5, 2.0, size=shape)
    raise ValueError(f"no rule for {layer.name}/{short} {shape}")


def apply_weights(model, vals, fp16_round=False):
    """vals: {"<ordinal>/<short>": array}. fp16_round: round through float16 first."""
    import numpy as np
    for i, layer in enumerate(weighted_layers(model)):
        arrs = []
        for v in layer.weights:
            a = np.asarray(vals[f"{i}/{short_name(v)}"])
            assert tuple(a.shape) == tuple(int(d) for d in v.shape), (layer.name, v.name, a.shape, v.shape)
            if fp16_round:
                a = a.astype(np.float16)
            arrs.append(a.astype(np.float32))
        layer.set_weights(arrs)


def random_family_weights(np, K, model, wkey, x_cal, head_salt=0, head_gain=1.0):
    """Seeded weights for every variable of `model`, then BatchNorm statistics calibrated on
    x_cal so that BN keeps the activations input-dependent (see README: with purely random
    moving statistics the per-channel BN offsets swamp the signal after a few layers and
    all inputs give the same logits)."""
    layers = weighted_layers(model)
    vals = {}
    for i, layer in enumerate(layers):
        for v in layer.weights:
            s = short_name(v)
            shape = tuple(int(d) for d in v.shape)
            key = f"{wkey}/{i}/{s}/{shape}"
            if i == len(layers) - 1 and head_salt:
                key += f"/salt{head_salt}"
            vals[f"{i}/{s}"] = random_value(np, np.random.default_rng(seed_of(key)), layer, s, shape)
            if i == len(layers) - 1 and s == "kernel":
                vals[f"{i}/{s}"] *= head_gain
    apply_weights(model, vals)

    # BN calibration, in topological order, inside whichever (nested) model owns the layer.
    def owners(m, x):
        yield m, x
        for l in m.layers:
            if hasattr(l, "layers") and l.weights:
                yield from owners(l, x)  # nested bases here take the outer input unchanged
    done = set()
    for owner, xo in owners(model, x_cal):
        for l in owner.layers:
            if type(l).__name__ != "BatchNormalization" or id(l) in done:
                continue
            done.add(id(l))
            i = next(j for j, w in enumerate(layers) if w is l)
            a = np.asarray(K.Model(owner.inputs, l.input)(xo, training=False), np.float64)
            mean = a.mean(axis=tuple(range(a.ndim - 1)))
            std = a.std(axis=tuple(range(a.ndim - 1)))
            std = np.maximum(std, 0.05 * np.median(std) + 1e-3)
            rng = np.random.default_rng(seed_of(f"{wkey}/{i}/bn_stats"))
            mm = mean + std * rng.normal(0.0, rng.uniform(0.1, 0.5), size=mean.shape)
            mv = std ** 2 * rng.uniform(0.5, 2.0, size=std.shape)
            vals[f"{i}/moving_mean"], vals[f"{i}/moving_variance"] = mm, mv
            l.set_weights([vals[f"{i}/{short_name(v)}"].astype(np.float32) for v in l.weights])
    return {k: np.asarray(v, np.float32) for k, v in vals.items()}


# ---------------------------------------------------------------------------
# Worker (runs inside one framework)
# ---------------------------------------------------------------------------
# Step 3: a Keras 3 fixture exported to ONNX by tf2onnx (opset 13), run by ONNX Runtime.
# The v2 export (1.6 MB) does not fit the 30 MB Fixtures budget, so it is "extra"; the committed
# export is the v3-small-with-head model (hard-swish, SE), inputs in [0, 255].
TF2ONNX_EXPORTS = [
    dict(id="keras_v2_a035_96_tf2onnx", source_model="mobilenet_v2_a035_96_k3", source_ext=".h5",
         arch="mobilenet_v2", alpha=0.35, input_range="pm1", opset=13, tier="extra"),
    dict(id="keras_v3_small_a010_96_tf2onnx", source_model="mobilenet_v3_small_a010_96_k3_keras",
         source_ext=".keras", arch="mobilenet_v3_small", alpha=0.1, input_range="0_255", opset=13, tier="core"),
]
TF2ONNX_IDS = [t["id"] for t in TF2ONNX_EXPORTS]


def tf2onnx_worker(out, json_path, tiers, only_ids=()):
    import numpy as np
    import keras
    import onnx
    import onnxruntime as ort
    import tensorflow as tf
    import tf2onnx
    entries = []
    for t in TF2ONNX_EXPORTS:
        if t["tier"] not in tiers or (only_ids and t["id"] not in only_ids):
            continue
        src = os.path.join(out, "keras", t["source_model"] + t["source_ext"])
        model = keras.models.load_model(src, compile=False)
        in_rel, x = inputs_for(np, out, 96, t["input_range"])
        rel = f"onnx/{t['id']}.onnx"
        path = os.path.join(out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        spec = (tf.TensorSpec((None, 96, 96, 3), tf.float32, name="input"),)
        tf2onnx.convert.from_keras(model, input_signature=spec, opset=t["opset"], output_path=path)
        sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        y = sess.run(None, {sess.get_inputs()[0].name: x})[0].astype(np.float32)
        yk = np.load(os.path.join(out, "keras", t["source_model"] + ".logits.npy"))
        np.save(os.path.join(out, f"onnx/{t['id']}.logits.npy"), y)
        link = os.path.join(out, f"onnx/{t['id']}.inputs.npy")
        if os.path.lexists(link):
            os.remove(link)
        os.symlink(os.path.relpath(os.path.join(out, in_rel), os.path.dirname(link)), link)
        m = onnx.load(path)
        ops = {}
        for n in m.graph.node:
            ops[n.op_type] = ops.get(n.op_type, 0) + 1
        e = {"id": t["id"], "file": rel, "sha256": sha256_file(path), "size_bytes": os.path.getsize(path),
             "kind": "onnx", "framework": "tf2onnx", "framework_version": tf2onnx.__version__,
             "onnxruntime_version": ort.__version__, "opset": t["opset"], "source_model": t["source_model"],
             "exporter": f"tf2onnx {tf2onnx.__version__}",
             "arch": t["arch"], "alpha": t["alpha"], "input_size": 96, "classes": 10,
             "inputs": f"onnx/{t['id']}.inputs.npy", "inputs_shared_file": in_rel, "input_shape": list(x.shape),
             "input_layout": "NHWC", "input_range": [0.0, 255.0] if t["input_range"] == "0_255" else [-1.0, 1.0],
             "onnx_inputs": [(i.name, i.shape) for i in sess.get_inputs()],
             "onnx_outputs": [(o.name, o.shape) for o in sess.get_outputs()],
             "onnx_op_counts": ops,
             "expected": f"onnx/{t['id']}.logits.npy", "expected_shape": list(y.shape),
             "expected_from": "onnxruntime", "expected_std": float(y.std()),
             "expected_top1": np.argmax(y, -1).tolist(),
             "vs_keras_max_abs_diff": float(np.abs(y - yk).max()),
             "tier": t["tier"], "generated_by": GENERATED_BY}
        entries.append(e)
        print(f"[tf2onnx] {t['id']:45s} onnx {e['size_bytes']/1e6:6.2f} MB std={e['expected_std']:.3f} "
              f"top1={e['expected_top1']} vs keras max diff={e['vs_keras_max_abs_diff']:.2e} ops={ops}", flush=True)
    with open(json_path, "w") as f:
        json.dump({"entries": entries, "versions": {"tf2onnx": tf2onnx.__version__, "onnx": onnx.__version__,
                                                    "onnxruntime": ort.__version__}}, f)


def worker(framework, out, json_path, only_ids, cache_dir, tiers):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import numpy as np
    import h5py
    import tensorflow as tf
    if framework == "keras":
        import keras as K
        assert K.__version__.startswith("3."), K.__version__
    else:
        import tf_keras as K
    tf.random.set_seed(0)
    fw_version = K.__version__

    def build(g, dtype_policy=None):
        if g["arch"] == "nested":
            base = K.applications.MobileNetV2(alpha=g["alpha"], input_shape=(g["input_size"],) * 2 + (3,),
                                              include_top=False, weights=None)
            inp = K.Input((g["input_size"], g["input_size"], 3))
            x = base(inp, training=False)
            x = K.layers.GlobalAveragePooling2D()(x)
            x = K.layers.Dropout(0.2)(x)
            outp = K.layers.Dense(g["classes"])(x)
            return K.Model(inp, outp)
        fn = getattr(K.applications, ARCH_FN[g["arch"]])
        kw = dict(alpha=g["alpha"], input_shape=(g["input_size"], g["input_size"], 3), weights=None,
                  include_top=g["include_top"], pooling=g["pooling"])
        if g["include_top"]:
            kw.update(classes=g["classes"], classifier_activation=g["classifier_activation"])
        if g["arch"].startswith("mobilenet_v3"):
            kw.update(minimalistic=g["minimalistic"], include_preprocessing=g["include_preprocessing"])
        return fn(**kw)

    def predict(m, x):
        return np.asarray(m.predict(x, batch_size=len(x), verbose=0)).astype(np.float32)

    def h5_dtypes(path):
        import io
        import zipfile
        if path.endswith(".keras"):
            with zipfile.ZipFile(path) as z:
                f = h5py.File(io.BytesIO(z.read("model.weights.h5")), "r")
        else:
            f = h5py.File(path, "r")
        seen = {}
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                seen[obj.dtype.str] = seen.get(obj.dtype.str, 0) + 1
        f.visititems(visit)
        f.close()
        return seen

    entries = []
    for g in GROUPS:
        files = [(fid, kind, t) for fid, kind, t in g["files"]
                 if t in tiers and (not only_ids or fid in only_ids)]
        if g["framework"] != framework or not files:
            continue
        rng_range = "0_255" if g.get("include_preprocessing") else "pm1"
        in_rel, x = inputs_for(np, out, g["input_size"], rng_range)
        wdtype = g.get("weights_dtype", "float32")
        has_head = g["include_top"] or g["arch"] == "nested"
        K.backend.clear_session()  # reset auto-naming: layer names must not depend on group order
        if wdtype == "float16":  # the model that gets saved is built first, with clean names
            if framework == "keras":
                K.config.set_dtype_policy("float16")
            else:
                K.mixed_precision.set_global_policy("float16")
            model = build(g)
            if framework == "keras":
                K.config.set_dtype_policy("float32")
            else:
                K.mixed_precision.set_global_policy("float32")
        fp32_model = build(g)  # float32 policy
        cache = os.path.join(cache_dir, g["wkey"] + ".npz") if cache_dir else None
        if cache and os.path.exists(cache):
            # the twin in the other framework (or an earlier group) made this family:
            # reuse its exact tensors
            z = np.load(cache)
            vals, salt = {k: z[k] for k in z.files if k != "__salt__"}, int(z["__salt__"])
        else:
            x_cal = np.concatenate([x, make_inputs(np, g["input_size"], rng_range, key="cal1"),
                                    make_inputs(np, g["input_size"], rng_range, key="cal2")])
            gain = HEAD_GAIN if has_head else 1.0
            vals = random_family_weights(np, K, fp32_model, g["wkey"], x_cal, head_gain=gain)
            salt = 0
            y = predict(fp32_model, x)
            # A head whose three samples agree on top-1 gets another (deterministic) draw.
            last = len(weighted_layers(fp32_model)) - 1
            while has_head and len(set(np.argmax(y, -1).tolist())) < len(y) and salt < 50:
                salt += 1
                lyr = weighted_layers(fp32_model)[last]
                for v in lyr.weights:
                    sh = tuple(int(d) for d in v.shape)
                    sn = short_name(v)
                    key = f"{g['wkey']}/{last}/{sn}/{sh}/salt{salt}"
                    val = random_value(np, np.random.default_rng(seed_of(key)), lyr, sn, sh)
                    vals[f"{last}/{sn}"] = (val * gain if sn == "kernel" else val).astype(np.float32)
                apply_weights(fp32_model, vals)
                y = predict(fp32_model, x)
            if cache:
                np.savez(cache, __salt__=np.array(salt), **vals)
        extra = {}
        if wdtype == "float16":
            apply_weights(model, vals, fp16_round=True)
            # the same architecture in float32 with the fp16-rounded weights
            apply_weights(fp32_model, vals, fp16_round=True)
            extra["fp32"] = predict(fp32_model, x)
        else:
            model = fp32_model
            apply_weights(model, vals)
        y = predict(model, x)
        mem_out = y
        extra = {}
        if wdtype == "float16":
            ref = build(g)  # same architecture, float32 policy, fp16-rounded weights
            apply_weights(ref, vals, fp16_round=True)
            extra["fp32"] = predict(ref, x)

        for fid, kind, tier in files:
            rel = f"keras/{fid}{EXT[kind]}"
            path = os.path.join(out, rel)
            if os.path.exists(path):
                os.remove(path)
            if kind == "keras_weights_h5" or kind == "keras_legacy_weights_h5":
                model.save_weights(path)
            else:
                model.save(path)
            # Reload the saved file in the framework that wrote it.
            expected_from, note = "reloaded_file", None
            try:
                if kind in ("keras_weights_h5", "keras_legacy_weights_h5"):
                    m2 = build(g)
                    m2.load_weights(path)
                else:
                    m2 = K.models.load_model(path, compile=False)
                y2 = predict(m2, x)
            except Exception as e:  # noqa: BLE001 - record and fall back
                expected_from = "in_memory_model"
                note = f"{framework} {fw_version} cannot reload its own file: {type(e).__name__}: {str(e)[:300]}"
                y2 = mem_out
            diff = float(np.max(np.abs(y2 - mem_out)))
            np.save(os.path.join(out, f"keras/{fid}.logits.npy"), y2.astype(np.float32))
            link = os.path.join(out, f"keras/{fid}.inputs.npy")
            if os.path.lexists(link):
                os.remove(link)
            os.symlink(os.path.relpath(os.path.join(out, in_rel), os.path.dirname(link)), link)
            e = {
                "id": fid, "file": rel, "sha256": sha256_file(path), "size_bytes": os.path.getsize(path),
                "kind": kind, "framework": framework, "framework_version": fw_version,
                "arch": g["arch"], "alpha": g["alpha"], "input_size": g["input_size"],
                "classes": g["classes"], "include_top": g["include_top"], "pooling": g["pooling"],
                "classifier_activation": g["classifier_activation"] if g["include_top"] else None,
                "minimalistic": g["minimalistic"], "include_preprocessing": g["include_preprocessing"],
                "weights_dtype": wdtype, "count_params": int(model.count_params()),
                "inputs": f"keras/{fid}.inputs.npy", "inputs_shared_file": in_rel,
                "input_shape": list(x.shape), "input_layout": "NHWC",
                "input_range": [0.0, 255.0] if rng_range == "0_255" else [-1.0, 1.0],
                "expected": f"keras/{fid}.logits.npy", "expected_shape": list(y2.shape),
                "expected_from": expected_from,
                "expected_std": float(np.std(y2)), "expected_between_sample_std": float(np.std(y2, axis=0).mean()), "expected_top1": np.argmax(y2, -1).tolist() if has_head else None,
                "reload_vs_memory_max_abs_diff": diff,
                "weight_family": g["wkey"], "head_salt": salt, "tier": tier,
                "h5_dataset_dtypes": h5_dtypes(path),
                "generated_by": GENERATED_BY,
            }
            if g["arch"] == "nested":
                e["nested"] = {"base": "mobilenet_v2", "base_include_top": False, "base_call_training": False,
                               "head": ["GlobalAveragePooling2D", "Dropout(0.2)", f"Dense({g['classes']})"]}
            if kind in ("keras_weights_h5", "keras_legacy_weights_h5"):
                e["rebuild_args"] = {"arch": g["arch"], "alpha": g["alpha"], "input_size": g["input_size"],
                                     "classes": g["classes"], "minimalistic": g["minimalistic"],
                                     "include_top": g["include_top"], "pooling": g["pooling"],
                                     "classifier_activation": g["classifier_activation"],
                                     "include_preprocessing": g["include_preprocessing"]}
            if "fp32" in extra:
                p = f"keras/{fid}.logits_fp32compute.npy"
                np.save(os.path.join(out, p), extra["fp32"])
                e["expected_fp32_compute"] = p
                e["fp16_vs_fp32_compute_max_abs_diff"] = float(np.max(np.abs(extra["fp32"] - y2)))
            if note:
                e["note"] = note
            entries.append(e)
            std = e["expected_std"]
            flag = "" if (not has_head or g["classifier_activation"] == "softmax" or 0.5 <= std <= 10) \
                else "  <-- STD OUT OF RANGE"
            if not np.all(np.isfinite(y2)):
                flag += "  <-- NOT FINITE"
            print(f"[{framework}] {fid:45s} {kind:24s} {e['size_bytes']/1e6:6.2f} MB params={e['count_params']:>8d} "
                  f"std={std:.3f} top1={e['expected_top1']} from={expected_from} reload_diff={diff:.2e} "
                  f"dtypes={e['h5_dataset_dtypes']}{flag}", flush=True)

    versions = {"python": sys.version.split()[0], "numpy": np.__version__, "h5py": h5py.__version__,
                "tensorflow": tf.__version__, framework: fw_version}
    with open(json_path, "w") as f:
        json.dump({"entries": entries, "versions": versions}, f)


# ---------------------------------------------------------------------------
# Main: run the workers, merge MANIFEST.json, print sizes
# ---------------------------------------------------------------------------
def dir_size(path):
    total = 0
    for root, _, files in os.walk(path):
        for n in files:
            p = os.path.join(root, n)
            if not os.path.islink(p):
                total += os.path.getsize(p)
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.normpath(os.path.join(HERE, "..")),
                    help="the Fixtures directory (default: the one holding this script's folder)")
    ap.add_argument("--only", nargs="*", default=None, help="regenerate only these fixture ids")
    ap.add_argument("--tier", choices=["core", "all"], default="core",
                    help="core: the committed fixtures (default); all: also the brief's full-size "
                         "MobileNetV3 (alpha 0.75) and the tf_keras v2 file, which do not fit the "
                         "30 MB Fixtures budget -- use with --out somewhere else")
    ap.add_argument("--worker", choices=["keras", "tf_keras", "tf2onnx"], help=argparse.SUPPRESS)
    ap.add_argument("--json", help=argparse.SUPPRESS)
    ap.add_argument("--cache", help=argparse.SUPPRESS)
    a = ap.parse_args()
    out = os.path.abspath(a.out)
    tiers = {"core"} if a.tier == "core" else {"core", "extra"}
    if a.worker:
        if a.worker == "tf2onnx":
            tf2onnx_worker(out, a.json, tiers, set(a.only or []))
        else:
            worker(a.worker, out, a.json, set(a.only or []), a.cache, tiers)
        return

    os.makedirs(os.path.join(out, "keras"), exist_ok=True)
    results, versions = [], {}
    cache = tempfile.mkdtemp(prefix="weightport-keras-weights-")
    try:
        run_workers(a, out, cache, results, versions, tiers)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    finish(out, results, versions)


def run_workers(a, out, cache, results, versions, tiers):
    for fw in ("keras", "tf_keras", "tf2onnx"):
        if fw == "tf2onnx" and not any(t["tier"] in tiers and (not a.only or t["id"] in a.only)
                                       for t in TF2ONNX_EXPORTS):
            continue
        env = dict(os.environ)
        env.pop("TF_USE_LEGACY_KERAS", None)
        if fw == "tf_keras":
            env["TF_USE_LEGACY_KERAS"] = "1"
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as t:
            tmp = t.name
        cmd = [sys.executable, os.path.abspath(__file__), "--worker", fw, "--out", out, "--json", tmp,
               "--cache", cache, "--tier", a.tier]
        if a.only:
            cmd += ["--only", *a.only]
        subprocess.run(cmd, check=True, env=env)
        with open(tmp) as f:
            r = json.load(f)
        os.remove(tmp)
        results += r["entries"]
        versions.update(r["versions"])


def finish(out, results, versions):
    mpath = os.path.join(out, "MANIFEST.json")
    manifest = {"generator": "Fixtures/generate (see generate/README.md)", "versions": {}, "fixtures": []}
    if os.path.exists(mpath):
        with open(mpath) as f:
            manifest = json.load(f)
    new_ids = {e["id"] for e in results}
    mine_now = {f[0] for g in GROUPS for f in g["files"]} | set(TF2ONNX_IDS)
    kept = []
    for e in manifest.get("fixtures", []):
        if e["id"] in new_ids:
            continue
        if e.get("generated_by") == GENERATED_BY and e["id"] not in mine_now:
            continue  # a fixture this generator no longer makes
        kept.append(e)
    by_id = {e["id"]: e for e in kept + results}
    order = [f[0] for g in GROUPS for f in g["files"]] + TF2ONNX_IDS
    fixtures = [e for e in kept if e["id"] not in mine_now] + [by_id[i] for i in order if i in by_id]
    manifest["versions"] = {**manifest.get("versions", {}), **versions}
    manifest["fixtures"] = fixtures
    with open(mpath, "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")

    mine = dir_size(os.path.join(out, "keras"))
    onnx_dir = os.path.join(out, "onnx")
    if os.path.isdir(onnx_dir):
        mine += sum(os.path.getsize(os.path.join(onnx_dir, n)) for n in os.listdir(onnx_dir)
                    if n.split(".")[0] in TF2ONNX_IDS and not os.path.islink(os.path.join(onnx_dir, n)))
    total = dir_size(out)
    print(f"This generator's files: {mine} bytes = {mine/1e6:.2f} MB; "
          f"everything under {out}: {total} bytes = {total/1e6:.2f} MB (budget: the whole Fixtures "
          f"tree <= 30 MB, `du -sb Fixtures`, which also counts directories and symlinks)")
    if total > 29_900_000:
        print("WARNING: over the Fixtures budget (fine for --tier all into a scratch folder)")


if __name__ == "__main__":
    main()
