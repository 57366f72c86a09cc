"""ONNX Runtime's time per node for a model, the counterpart of `weightport bench --layers`:
runs the model `--iterations` times with ORT's profiler on (ENABLE_ALL, one or more intra-op
threads) and prints each node's median and 10th-percentile kernel time, then the totals.
ORT fuses and re-lays-out (NCHWc) the graph first, so its nodes are the optimised graph's.

Usage (in the bench venv): python ort_layers.py MODEL.onnx [--threads T] [--batch B] [--iterations N]
"""
import argparse
import collections
import json
import os
import tempfile

import numpy as np
import onnxruntime as ort


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("model")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--iterations", type=int, default=200)
    a = p.parse_args()
    options = ort.SessionOptions()
    options.intra_op_num_threads = a.threads
    options.inter_op_num_threads = 1
    options.enable_profiling = True
    options.log_severity_level = 3
    options.profile_file_prefix = os.path.join(tempfile.gettempdir(), "ort_layers")
    session = ort.InferenceSession(a.model, sess_options=options, providers=["CPUExecutionProvider"])
    info = session.get_inputs()[0]
    shape = [a.batch if not isinstance(d, int) or i == 0 else d for i, d in enumerate(info.shape)]
    x = np.random.default_rng(7).uniform(-1, 1, shape).astype(np.float32)
    for _ in range(a.iterations):
        session.run(None, {info.name: x})
    path = session.end_profiling()
    with open(path) as f:
        events = json.load(f)
    os.remove(path)
    times = collections.OrderedDict()
    for e in events:
        if e.get("cat") == "Node" and e["name"].endswith("_kernel_time"):
            times.setdefault((e["name"][: -len("_kernel_time")], e["args"].get("op_name", "")), []).append(e["dur"] / 1000)
    width = max(len(name) for name, _ in times) if times else 4
    total_median = total_p10 = 0.0
    print(f"{'node':<{width}} {'op':<18} {'median':>9} {'p10':>9}")
    for (name, op), v in times.items():
        v.sort()
        median, p10 = v[len(v) // 2], v[len(v) // 10]
        total_median += median
        total_p10 += p10
        print(f"{name:<{width}} {op:<18} {median:6.3f} ms {p10:6.3f} ms")
    print(f"{'total':<{width + 19}} {total_median:6.3f} ms {total_p10:6.3f} ms")


if __name__ == "__main__":
    main()
