"""WeightPort against ONNX Runtime, one run: correctness, interleaved latency/throughput, convert
speed, open time, peak RSS. Called by scripts/bench/run inside the pinned venv; see README.md.

Exit status: 0 when every correctness check holds (a missed speed or memory target is reported,
not a failure), 1 when one fails, 2 on bad usage.
"""
import argparse
import datetime
import hashlib
import json
import math
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time

import numpy as np
import onnxruntime as ort

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
MODELS = ["mobilenet_v2", "mobilenet_v3_large"]
CONFIGS = [(1, 1), (2, 1), (2, 8)]  # (threads, batch)
ENGINES = ["weightport", "ort_all", "ort_none"]
# Pause before every timed chunk. After a run, an ORT session's intra-op pool threads keep spinning
# (allow_spinning, ORT's default): after one 2-thread MobileNetV3 run, the ORT process used 46-52 ms
# of CPU in the next 100-300 ms. Without a pause, whichever engine runs next shares a core with
# them for most of its chunk; with the engine order of the rounds, that was weightport in 2 of 3
# 2-thread batch-1 chunks and all batch-8 chunks, and ORT ENABLE_ALL in none.
SETTLE_S = 0.15
# 1-thread chunks run pinned, both engines of a round on the same core, the core alternating
# between rounds. The two virtual cores here ran up to 1.5× apart in speed, minute by minute, and
# unpinned the scheduler placed weightport (a child process) and ORT (in this process) on
# different cores or the same one as it pleased, so a 1-thread ratio measured the cores as much
# as the engines.
CPUS = sorted(os.sched_getaffinity(0))
ATOL = 1e-4


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        sys.exit(f"bench: {name} must be a positive whole number, got '{value}'")
    return int(value)


def summary(ms: list) -> dict:
    """Median, p10, p90, min with the same rank rule as `weightport bench`."""
    s = sorted(ms)
    rank = lambda f: s[int(round((len(s) - 1) * f))]  # noqa: E731
    return {"median_ms": statistics.median(s), "p10_ms": rank(0.1), "p90_ms": rank(0.9), "min_ms": s[0],
            "iterations": len(s)}


def sha256_of(*paths: str) -> str:
    h = hashlib.sha256()
    for p in paths:
        with open(p, "rb") as f:
            h.update(f.read())
    return h.hexdigest()


