#!/usr/bin/env python3
"""Generates the ONNX fixtures of WeightPort: small random-weight MobileNets exported by
torch.onnx (legacy TorchScript exporter and dynamo exporter), their reference logits from ONNX
Runtime, and a few tiny hostile files for the importer's refusal tests.

Run from anywhere with the pinned environment of requirements-onnx.txt:

    python Fixtures/generate/generate_onnx.py

Writes Fixtures/onnx/*.onnx (+ .data), Fixtures/onnx/*.npy, Fixtures/onnx/hostile/* and
Fixtures/onnx/MANIFEST.json. Deterministic: fixed seeds, fixed inputs.

Sizes: all ONNX fixtures together must stay under 8 MB, so the models are narrower than the
published ones (mobilenet_v2 width 0.25; mobilenet_v3_small width 0.5 with the reduced tail), and
the keep_initializers_as_inputs export uses the smaller mobilenet_v3_small.
Their op structure is that of the full-size models.
"""

import collections
import hashlib
import json
import math
import os
import pathlib
import sys

import numpy as np
import onnx
import onnxruntime as ort
import torch
from onnx import TensorProto, helper, numpy_helper
from torchvision.models import mobilenet_v2, mobilenet_v3_small

FIXTURES = pathlib.Path(__file__).resolve().parent.parent
OUT = FIXTURES / "onnx"
HOSTILE = OUT / "hostile"
INPUT_SIZE = 96
CLASSES = 10
BATCH = 3
INPUTS_FILE = "onnx/inputs_96.npy"


