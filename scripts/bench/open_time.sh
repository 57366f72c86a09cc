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
# The synthetic pair is made with `weightport convert` from architecture specs alone (weights
# zero-filled, provenance `architecture`):
#   small  mobilenet_v1 α 0.25, 128 px, 10 classes       ≈ 221 K params ≈ 0.9 MB
#   large  mobilenet_v1 α 1.0, 224 px, 250,000 classes   ≈ 259 M params ≈ 1.04 GB
# If `weightport convert` cannot build a model from --arch without an INPUT file, pass files made
# another way with --small/--large.
# Uses hyperfine when installed (apt-get install -y hyperfine); otherwise a loop of N runs timed
# with `date +%s%N`. Needs ~1.1 GB of free disk in --dir.
set -euo pipefail

runs=20
warmup=3
bin=""
small=""
large=""
dir=""
keep=0
max_ratio=""

usage() { sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; }
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
  make_wpk() {  # make_wpk OUTPUT ALPHA INPUT_SIZE CLASSES
    if ! "$bin" convert --arch mobilenet_v1 --alpha "$2" --input-size "$3" --classes "$4" -o "$1" >&2; then
      echo "open_time: 'weightport convert --arch mobilenet_v1 --alpha $2 --input-size $3 --classes $4 -o $1' failed." >&2
      echo "open_time: this benchmark needs convert to build a zero-weight model from --arch alone," >&2
      echo "open_time: or two files given with --small/--large." >&2
      exit 2
    fi
  }
  echo "open_time: writing synthetic files in $dir" >&2
  make_wpk "$small" 0.25 128 10
  make_wpk "$large" 1.0 224 250000
fi
for file in "$small" "$large"; do
  [ -r "$file" ] || { echo "open_time: cannot read '$file'" >&2; exit 2; }
  "$bin" inspect --json "$file" >/dev/null || { echo "open_time: 'weightport inspect --json $file' failed" >&2; exit 2; }
done

# median_ms FILE: median wall time of `weightport inspect --json FILE`, in milliseconds.
median_ms() {
  local file="$1"
  if command -v hyperfine >/dev/null 2>&1; then
    local csv
    csv="$(mktemp)"
    hyperfine --style none --shell=none --warmup "$warmup" --runs "$runs" --export-csv "$csv" \
      "$(printf '%q inspect --json %q' "$bin" "$file")" >/dev/null
    # columns: command,mean,stddev,median,user,system,min,max (seconds)
    awk -F, 'NR == 2 { printf "%.3f\n", $(NF - 4) * 1000 }' "$csv"
    rm -f "$csv"
  else
    local i start end
    for ((i = 0; i < warmup; i++)); do "$bin" inspect --json "$file" >/dev/null; done
    for ((i = 0; i < runs; i++)); do
      start=$(date +%s%N)
      "$bin" inspect --json "$file" >/dev/null
      end=$(date +%s%N)
      echo $(((end - start) / 1000))
    done | sort -n | awk '{ t[NR] = $1 } END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2; printf "%.3f\n", m / 1000 }'
  fi
}

tool="loop of $runs runs (date +%s%N)"
command -v hyperfine >/dev/null 2>&1 && tool="hyperfine, $runs runs"
size() { stat -c %s "$1"; }
small_ms="$(median_ms "$small")"
large_ms="$(median_ms "$large")"
ratio="$(awk -v a="$large_ms" -v b="$small_ms" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')"

echo "weightport inspect --json, median of $tool, $warmup warm-up runs"
printf '  small  %12s bytes  %10s ms  %s\n' "$(size "$small")" "$small_ms" "$small"
printf '  large  %12s bytes  %10s ms  %s\n' "$(size "$large")" "$large_ms" "$large"
echo "  ratio large/small: $ratio"

if [ -n "$max_ratio" ] && awk -v r="$ratio" -v m="$max_ratio" 'BEGIN { exit !(r > m) }'; then
  echo "open_time: ratio $ratio exceeds --max-ratio $max_ratio" >&2
  exit 1
fi