def run(cmd: list, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def child_cpu_ms(cmd: list):
    """Runs cmd; returns (user+system CPU ms of the child, CompletedProcess)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = run(cmd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)) * 1e3, p


def wall(cmd: list) -> float:
    """Whole-process wall time of cmd in ms; raises on failure."""
    start = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = (time.perf_counter() - start) * 1e3
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.strip()[-500:]}")
    return elapsed


class Bench:
    def __init__(self, args):
        self.bin = args.bin
        self.dir = args.dir
        self.open_time = args.open_time
        self.quick = os.environ.get("BENCH_QUICK", "") not in ("", "0")
        self.iterations = env_int("BENCH_ITERATIONS", 6 if self.quick else 40)
        self.rounds = min(env_int("BENCH_ROUNDS", 2 if self.quick else 20), self.iterations)
        self.warmup = env_int("BENCH_WARMUP", 1 if self.quick else 3)
        self.convert_runs = 3 if self.quick else 15
        self.open_runs = 5 if self.quick else 20
        self.results = {"meta": {}, "correctness": {}, "convert_onnx": {}, "latency": [], "convert_h5": {},
                        "open_time": {}, "rss": {}, "layers": {}}
        self.correctness_failed = False
        self.wpk = {}

    # ---------------------------------------------------------------------------------------------
    def meta(self):
        commit = run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"]).stdout.strip()
        dirty = run(["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"]).stdout.strip()
        version = run([self.bin, "--version"]).stdout.strip()
        self.results["meta"] = {
            "date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "repo_commit": commit + (" (dirty)" if dirty else ""), "weightport_version": version,
            "binary": self.bin, "onnxruntime": ort.__version__, "numpy": np.__version__,
            "python": platform.python_version(), "cpus": os.cpu_count(),
            "loadavg_start": os.getloadavg()[0], "quick": self.quick, "iterations": self.iterations,
            "rounds": self.rounds, "warmup": self.warmup,
        }
        log(f"weightport {version} (repo {commit}), onnxruntime {ort.__version__}, "
            f"{self.iterations} iterations in {self.rounds} rounds, warm-up {self.warmup}, "
            f"load average {os.getloadavg()[0]:.1f}")

    # ---------------------------------------------------------------------------------------------
    def generate(self):
        """ONNX models and the Keras .h5, each made in its own process, cached by generator hash."""
        models = os.path.join(self.dir, "models")
        os.makedirs(models, exist_ok=True)
        jobs = [("gen_onnx.py", [os.path.join(models, m + ".onnx") for m in MODELS], [models]),
                ("gen_keras.py", [os.path.join(models, "keras_mobilenet_v2.h5")],
                 [os.path.join(models, "keras_mobilenet_v2.h5")])]
        for script, outputs, argv in jobs:
            stamp = os.path.join(models, script + ".sha256")
            want = sha256_of(os.path.join(HERE, script), os.path.join(HERE, "requirements.txt"))
            have = open(stamp).read().strip() if os.path.exists(stamp) else ""
            if have == want and all(os.path.exists(o) for o in outputs):
                continue
            log(f"generating with {script} (once; cached in {models})")
            p = subprocess.run([sys.executable, os.path.join(HERE, script)] + argv)
            if p.returncode != 0:
                sys.exit(f"bench: {script} failed (exit {p.returncode})")
            with open(stamp, "w") as f:
                f.write(want + "\n")
        self.models_dir = models

    # ---------------------------------------------------------------------------------------------
    def convert_onnx(self):
        for m in MODELS:
            src = os.path.join(self.models_dir, m + ".onnx")
            dst = os.path.join(self.models_dir, m + ".wpk")
            ms = wall([self.bin, "convert", src, "-o", dst])
            self.wpk[m] = dst
            info = json.loads(run([self.bin, "inspect", dst, "--json"], check=True).stdout)
            weight_bytes = self.weight_bytes(dst, info)
            layers = sorted(info.get("layers", []), key=lambda l: l.get("macs", 0) or 0, reverse=True)
            self.results["convert_onnx"][m] = {"ms": ms, "onnx_bytes": os.path.getsize(src),
                                               "wpk_bytes": os.path.getsize(dst), "weight_bytes": weight_bytes,
                                               "params": info.get("totals", {}).get("params"),
                                               "macs": info.get("totals", {}).get("macs")}
            self.results["layers"][m] = self.layer_classes(info)
            log(f"convert {m}.onnx: {ms:.0f} ms, {info.get('totals', {}).get('macs', 0) / 1e6:.0f} M MACs; "
                f"top layer {layers[0]['name'] if layers else '?'}")

    def weight_bytes(self, path: str, info: dict) -> int:
        """Stored tensor bytes: the closing line of `inspect --tensors` ("N tensors, B bytes"),
        else params × 4 (float32)."""
        p = run([self.bin, "inspect", path, "--tensors"])
        mm = re.search(r"(\d+) tensors, ([\d,]+) bytes", p.stdout)
        if p.returncode == 0 and mm:
            return int(mm.group(2).replace(",", ""))
        return int(info["totals"]["params"]) * 4

    @staticmethod
    def layer_classes(info: dict) -> dict:
        """MACs per layer kind (`inspect --json` layers[].kind: pointwise_conv, depthwise_conv, ...)."""
        kinds = {}
        for layer in info.get("layers", []):
            if layer.get("macs"):
                kind = layer.get("kind") or layer.get("op", "?")
                kinds[kind] = kinds.get(kind, 0) + layer["macs"]
        return dict(sorted(kinds.items(), key=lambda kv: -kv[1]))

    # ---------------------------------------------------------------------------------------------
    def session(self, path: str, level, threads: int) -> ort.InferenceSession:
        o = ort.SessionOptions()
        o.graph_optimization_level = level
        o.intra_op_num_threads = threads
        o.inter_op_num_threads = 1
        o.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        o.log_severity_level = 3
        return ort.InferenceSession(path, sess_options=o, providers=["CPUExecutionProvider"])

    def correctness(self):
        """`weightport run` on a seeded NCHW batch of 8 against ORT (ENABLE_ALL) on the same input."""
        for m in MODELS:
            src = os.path.join(self.models_dir, m + ".onnx")
            x = np.load(os.path.join(self.models_dir, m + ".x8.npy"))
            torch_out = np.load(os.path.join(self.models_dir, m + ".torch8.npy"))
            ref = self.session(src, ort.GraphOptimizationLevel.ORT_ENABLE_ALL, 2).run(None, {"input": x})[0]
            ref_none = self.session(src, ort.GraphOptimizationLevel.ORT_DISABLE_ALL, 2).run(None, {"input": x})[0]
            ref_path = os.path.join(self.models_dir, m + ".ort8.npy")
            np.save(ref_path, ref)
            out_path = os.path.join(self.dir, m + ".weightport8.npy")
            entry = {"ort_logit_absmax": float(np.abs(ref).max()),
                     "ort_all_vs_none": float(np.abs(ref - ref_none).max()),
                     "ort_vs_torch": float(np.abs(ref - torch_out).max()), "atol": ATOL}
            p = run([self.bin, "run", self.wpk[m], "--input", os.path.join(self.models_dir, m + ".x8.npy"),
                     "--output", out_path])
            if p.returncode != 0:
                entry.update(passed=False, error=f"weightport run exited {p.returncode}: {p.stderr.strip()[-300:]}")
            else:
                out = np.load(out_path)
                if out.shape != ref.shape:
                    entry.update(passed=False, error=f"output shape {out.shape}, ORT {ref.shape}")
                else:
                    diff = np.abs(out.astype(np.float64) - ref)
                    entry.update(max_abs_diff=float(diff.max()),
                                 top1_agreement=float((out.argmax(1) == ref.argmax(1)).mean()),
                                 passed=bool(diff.max() <= ATOL))
            self.correctness_failed |= not entry["passed"]
            self.results["correctness"][m] = entry
            log(f"correctness {m}: max |ours - ORT| = {entry.get('max_abs_diff', float('nan')):.3g} "
                f"(|logits| ≤ {entry['ort_logit_absmax']:.3g}; ORT ALL vs NONE {entry['ort_all_vs_none']:.3g}) "
                f"{'PASS' if entry['passed'] else 'FAIL ' + entry.get('error', '')}")

    # ---------------------------------------------------------------------------------------------
    def latency(self):
        """Round-robin over models × configs × engines, `rounds` times; each visit times a chunk of
        iterations/rounds runs after `warmup` untimed ones. The engine order rotates every round.
        Per engine and config: median of the chunk medians (and of chunk p10/p90)."""
        chunk = math.ceil(self.iterations / self.rounds)
        rng = np.random.default_rng(7)
        sessions, inputs = {}, {}
        for m in MODELS:
            src = os.path.join(self.models_dir, m + ".onnx")
            for threads in sorted({t for t, _ in CONFIGS}):
                sessions[(m, "ort_all", threads)] = self.session(src, ort.GraphOptimizationLevel.ORT_ENABLE_ALL, threads)
                sessions[(m, "ort_none", threads)] = self.session(src, ort.GraphOptimizationLevel.ORT_DISABLE_ALL, threads)
        for _, batch in CONFIGS:
            inputs[batch] = rng.uniform(-1.0, 1.0, size=(batch, 3, 224, 224)).astype(np.float32)
        chunks = {}
        for r in range(self.rounds):
            log(f"latency round {r + 1}/{self.rounds} (load average {os.getloadavg()[0]:.1f})")
            for m in MODELS:
                for threads, batch in CONFIGS:
                    order = ENGINES[r % len(ENGINES):] + ENGINES[:r % len(ENGINES)]
                    core = CPUS[r % len(CPUS)] if threads == 1 else None
                    for engine in order:
                        key = (m, threads, batch, engine)
                        time.sleep(SETTLE_S)
                        if engine == "weightport":
                            pin = ["taskset", "-c", str(core)] if core is not None else []
                            cmd = pin + [self.bin, "bench", self.wpk[m], "--threads", str(threads), "--batch", str(batch),
                                   "--warmup", str(self.warmup), "--json", "--iterations"]
                            cpu, p = child_cpu_ms(cmd + [str(chunk)])
                            if p.returncode != 0:
                                raise RuntimeError(f"weightport bench failed: {p.stderr.strip()[-300:]}")
                            s = json.loads(p.stdout)
                            if chunk >= 2:  # CPU per pass: minus a 1-iteration run (start, plan, warm-up)
                                cpu_one, _ = child_cpu_ms(cmd + ["1"])
                                s["cpu_extra"] = (cpu - cpu_one, chunk - 1)
                        else:
                            sess, feed = sessions[(m, engine, threads)], {"input": inputs[batch]}
                            if core is not None:  # this thread runs a 1-thread session's nodes
                                os.sched_setaffinity(0, {core})
                            for _ in range(self.warmup):
                                sess.run(None, feed)
                            ms = []
                            cpu_start = time.process_time()
                            for _ in range(chunk):
                                start = time.perf_counter()
                                sess.run(None, feed)
                                ms.append((time.perf_counter() - start) * 1e3)
                            s = summary(ms)
                            s["cpu_extra"] = ((time.process_time() - cpu_start) * 1e3, chunk)
                            os.sched_setaffinity(0, CPUS)
                        chunks.setdefault(key, []).append(s)
        for m in MODELS:
            for threads, batch in CONFIGS:
                row = {"model": m, "threads": threads, "batch": batch}
                for engine in ENGINES:
                    cs = chunks[(m, threads, batch, engine)]
                    row[engine] = {k: statistics.median(c[k] for c in cs) for k in ("median_ms", "p10_ms", "p90_ms")}
                    row[engine]["min_ms"] = min(c["min_ms"] for c in cs)
                    row[engine]["iterations"] = sum(c["iterations"] for c in cs)
                    row[engine]["round_medians_ms"] = [c["median_ms"] for c in cs]
                    row[engine]["images_per_s"] = batch * 1e3 / row[engine]["median_ms"]
                    # pooled over rounds: the 1-iteration run's start-up CPU varies by several ms,
                    # so per-round differences are noisy; their sum over all rounds much less so
                    cpu = [c["cpu_extra"] for c in cs if "cpu_extra" in c]
                    passes = sum(n for _, n in cpu)
                    row[engine]["cpu_ms"] = sum(t for t, _ in cpu) / passes if passes else None
                row["ratio_vs_ort_all"] = row["weightport"]["median_ms"] / row["ort_all"]["median_ms"]
                row["ratio_vs_ort_none"] = row["weightport"]["median_ms"] / row["ort_none"]["median_ms"]
                row["throughput_ratio_vs_ort_all"] = 1.0 / row["ratio_vs_ort_all"]
                # the two engines' medians in the same round, paired: a slow stretch of the host
                # that spans a round slows both sides of its ratio, where each engine's median of
                # rounds depends on how many of its visits drew one (reported beside the table,
                # not judged; stretches shorter than a round still show, as ratios of 0.7-1.5)
                row["paired_round_ratio_vs_ort_all"] = statistics.median(
                    a / b for a, b in zip(row["weightport"]["round_medians_ms"], row["ort_all"]["round_medians_ms"]))
                self.results["latency"].append(row)
        del sessions

    # ---------------------------------------------------------------------------------------------
    def convert_h5(self):
        """Whole-process wall time, rounds interleaved: weightport convert vs python rewrite.py vs cp
        (and `weightport inspect x.h5 --json`, the importer alone, as a diagnostic)."""
        h5 = os.path.join(self.models_dir, "keras_mobilenet_v2.h5")
        tmp = os.path.join(self.dir, "convert-tmp")
        os.makedirs(tmp, exist_ok=True)
        cmds = {
            "weightport": [self.bin, "convert", h5, "-o", os.path.join(tmp, "x.wpk")],
            "python": [sys.executable, os.path.join(HERE, "rewrite.py"), h5, os.path.join(tmp, "x.safetensors")],
            "cp": ["cp", h5, os.path.join(tmp, "x.h5")],
            # import only, in memory, nothing written: splits convert into reading vs writing
            "import_only": [self.bin, "inspect", h5, "--json"],
            "startup": [self.bin, "--version"],  # process start alone
        }
        times = {k: [] for k in cmds}
        entry = {"h5_bytes": os.path.getsize(h5), "runs": self.convert_runs}
        try:
            for k, c in cmds.items():  # warm the page cache and the interpreter's .pyc files
                wall(c)
            for r in range(self.convert_runs):
                for k in list(cmds)[r % len(cmds):] + list(cmds)[:r % len(cmds)]:
                    times[k].append(wall(cmds[k]))
            for k in cmds:
                entry[k + "_ms"] = statistics.median(times[k])
                entry[k + "_runs_ms"] = times[k]
            entry["speedup_vs_python"] = entry["python_ms"] / entry["weightport_ms"]
            entry["wpk_bytes"] = os.path.getsize(os.path.join(tmp, "x.wpk"))
            log(f"convert .h5: weightport {entry['weightport_ms']:.0f} ms, python {entry['python_ms']:.0f} ms, "
                f"cp {entry['cp_ms']:.1f} ms, weightport inspect .h5 (import only) {entry['import_only_ms']:.0f} ms")
        except RuntimeError as e:
            entry["error"] = str(e)
            log(f"convert .h5 failed: {e}")
        shutil.rmtree(tmp, ignore_errors=True)
        self.results["convert_h5"] = entry

    # ---------------------------------------------------------------------------------------------
    def open_time_row(self):
        """scripts/bench/open_time.sh on its own synthetic ~1 MiB / ~1 GiB pair (same one-dense-layer
        graph, only the data size differs). The pair is written once with --dir --keep into the work
        dir and passed back with --small/--large on later runs while it is newer than open_time.sh
        and this binary can open it."""
        d = os.path.join(self.dir, "open-time-synthetic")
        small, large = os.path.join(d, "small.wpk"), os.path.join(d, "large.wpk")
        base = ["bash", self.open_time, "--bin", self.bin, "--runs", str(self.open_runs)]
        p = None
        if os.path.exists(small) and os.path.exists(large) and \
                min(os.path.getmtime(small), os.path.getmtime(large)) > os.path.getmtime(self.open_time):
            p = run(base + ["--small", small, "--large", large])
            if p.returncode != 0:
                log("open_time.sh could not use the kept pair; writing it again")
                p = None
        if p is None:
            log("open_time.sh: writing its synthetic 1 MiB / 1 GiB pair (compiles a small writer, ~1-2 min)")
            shutil.rmtree(d, ignore_errors=True)
            p = run(base + ["--dir", d, "--keep"])
        entry = {"exit": p.returncode, "output": p.stdout.strip()}
        if p.returncode != 0:
            entry["error"] = p.stderr.strip()[-500:]
        for line in p.stdout.splitlines():
            mm = re.match(r"\s*(small|large)\s+(\d+) bytes\s+([\d.]+) ms", line)
            if mm:
                entry[mm.group(1) + "_bytes"] = int(mm.group(2))
                entry[mm.group(1) + "_ms"] = float(mm.group(3))
            mm = re.search(r"ratio large/small: ([\d.]+)", line)
            if mm:
                entry["ratio"] = float(mm.group(1))
        if entry.get("error"):
            log(f"open_time.sh failed: {entry['error']}")
        else:
            log(f"open time: {entry.get('small_ms')} ms vs {entry.get('large_ms')} ms, ratio {entry.get('ratio')}")
        self.results["open_time"] = entry

    # ---------------------------------------------------------------------------------------------
    def rss(self):
        """Peak RSS of `weightport validate` on the v2 .wpk with the 8 reference images."""
        m = "mobilenet_v2"
        entry = {"weight_bytes": self.results["convert_onnx"][m]["weight_bytes"]}
        if not os.access("/usr/bin/time", os.X_OK):
            entry["error"] = "/usr/bin/time missing"
        else:
            cmd = ["/usr/bin/time", "-v", self.bin, "validate", self.wpk[m],
                   "--inputs", os.path.join(self.models_dir, m + ".x8.npy"),
                   "--expected", os.path.join(self.models_dir, m + ".ort8.npy"), "--atol", str(ATOL), "--json"]
            p = run(cmd)
            mm = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
            entry["validate_exit"] = p.returncode
            if mm:
                entry["peak_rss_bytes"] = int(mm.group(1)) * 1024
            try:
                v = json.loads(p.stdout)
                entry["validate_passed"] = v.get("passed")
                entry["validate_max_abs_diff"] = v.get("max_abs_diff")
            except ValueError:
                entry["error"] = f"validate printed no JSON (exit {p.returncode}): {p.stderr.strip()[-300:]}"
            if p.returncode == 1:  # parity failed: a correctness failure too
                self.correctness_failed = True
            elif p.returncode != 0:
                entry["error"] = f"validate exited {p.returncode}: {p.stderr.strip()[-300:]}"
            # baseline: the same binary opening the same file without running it
            b = run(["/usr/bin/time", "-v", self.bin, "inspect", self.wpk[m], "--json"])
            mm = re.search(r"Maximum resident set size \(kbytes\): (\d+)", b.stderr)
            if mm:
                entry["inspect_peak_rss_bytes"] = int(mm.group(1)) * 1024
        entry["limit_bytes"] = 2 * entry["weight_bytes"] + 64 * 2**20
        self.results["rss"] = entry
        if "peak_rss_bytes" in entry:
            log(f"validate peak RSS {entry['peak_rss_bytes'] / 2**20:.1f} MiB, weights {entry['weight_bytes'] / 2**20:.1f} MiB")

    # ---------------------------------------------------------------------------------------------
    def table(self) -> str:
        R = self.results
        meta = R["meta"]
        ok = lambda c: "PASS" if c else "MISS"  # noqa: E731
        short = {"mobilenet_v2": "MobileNetV2 1.0-224", "mobilenet_v3_large": "MobileNetV3-L 1.0-224"}
        lines = [
            f"WeightPort vs ONNX Runtime {meta['onnxruntime']} — {meta['date_utc']}, repo {meta['repo_commit']}, "
            f"{meta['cpus']} CPUs, load average {meta['loadavg_start']:.1f} at start"
            + (" — QUICK smoke run" if meta["quick"] else ""),
            f"Latency: {meta['iterations']} iterations per engine in {meta['rounds']} interleaved rounds "
            f"({meta['warmup']} warm-up each); median of round medians. CPU ms/pass: user+system CPU time "
            "per forward pass (weightport: the bench process's, minus a 1-iteration run's; ORT: process time, "
            "its spinning pool threads included) — less sensitive to other load than wall time.",
            "",
            "| measure | WeightPort | ORT ENABLE_ALL | ORT DISABLE_ALL | ours / ORT ALL | target | status | CPU ms/pass ours / ORT ALL |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for m in MODELS:
            c = R["correctness"][m]
            d = c.get("max_abs_diff")
            lines.append(f"| {short[m]} correctness, batch 8 (logits within ±{c['ort_logit_absmax']:.1f}): max abs diff vs ORT | "
                         f"{'%.2e' % d if d is not None else 'ERROR: ' + c.get('error', '?')} | ref | "
                         f"{c['ort_all_vs_none']:.2e} | | ≤ {ATOL:g} | {'PASS' if c['passed'] else '**FAIL**'} |")
        def cpu(row):
            a, b = row["weightport"]["cpu_ms"], row["ort_all"]["cpu_ms"]
            return f" {a:.1f} / {b:.1f} = {a / b:.2f}× |" if a and b else " |"

        for row in R["latency"]:
            wp, a, n = row["weightport"], row["ort_all"], row["ort_none"]
            name = f"{short[row['model']]} b{row['batch']} {row['threads']}T"
            if row["batch"] == 1:
                lines.append(f"| {name} latency ms (p10–p90) | {wp['median_ms']:.2f} ({wp['p10_ms']:.2f}–{wp['p90_ms']:.2f}) | "
                             f"{a['median_ms']:.2f} ({a['p10_ms']:.2f}–{a['p90_ms']:.2f}) | "
                             f"{n['median_ms']:.2f} | {row['ratio_vs_ort_all']:.2f}× | ≤ 1.00× | {ok(row['ratio_vs_ort_all'] <= 1.0)} |" + cpu(row))
            else:
                lines.append(f"| {name} latency ms (p10–p90) | {wp['median_ms']:.2f} ({wp['p10_ms']:.2f}–{wp['p90_ms']:.2f}) | "
                             f"{a['median_ms']:.2f} ({a['p10_ms']:.2f}–{a['p90_ms']:.2f}) | "
                             f"{n['median_ms']:.2f} | {row['ratio_vs_ort_all']:.2f}× | | |" + cpu(row))
                lines.append(f"| {name} throughput img/s | {wp['images_per_s']:.1f} | {a['images_per_s']:.1f} | "
                             f"{n['images_per_s']:.1f} | {row['throughput_ratio_vs_ort_all']:.2f}× | ≥ 1.00× | "
                             f"{ok(row['throughput_ratio_vs_ort_all'] >= 1.0)} | |")
        for m in MODELS:
            c = R["convert_onnx"][m]
            lines.append(f"| {short[m]} convert .onnx → .wpk (1 run, whole process) | {c['ms']:.0f} ms | | | | info | |")
        h = R["convert_h5"]
        if "error" in h:
            lines.append(f"| Keras MobileNetV2 .h5 convert | ERROR: {h['error'][:120]} | | | | ≥ 5× faster than Python | MISS |")
        else:
            lines.append(f"| Keras MobileNetV2 .h5 ({h['h5_bytes'] / 1e6:.1f} MB) convert, median of {h['runs']} | "
                         f"{h['weightport_ms']:.0f} ms | python h5py→safetensors {h['python_ms']:.0f} ms | "
                         f"cp {h['cp_ms']:.1f} ms | {h['speedup_vs_python']:.1f}× faster | ≥ 5× faster than Python | "
                         f"{ok(h['speedup_vs_python'] >= 5.0)} |")
        o = R["open_time"]
        if "ratio" in o:
            lines.append(f"| open (`inspect --json`, open_time.sh) {o['small_bytes'] / 2**20:.1f} MiB vs {o['large_bytes'] / 2**30:.2f} GiB .wpk | "
                         f"{o['small_ms']:.1f} ms vs {o['large_ms']:.1f} ms | | | {o['ratio']:.2f}× (1 GB / 1 MB) | ≤ 1.5× | "
                         f"{ok(o['ratio'] <= 1.5)} |")
        else:
            lines.append(f"| open time 1 MB vs 1 GB | ERROR: {o.get('error', '?')[:120]} | | | | ≤ 1.5× | MISS |")
        s = R["rss"]
        if "peak_rss_bytes" in s:
            lines.append(f"| peak RSS, `validate` v2 with 8 images (weights {s['weight_bytes'] / 2**20:.1f} MiB) | "
                         f"{s['peak_rss_bytes'] / 2**20:.1f} MiB | | | | ≤ 2×weights+64 MiB = {s['limit_bytes'] / 2**20:.1f} MiB | "
                         f"{ok(s['peak_rss_bytes'] <= s['limit_bytes'])} |")
        else:
            lines.append(f"| peak RSS of validate | ERROR: {s.get('error', '?')[:120]} | | | | ≤ 2×weights+64 MiB | MISS |")
        lines.append("")
        lines.append("Ours / ORT ALL in the same round, median over rounds (a slow stretch of the host that spans a "
                     "round slows both sides): " + ", ".join(f"{short[row['model']]} b{row['batch']} {row['threads']}T "
                                                    f"{row['paired_round_ratio_vs_ort_all']:.2f}×" for row in R["latency"]) + ".")
        if "import_only_ms" in h:
            lines.append(f"Convert .h5 breakdown: `weightport inspect x.h5 --json` (import only, nothing written) "
                         f"{h['import_only_ms']:.0f} ms of the {h['weightport_ms']:.0f} ms convert; `weightport --version` "
                         f"(process start) {h['startup_ms']:.0f} ms.")
        if "inspect_peak_rss_bytes" in s:
            lines.append(f"RSS baseline: `weightport inspect --json` on the same .wpk peaks at "
                         f"{s['inspect_peak_rss_bytes'] / 2**20:.1f} MiB.")
        for m in MODELS:
            c, kinds = R["convert_onnx"][m], R["layers"][m]
            total = sum(kinds.values()) or 1
            lines.append(f"{short[m]}: {c['params'] / 1e6:.2f} M params, {c['macs'] / 1e6:.0f} M MACs — "
                         + ", ".join(f"{k} {v / total:.0%}" for k, v in kinds.items()) + ".")
        lines.append("Correctness: " + ("**FAILED**" if self.correctness_failed else "all checks passed")
                     + f"; load average {os.getloadavg()[0]:.1f} at end.")
        return "\n".join(lines) + "\n"

    def main(self):
        self.meta()
        self.generate()
        self.convert_onnx()
        self.correctness()
        self.latency()
        self.convert_h5()
        self.open_time_row()
        self.rss()
        self.results["correctness_failed"] = self.correctness_failed
        table = self.table()
        for name, text in (("results.md", table), ("results.json", json.dumps(self.results, indent=2) + "\n")):
            with open(os.path.join(self.dir, name + ".tmp"), "w") as f:
                f.write(text)
            os.replace(os.path.join(self.dir, name + ".tmp"), os.path.join(self.dir, name))
        print(table)
        log(f"written {os.path.join(self.dir, 'results.md')} and results.json")
        return 1 if self.correctness_failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--open-time", required=True)
    return Bench(parser.parse_args()).main()


if __name__ == "__main__":
    sys.exit(main())