def realistic_init(model: torch.nn.Module, seed: int, dense_gain: float) -> None:
    """He-scaled weights and realistic batch-norm statistics (not identity BN); `dense_gain` scales
    the classifier's weights so that the logits' standard deviation lands between 0.5 and 10."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.Conv2d):
                fan_in = module.in_channels // module.groups * module.kernel_size[0] * module.kernel_size[1]
                module.weight.normal_(0.0, math.sqrt(2.0 / fan_in), generator=gen)
                if module.bias is not None:
                    module.bias.normal_(0.0, 0.1, generator=gen)
            elif isinstance(module, torch.nn.BatchNorm2d):
                module.weight.uniform_(0.5, 1.5, generator=gen)
                module.bias.normal_(0.0, 0.1, generator=gen)
                module.running_mean.normal_(0.0, 0.2, generator=gen)
                module.running_var.uniform_(0.5, 2.0, generator=gen)
            elif isinstance(module, torch.nn.Linear):
                module.weight.normal_(0.0, dense_gain * math.sqrt(2.0 / module.in_features), generator=gen)
                module.bias.normal_(0.0, 0.1, generator=gen)
    model.eval()


def build(arch: str, seed: int) -> tuple[torch.nn.Module, float]:
    torch.manual_seed(seed)
    if arch == "mobilenet_v2":
        width = 0.25
        model = mobilenet_v2(width_mult=width, num_classes=CLASSES)
        realistic_init(model, seed, dense_gain=1.0)
    else:
        width = 0.5
        model = mobilenet_v3_small(width_mult=width, reduced_tail=True, num_classes=CLASSES)
        realistic_init(model, seed, dense_gain=2.0)
    return model, width


def export_legacy(model, path: pathlib.Path, opset: int, **options) -> onnx.ModelProto:
    example = torch.zeros(1, 3, INPUT_SIZE, INPUT_SIZE)
    torch.onnx.export(model, (example,), str(path), dynamo=False, opset_version=opset, do_constant_folding=True,
                      input_names=["input"], output_names=["logits"], **options)
    return onnx.load(str(path))


def export_dynamo(model, path: pathlib.Path, opset: int, optimize: bool) -> onnx.ModelProto:
    """`optimize=False` keeps what the exporter translated (BatchNormalization, shape arithmetic)."""
    example = torch.zeros(1, 3, INPUT_SIZE, INPUT_SIZE)
    program = torch.onnx.export(model, (example,), dynamo=True, opset_version=opset, optimize=optimize,
                                input_names=["input"], output_names=["logits"], external_data=False)
    program.save(str(path), external_data=False)
    return onnx.load(str(path))


def to_fp16_weights(model: onnx.ModelProto) -> onnx.ModelProto:
    """Stores every float initializer as float16 and inserts `Cast(to=FLOAT)` in front of its users,
    as weight-compression tools do; the graph still computes in float32."""
    graph = model.graph
    casts = []
    renamed = {}
    for init in graph.initializer:
        if init.data_type != TensorProto.FLOAT:
            continue
        values = numpy_helper.to_array(init).astype(np.float16)
        init.CopyFrom(numpy_helper.from_array(values, init.name))
        renamed[init.name] = init.name + "_fp32"
        casts.append(helper.make_node("Cast", [init.name], [renamed[init.name]], name=init.name + "_cast", to=TensorProto.FLOAT))
    for node in graph.node:
        for index, name in enumerate(node.input):
            if name in renamed:
                node.input[index] = renamed[name]
    nodes = casts + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.checker.check_model(model)
    return model


def float_param_count(model: onnx.ModelProto) -> int:
    """Stored weight elements: float initializers and float Constant tensors of rank >= 1."""
    count = 0
    for init in model.graph.initializer:
        if init.data_type in (TensorProto.FLOAT, TensorProto.FLOAT16) and len(init.dims) >= 1:
            count += int(np.prod(init.dims))
    for node in model.graph.node:
        if node.op_type == "Constant":
            for attribute in node.attribute:
                if attribute.name == "value" and attribute.t.data_type in (TensorProto.FLOAT, TensorProto.FLOAT16) and len(attribute.t.dims) >= 1:
                    count += int(np.prod(attribute.t.dims))
    return count


def sha256(path: pathlib.Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ort_logits(path: pathlib.Path, inputs: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    static_batch = session.get_inputs()[0].shape[0]
    if isinstance(static_batch, int):
        # A model exported with batch 1: run one sample at a time.
        return np.concatenate([session.run(None, {name: inputs[i:i + 1]})[0] for i in range(inputs.shape[0])])
    return session.run(None, {name: inputs})[0]


def hostile_files() -> None:
    """Tiny crafted files: each must be refused with its own error."""
    HOSTILE.mkdir(parents=True, exist_ok=True)
    opset = [helper.make_opsetid("", 13)]
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4, 2, 2])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 2, 2])

    def external_conv(location: str, offset: int, length: int) -> onnx.ModelProto:
        weight = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[4, 4, 1, 1])
        weight.data_location = TensorProto.EXTERNAL
        for key, value in (("location", location), ("offset", str(offset)), ("length", str(length))):
            entry = weight.external_data.add()
            entry.key, entry.value = key, value
        node = helper.make_node("Conv", ["x", "w"], ["y"], name="conv")
        return helper.make_model(helper.make_graph([node], "hostile", [x], [y], [weight]), opset_imports=opset)

    def save(model: onnx.ModelProto, name: str) -> None:
        (HOSTILE / name).write_bytes(model.SerializeToString())

    (HOSTILE / "weights.data").write_bytes(np.arange(16, dtype=np.float32).tobytes())
    save(external_conv("weights.data", 0, 64), "external_ok.onnx")
    save(external_conv("../weights.data", 0, 64), "external_parent.onnx")
    save(external_conv("/etc/passwd", 0, 64), "external_absolute.onnx")
    save(external_conv("weights.data", 32, 64), "external_past_end.onnx")

    huge = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[1 << 40, 1 << 40, 1, 1], raw_data=b"\0" * 16)
    node = helper.make_node("Conv", ["x", "w"], ["y"], name="conv")
    save(helper.make_model(helper.make_graph([node], "hostile", [x], [y], [huge]), opset_imports=opset), "dims_overflow.onnx")

    first = helper.make_node("Relu", ["b"], ["a"], name="first")
    second = helper.make_node("Relu", ["a"], ["b"], name="second")
    out = helper.make_node("Add", ["x", "b"], ["y"], name="out")
    save(helper.make_model(helper.make_graph([first, second, out], "hostile", [x], [y]), opset_imports=opset), "cycle.onnx")

    lstm = helper.make_node("LSTM", ["x"], ["y"], name="recurrent", hidden_size=4)
    save(helper.make_model(helper.make_graph([lstm], "hostile", [x], [y]), opset_imports=opset), "unknown_op.onnx")

    relu = helper.make_node("Relu", ["x"], ["y"], name="relu")
    save(helper.make_model(helper.make_graph([relu], "hostile", [x], [y]), opset_imports=[helper.make_opsetid("", 9)]), "opset_9.onnx")
    save(external_conv("missing.data", 0, 64), "external_missing.onnx")
    save(onnx.ModelProto(ir_version=8, opset_import=opset), "no_graph.onnx")
    ids = helper.make_tensor_value_info("ids", TensorProto.INT64, [1, 4])
    save(helper.make_model(helper.make_graph([helper.make_node("Relu", ["ids"], ["y"], name="relu")], "hostile", [ids], [y]),
                           opset_imports=opset), "int64_input.onnx")
    save(helper.make_model(helper.make_graph([helper.make_node("Add", ["x", "ghost"], ["y"], name="add_ghost")], "hostile", [x], [y]),
                           opset_imports=opset), "undefined_value.onnx")
    double = numpy_helper.from_array(np.ones((4, 4, 1, 1), dtype=np.float64), "w")
    save(helper.make_model(helper.make_graph([node], "hostile", [x], [y], [double]), opset_imports=opset), "double_weight.onnx")
    twice = [helper.make_node("Relu", ["x"], ["y"], name="relu_a"), helper.make_node("Sigmoid", ["x"], ["y"], name="sigmoid_b")]
    save(helper.make_model(helper.make_graph(twice, "hostile", [x], [y]), opset_imports=opset), "output_produced_twice.onnx")

    # Valid ONNX with no exact canonical translation: must be refused, never approximated.
    flat = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 16])
    flatten = helper.make_node("Flatten", ["x"], ["y"], name="flatten_nchw", axis=1)
    save(helper.make_model(helper.make_graph([flatten], "refused", [x], [flat]), opset_imports=opset), "flatten_spatial.onnx")
    divide = helper.make_node("Div", ["x", "six"], ["y"], name="divide")
    six = numpy_helper.from_array(np.array(6.0, dtype=np.float32), "six")
    save(helper.make_model(helper.make_graph([divide], "refused", [x], [y], [six]), opset_imports=opset), "div_by_constant.onnx")
    short = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[4, 4, 1, 1], raw_data=b"\0" * 60)
    save(helper.make_model(helper.make_graph([node], "hostile", [x], [y], [short]), opset_imports=opset), "short_raw_data.onnx")


def coverage_model(opset: int) -> None:
    """A small hand-built graph (dynamic batch, NHWC input as tf2onnx makes them) using
    the translations the MobileNet exports do not: NHWC<->NCHW Transpose pairs, SAME_LOWER, Pad
    with a value, dilated asymmetric depthwise conv, per-channel and scalar Add/Mul/Sub constants,
    general Clip, pools, ReduceMean both ways, a Shape->Gather->Unsqueeze->Concat->Reshape chain,
    MatMul, Gemm with alpha/beta, Squeeze/Unsqueeze, Dropout, Cast, Softmax; two outputs (logits
    and probabilities). Written for opsets 11, 13 and 18, whose Squeeze/Unsqueeze/ReduceMean take
    their axes differently. Reference from ORT."""
    directory = OUT / "coverage"
    directory.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(7)
    stem = f"ops_nhwc_op{opset}"

    def weight(name, *shape, scale=None):
        fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else 1
        values = rng.standard_normal(shape).astype(np.float32) * (scale if scale is not None else math.sqrt(2.0 / fan_in))
        return numpy_helper.from_array(values, name)

    def ints(name, values):
        return numpy_helper.from_array(np.array(values, dtype=np.int64), name)

    def scalar(name, value):
        return numpy_helper.from_array(np.array(value, dtype=np.float32), name)

    inits = [
        ints("pads", [0, 0, 1, 2, 0, 0, 3, 1]), scalar("pad_value", 0.5),
        weight("stem.weight", 8, 3, 3, 3), weight("stem.bias", 8, scale=0.1),
        numpy_helper.from_array(rng.standard_normal((1, 8, 1, 1)).astype(np.float32) * 0.1, "shift"),
        numpy_helper.from_array(rng.uniform(0.5, 1.5, (8, 1, 1)).astype(np.float32), "gain"),
        scalar("offset", 0.25), scalar("clip_min", -1.0), scalar("clip_max", 4.0),
        numpy_helper.from_array(rng.uniform(0.5, 1.5, 8).astype(np.float32), "bn.gamma"),
        numpy_helper.from_array(rng.normal(0, 0.1, 8).astype(np.float32), "bn.beta"),
        numpy_helper.from_array(rng.normal(0, 0.2, 8).astype(np.float32), "bn.mean"),
        numpy_helper.from_array(rng.uniform(0.5, 2.0, 8).astype(np.float32), "bn.var"),
        weight("dw.weight", 8, 1, 3, 3),
        weight("se.reduce.weight", 4, 8, 1, 1), weight("se.reduce.bias", 4, scale=0.1),
        weight("se.expand.weight", 8, 4, 1, 1), weight("se.expand.bias", 8, scale=0.1),
        ints("minus_one", [-1]), ints("zero", 0),
        weight("fc.weight", 8, 12, scale=0.5), weight("fc.bias", 12, scale=0.1),
        weight("head.weight", 10, 12, scale=0.5), weight("head.bias", 10, scale=0.1),
    ]
    def n(op_type, inputs, outputs, name, **attributes):
        """A node; axes become an input where the opset wants one (Squeeze/Unsqueeze 13+,
        ReduceMean 18+)."""
        axes = attributes.pop("axes", None)
        if axes is not None:
            if (op_type in ("Squeeze", "Unsqueeze") and opset >= 13) or (op_type == "ReduceMean" and opset >= 18):
                inits.append(ints(f"{name}.axes", axes))
                inputs = inputs + [f"{name}.axes"]
            else:
                attributes["axes"] = axes
        return helper.make_node(op_type, inputs, outputs, name=name, **attributes)

    nodes = [
        n("Transpose", ["x"], ["x_nchw"], name="to_nchw", perm=[0, 3, 1, 2]),
        n("Pad", ["x_nchw", "pads", "pad_value"], ["padded"], name="pad", mode="constant"),
        n("Conv", ["padded", "stem.weight", "stem.bias"], ["stem"], name="stem", auto_pad="SAME_LOWER", strides=[2, 2]),
        n("Add", ["stem", "shift"], ["shifted"], name="add_channel"),
        n("Mul", ["gain", "shifted"], ["scaled"], name="mul_channel"),
        n("Sub", ["scaled", "offset"], ["offsetted"], name="sub_scalar"),
        n("Clip", ["offsetted", "clip_min", "clip_max"], ["clipped"], name="clip"),
        n("BatchNormalization", ["clipped", "bn.gamma", "bn.beta", "bn.mean", "bn.var"], ["normed"], name="bn", epsilon=1e-3),
        n("Conv", ["normed", "dw.weight"], ["dw"], name="depthwise", group=8, dilations=[2, 2], pads=[1, 2, 1, 0]),
        n("Transpose", ["dw"], ["dw_nhwc"], name="to_nhwc", perm=[0, 2, 3, 1]),
        n("Transpose", ["dw_nhwc"], ["dw_back"], name="back_to_nchw", perm=[0, 3, 1, 2]),
        n("Sigmoid", ["dw_back"], ["gate"], name="sigmoid"),
        n("Mul", ["dw_back", "gate"], ["swish"], name="swish"),
        n("MaxPool", ["swish"], ["maxed"], name="maxpool", kernel_shape=[2, 2], strides=[2, 2]),
        n("AveragePool", ["maxed"], ["averaged"], name="avgpool", kernel_shape=[3, 3], pads=[1, 1, 1, 1], count_include_pad=1),
        n("ReduceMean", ["averaged"], ["squeezed"], name="se_pool", axes=[2, 3], keepdims=1),
        n("Conv", ["squeezed", "se.reduce.weight", "se.reduce.bias"], ["se_reduced"], name="se_reduce"),
        n("Relu", ["se_reduced"], ["se_relu"], name="se_relu"),
        n("Conv", ["se_relu", "se.expand.weight", "se.expand.bias"], ["se_expanded"], name="se_expand"),
        n("HardSigmoid", ["se_expanded"], ["se_gate"], name="se_gate", alpha=0.2, beta=0.5),
        n("Mul", ["averaged", "se_gate"], ["excited"], name="se_mul"),
        n("Add", ["excited", "averaged"], ["residual"], name="residual"),
        n("ReduceMean", ["residual"], ["pooled_a"], name="mean_flat", axes=[2, 3], keepdims=0),
        n("GlobalAveragePool", ["residual"], ["pooled_4d"], name="gap"),
        n("Shape", ["pooled_4d"], ["shape"], name="shape"),
        n("Gather", ["shape", "zero"], ["batch"], name="gather_batch", axis=0),
        n("Unsqueeze", ["batch"], ["batch_1d"], name="unsqueeze_batch", axes=[0]),
        n("Concat", ["batch_1d", "minus_one"], ["target"], name="concat_target", axis=0),
        n("Reshape", ["pooled_4d", "target"], ["pooled_b"], name="reshape"),
        n("Add", ["pooled_a", "pooled_b"], ["pooled"], name="sum_pools"),
        n("MatMul", ["pooled", "fc.weight"], ["fc_mm"], name="fc"),
        n("Add", ["fc_mm", "fc.bias"], ["fc_out"], name="fc_bias"),
        n("Dropout", ["fc_out"], ["dropped"], name="dropout"),
        n("Cast", ["dropped"], ["cast"], name="cast", to=TensorProto.FLOAT),
        n("Gemm", ["cast", "head.weight", "head.bias"], ["logits"], name="head", transB=1, alpha=0.5, beta=2.0),
        n("Unsqueeze", ["logits"], ["logits_4d"], name="unsqueeze", axes=[2, 3]),
        n("Squeeze", ["logits_4d"], ["logits_2d"], name="squeeze", axes=[2, 3]),
        n("Identity", ["logits_2d"], ["logits_id"], name="identity"),
        n("Softmax", ["logits_id"], ["probs"], name="softmax", axis=-1),
    ]
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 16, 16, 3])
    y = helper.make_tensor_value_info("probs", TensorProto.FLOAT, ["N", 10])
    logits = helper.make_tensor_value_info("logits_id", TensorProto.FLOAT, ["N", 10])
    model = helper.make_model(helper.make_graph(nodes, "ops_coverage", [x], [y, logits], inits),
                              opset_imports=[helper.make_opsetid("", opset)], producer_name="onnx.helper", producer_version=onnx.__version__)
    onnx.checker.check_model(model, full_check=True)
    path = directory / f"{stem}.onnx"
    onnx.save_model(model, str(path))
    inputs = rng.standard_normal((BATCH, 16, 16, 3)).astype(np.float32)
    np.save(directory / "ops_nhwc_inputs.npy", inputs)  # the same draw for every opset
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    expected, expected_logits = session.run(None, {"x": inputs})
    np.save(directory / f"{stem}_expected.npy", expected)
    np.save(directory / f"{stem}_expected_logits.npy", expected_logits)
    ops = collections.Counter(node.op_type for node in model.graph.node)
    print(f"{stem}: ops {dict(sorted(ops.items()))}, max prob {expected.max():.3f}, logits std {expected_logits.std():.3f}")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20261125)
    inputs = rng.standard_normal((BATCH, 3, INPUT_SIZE, INPUT_SIZE)).astype(np.float32)
    np.save(FIXTURES / INPUTS_FILE, inputs)

    entries = []
    summary = {}

    def record(fixture_id: str, arch: str, width: float, exporter: str, model: onnx.ModelProto, path: pathlib.Path,
               weights_dtype="float32", external=False, kiai=False) -> None:
        expected = ort_logits(path, inputs)
        expected_file = f"onnx/{fixture_id}_expected.npy"
        np.save(FIXTURES / expected_file, expected.astype(np.float32))
        opset = next(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))
        ops = collections.Counter(n.op_type for n in model.graph.node)
        summary[fixture_id] = ops
        print(f"{fixture_id}: opset {opset}, logits std {expected.std():.3f}, ops {dict(sorted(ops.items()))}")
        entries.append({
            "id": fixture_id,
            "file": str(path.relative_to(FIXTURES)),
            "sha256": sha256(path),
            "kind": "onnx",
            "exporter": exporter,
            "framework_version": f"torch {torch.__version__}",
            "opset": opset,
            "arch": arch,
            "width_mult": width,
            "input_size": INPUT_SIZE,
            "classes": CLASSES,
            "weights_dtype": weights_dtype,
            "external_data": external,
            "keep_initializers_as_inputs": kiai,
            "param_count": float_param_count(model),
            "inputs": INPUTS_FILE,
            "expected": expected_file,
        })

    v2, v2_width = build("mobilenet_v2", 1)
    v3, v3_width = build("mobilenet_v3_small", 2)

    path = OUT / "mobilenet_v2_legacy_op13.onnx"
    record("mobilenet_v2_legacy_op13", "mobilenet_v2", v2_width, "torch.onnx legacy", export_legacy(v2, path, 13), path)

    path = OUT / "mobilenet_v2_legacy_op13_dynamic_batch.onnx"
    model = export_legacy(v2, path, 13, dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    record("mobilenet_v2_legacy_op13_dynamic_batch", "mobilenet_v2", v2_width, "torch.onnx legacy", model, path)

    path = OUT / "mobilenet_v2_dynamo_op18.onnx"
    record("mobilenet_v2_dynamo_op18", "mobilenet_v2", v2_width, "torch.onnx dynamo", export_dynamo(v2, path, 18, optimize=True), path)

    path = OUT / "mobilenet_v2_legacy_op13_external.onnx"
    model = export_legacy(v2, path, 13)
    data_name = "mobilenet_v2_legacy_op13_external.data"
    (OUT / data_name).unlink(missing_ok=True)  # onnx appends to an existing data file
    onnx.save_model(model, str(path), save_as_external_data=True, all_tensors_to_one_file=True, location=data_name,
                    size_threshold=0)
    record("mobilenet_v2_legacy_op13_external", "mobilenet_v2", v2_width, "torch.onnx legacy", onnx.load(str(path), load_external_data=False),
           path, external=True)

    path = OUT / "mobilenet_v3_small_legacy_op13.onnx"
    model = export_legacy(v3, path, 13)
    record("mobilenet_v3_small_legacy_op13", "mobilenet_v3_small", v3_width, "torch.onnx legacy", model, path)

    path = OUT / "mobilenet_v3_small_legacy_op13_fp16_weights.onnx"
    model = to_fp16_weights(model)
    onnx.save_model(model, str(path))
    record("mobilenet_v3_small_legacy_op13_fp16_weights", "mobilenet_v3_small", v3_width, "torch.onnx legacy", model, path,
           weights_dtype="float16")

    path = OUT / "mobilenet_v3_small_legacy_op13_initializers_as_inputs.onnx"
    model = export_legacy(v3, path, 13, keep_initializers_as_inputs=True)
    record("mobilenet_v3_small_legacy_op13_initializers_as_inputs", "mobilenet_v3_small", v3_width, "torch.onnx legacy", model, path,
           kiai=True)

    path = OUT / "mobilenet_v3_small_dynamo_op18_unoptimized.onnx"
    record("mobilenet_v3_small_dynamo_op18_unoptimized", "mobilenet_v3_small", v3_width, "torch.onnx dynamo", export_dynamo(v3, path, 18, optimize=False), path)

    with torch.no_grad():
        for fixture_id, module in (("mobilenet_v2_legacy_op13", v2), ("mobilenet_v3_small_legacy_op13", v3)):
            torch_logits = module(torch.from_numpy(inputs)).numpy()
            ort_ref = np.load(FIXTURES / f"onnx/{fixture_id}_expected.npy")
            print(f"{fixture_id}: torch vs ORT max abs diff {np.abs(torch_logits - ort_ref).max():.2e}")

    hostile_files()
    for opset in (11, 13, 18):
        coverage_model(opset)
    import torchvision
    versions = {"python": sys.version.split()[0], "numpy": np.__version__, "torch": torch.__version__,
                "torchvision": torchvision.__version__, "onnx": onnx.__version__, "onnxruntime": ort.__version__}
    manifest = {"generator": "Fixtures/generate/generate_onnx.py", "versions": versions, "fixtures": entries}
    (OUT / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n")
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"total size of Fixtures/onnx: {total / 1e6:.2f} MB")
    if total > 8_000_000:
        sys.exit("ONNX fixtures exceed 8 MB")


if __name__ == "__main__":
    main()
