#!/usr/bin/env bash
# Open-time benchmark: `weightport inspect --json` on a ~1 MB and a ~1 GB .wpk should take the
# same time, since opening maps the file and parses only the manifest (ARCHITECTURE.md, "Reading").
# Prints the median time of each and their ratio (large / small).
#
# Usage: scripts/bench/open_time.sh [--runs N] [--warmup W] [--bin PATH] [--small F.wpk --large F.wpk]
#                                   [--dir DIR] [--keep] [--max-ratio R]
#   --runs N       timed runs per file (default 20); the median is reported
#   --warmup W     untimed runs first (default 3): page cache warm, as for a user opening twice
#   --bin PATH     use this weightport binary instead of building it (swift build -c release)
#   --small/--large  time these files instead of generating the synthetic pair
#   --dir DIR      where to write the synthetic files (default: a temporary directory)
#   --keep         keep the synthetic files
#   --max-ratio R  exit 1 when large/small exceeds R (for CI); default: report only
#
# The synthetic pair has the same one-layer graph (input [-1, N] → dense N→N, zero kernel) so
# that the manifests match and only the data size differs:
#   small  N = 512     1 MiB of weights
#   large  N = 16384   1 GiB of weights
# They are written by WPKWriter itself: the script compiles Sources/WeightPortFormat (Foundation
# only) with a 20-line main.swift using swiftc -O (~1 min on 2 cores), needing no CLI subcommand.
# Timing needs `weightport inspect` on the CLI.
# Times each run with `date +%s%N`, the two files alternating. Needs ~1.1 GB of free disk in --dir.
set -euo pipefail

runs=20
warmup=3
bin=""
small=""
large=""
dir=""
keep=0
max_ratio=""

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    --small) small="$2"; shift 2 ;;
    --large) large="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --max-ratio) max_ratio="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "open_time: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
case "$runs$warmup" in *[!0-9]*) echo "open_time: --runs and --warmup take whole numbers" >&2; exit 2 ;; esac
[ "$runs" -ge 1 ] || { echo "open_time: --runs must be at least 1" >&2; exit 2; }
if { [ -n "$small" ] && [ -z "$large" ]; } || { [ -z "$small" ] && [ -n "$large" ]; }; then
  echo "open_time: give both --small and --large, or neither" >&2; exit 2
fi

root="$(cd "$(dirname "$0")/../.." && pwd)"
if [ -z "$bin" ]; then
  echo "open_time: building weightport (release)" >&2
  (cd "$root" && swift build -c release --product weightport >&2)
  bin="$root/.build/release/weightport"
fi
[ -x "$bin" ] || { echo "open_time: no executable weightport at '$bin'" >&2; exit 2; }
"$bin" inspect --help >/dev/null 2>&1 || { echo "open_time: '$bin' has no inspect command yet" >&2; exit 2; }

cleanup_dir=""
if [ -z "$small" ]; then
  if [ -z "$dir" ]; then
    dir="$(mktemp -d "${TMPDIR:-/tmp}/wpk-open-time.XXXXXX")"
    [ "$keep" -eq 1 ] || cleanup_dir="$dir"
  fi
  mkdir -p "$dir"
  [ -z "$cleanup_dir" ] || trap 'rm -rf "$cleanup_dir"' EXIT
  small="$dir/small.wpk"
  large="$dir/large.wpk"
  generator="$dir/make_synthetic_wpk"
  echo "open_time: compiling the synthetic-file writer (swiftc -O, Sources/WeightPortFormat)" >&2
  cat > "$dir/main.swift" <<'SWIFT'
import Foundation

// make_synthetic_wpk OUTPUT.wpk N: input [-1, N] → dense N→N (zero kernel, no bias) → output.
let arguments = CommandLine.arguments
guard arguments.count == 3, let n = Int(arguments[2]), n > 0 else {
    FileHandle.standardError.write(Data("usage: make_synthetic_wpk OUTPUT.wpk N\n".utf8))
    exit(2)
}
let storage = ByteStorage(count: n * n * 4) { $0.initializeMemory(as: UInt8.self, repeating: 0) }
let kernel = try Tensor(name: "dense/kernel", dtype: .float32, shape: [n, n], layout: .denseKernel, storage: storage)
let model = try Model(
    name: "synthetic_dense_\(n)",
    inputs: [ValueInfo(name: "input", shape: [-1, n], sourceLayout: .plain)],
    outputs: [ValueInfo(name: "dense", shape: [-1, n], sourceLayout: .plain)],
    nodes: [Node(name: "dense", op: .dense, inputs: ["input"], outputs: ["dense"], weights: ["kernel": "dense/kernel"])],
    tensors: [kernel],
    provenance: Provenance(sourceFormat: "synthetic", sourceFile: "open_time.sh", sourceSHA256: String(repeating: "0", count: 64),
                           frameworkVersion: nil, importerVersion: "open_time.sh", createdAt: "1970-01-01T00:00:00Z"))
try WPKWriter.write(model, to: URL(fileURLWithPath: arguments[1]))
SWIFT
  mapfile -d '' sources < <(find "$root/Sources/WeightPortFormat" -name '*.swift' -print0)
  swiftc -O -module-name WeightPortFormat "${sources[@]}" "$dir/main.swift" -o "$generator"
  echo "open_time: writing synthetic files in $dir" >&2
  "$generator" "$small" 512
  "$generator" "$large" 16384
fi
for file in "$small" "$large"; do
  [ -r "$file" ] || { echo "open_time: cannot read '$file'" >&2; exit 2; }
  "$bin" inspect --json "$file" >/dev/null || { echo "open_time: 'weightport inspect --json $file' failed" >&2; exit 2; }
done

# The two files are timed in turn, small then large, run after run, so that the machine's noise
# (this host's speed swings by 1.5x within seconds) hits both alike; each gets its median.
# ms_of MICROSECONDS...: their median, in milliseconds.
ms_of() {
  printf '%s\n' "$@" | sort -n | awk '{ t[NR] = $1 } END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2; printf "%.3f\n", m / 1000 }'
}
# run_us FILE: wall time of one `weightport inspect --json FILE`, in microseconds.
run_us() {
  local start end
  start=$(date +%s%N)
  "$bin" inspect --json "$1" >/dev/null
  end=$(date +%s%N)
  echo $(((end - start) / 1000))
}
for ((i = 0; i < warmup; i++)); do run_us "$small" >/dev/null; run_us "$large" >/dev/null; done
small_us=()
large_us=()
for ((i = 0; i < runs; i++)); do
  small_us+=("$(run_us "$small")")
  large_us+=("$(run_us "$large")")
done

tool="$runs runs each, the two files in turn (date +%s%N)"
size() { stat -c %s "$1"; }
small_ms="$(ms_of "${small_us[@]}")"
large_ms="$(ms_of "${large_us[@]}")"
ratio="$(awk -v a="$large_ms" -v b="$small_ms" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')"

echo "weightport inspect --json, median of $tool, $warmup warm-up runs each"
printf '  small  %12s bytes  %10s ms  %s\n' "$(size "$small")" "$small_ms" "$small"
printf '  large  %12s bytes  %10s ms  %s\n' "$(size "$large")" "$large_ms" "$large"
echo "  ratio large/small: $ratio"

if [ -n "$max_ratio" ] && awk -v r="$ratio" -v m="$max_ratio" 'BEGIN { exit !(r > m) }'; then
  echo "open_time: ratio $ratio exceeds --max-ratio $max_ratio" >&2
  exit 1
fi
