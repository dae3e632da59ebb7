#!/usr/bin/env bash
# Side-by-side benchmark: the Java library against an eager PyTorch baseline, same weights,
# inputs, shapes and timing protocol; writes benchmarks/results-<date>.md (see README.md).
#
#   benchmarks/run.sh [quick|full]
#
# Builds nothing heavy: run `mvn -q -DskipTests package` (or install) first. Environment:
#   AGENT0_BUILD_DIR      build folder name of the modules (default target)
#   THREADS               PyTorch intra-op threads on every side (default 2)
#   BENCH_WORK            scratch folder for checkpoints and raw JSON (default /tmp/agent0-bench)
#   TINY_MODEL            qwen3-tiny folder (default testdata/fixtures/qwen3-tiny, else a random one)
#   TORCH_WHEEL_PYTHON    the primary baseline: an interpreter with the PyTorch CPU wheel (MKL +
#                         oneDNN, what `pip install torch` gives). Default: a virtual environment in
#                         $BENCH_WORK/torch-wheel-venv, created offline by this script from the local
#                         wheel folders (WHEEL_DIRS); skipped with a message where they lack the wheel;
#                         "" skips it
#   WHEEL_DIRS            where the wheels are (default "/opt/wheels /opt/pypi/files /opt/pypi-more/files")
#   PYTORCH_PYTHON        the second baseline: Debian's python3-torch (default /usr/bin/python3)
#   MALLOC_TUNED=1        keep freed memory in glibc malloc on every side (MALLOC_ARENA_MAX,
#                         MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_, MALLOC_TOP_PAD_, the values
#                         bin/agent0 sets): fresh pages for every tensor
#                         cost page faults, which are dear on this VM (README.md); default off.
#                         Also sets THP_MEM_ALLOC_ENABLE=1 (libtorch >= 2.1, so the Java side and the
#                         wheel; Debian's 1.13 ignores it): tensors >= 2 MB on transparent huge pages
#   TRAIN=0               skip the training shape (0.6b-4l)
#   ROUNDS                rounds of the inference shapes (default 2 quick, 3 full): every side runs
#                         once per round, sides alternating, and the table pools all rounds' runs
# quick (default) takes about 10 minutes on a loaded 2-core machine (0.6B generation at batch 1
# only); full has 0.6B batches 1/16/64 with 16 new tokens and more runs (run it on a quiet machine).
set -euo pipefail
mode="${1:-quick}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${AGENT0_BUILD_DIR:-target}"
jar="$here/examples/$build/agent0.jar"
threads="${THREADS:-2}"
work="${BENCH_WORK:-/tmp/agent0-bench}"
py="${PYTORCH_PYTHON:-/usr/bin/python3}"
wheel_dirs="${WHEEL_DIRS:-/opt/wheels /opt/pypi/files /opt/pypi-more/files}"
tiny="${TINY_MODEL:-$here/testdata/fixtures/qwen3-tiny}"
stamp="$(date +%Y-%m-%d-%H%M)"
raw="$work/$stamp"
out="$here/benchmarks/results-$stamp.md"

[[ -f "$jar" ]] || { echo "run.sh: $jar not found; build first: mvn -q -DskipTests package" >&2; exit 2; }
mkdir -p "$raw"

# The primary baseline: PyTorch's CPU wheel in a virtual environment made offline from local wheels
# (the CPU build: the default torch wheel pulls CUDA packages that are not there offline).
wheel_venv() {
  local venv="$work/torch-wheel-venv" whl="" d links=()
  if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c 'import torch, numpy, safetensors' 2>/dev/null; then
    echo "$venv/bin/python"; return
  fi
  for d in $wheel_dirs; do
    [[ -d "$d" ]] || continue
    links+=(--find-links "$d")
    [[ -n "$whl" ]] || whl="$(ls "$d"/torch-*+cpu-cp3*-manylinux*_x86_64.whl 2>/dev/null | sort -V | tail -1 || true)"
  done
  if [[ -z "$whl" ]]; then
    echo "run.sh: no PyTorch CPU wheel (torch-*+cpu-*.whl) in $wheel_dirs: the wheel baseline is skipped" >&2
    return
  fi
  log "creating $venv from $whl (offline)"
  python3 -m venv "$venv" && "$venv/bin/pip" install -q --no-index "${links[@]}" "$whl" 'numpy<2.3' safetensors >&2 \
    || { echo "run.sh: could not install $whl into $venv: the wheel baseline is skipped" >&2; return; }
  echo "$venv/bin/python"
}
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
wheel="${TORCH_WHEEL_PYTHON-$(wheel_venv)}"
# The second baseline, Debian's python3-torch, where it is installed.
debian="$py"
"$py" -c 'import torch' 2>/dev/null || {
  echo "run.sh: $py cannot import torch (apt-get install -y python3-torch libopenblas0-pthread):" \
       "the Debian column is skipped" >&2
  debian=""; }
[[ -n "$wheel" || -n "$debian" ]] || { echo "run.sh: no PyTorch baseline: neither the wheel nor Debian's torch" >&2; exit 2; }
# Plain Python for the helper scripts (report, shapes); the bandwidth probe on the primary baseline.
helper_py="$(command -v python3)"
primary_py="${wheel:-$debian}"
primary_side="$([[ -n "$wheel" ]] && echo pytorch-wheel || echo pytorch)"
# Never phone home (DJL); pin BLAS threads of the Python sides to the same count.
export OPT_OUT_TRACKING=true DJL_OFFLINE=true OPENBLAS_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
if [[ "${MALLOC_TUNED:-0}" == 1 ]]; then
  export MALLOC_ARENA_MAX=1 MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=4294967296 MALLOC_TOP_PAD_=268435456
  export THP_MEM_ALLOC_ENABLE=1
fi
java_cmd=(java -Xmx6g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -cp "$jar")

# 1. Shapes and per-mode plan: tiny (131 k params), Qwen3-0.6B (28 layers, random weights) for
#    inference, and a 4-layer 0.6B (same widths) for the training step: the full 28-layer step
#    passed 19 GB on the Java side before finishing (docs/performance.md).
# Steady state on every side: each measurement warms for at least 10 s on the tiny shape and 3 s on
# the 0.6B one (warmup_s; the JVM compiles hot code in the background, and Java's tiny batch-16
# decode was still 3-6 k tok/s after 3 s of warm-up, 11-17 k after 10 s, 2026-12-06); the
# training rows warm up by a count of steps instead, the same on every side since each step updates
# the weights (tiny: 30 steps, about a second; 0.6b-4l: 2, the first two being 1.5-3x slower than
# the rest on every side while the optimizer state is allocated and the allocator warms up; at 4 × 64
# the Java side was still 20 % below its steady rate in steps 3-4, so full mode warms up by 4).
if [[ "$mode" == full ]]; then
  rounds="${ROUNDS:-3}"
  tiny_args="batches=1,16,64 prompt=32 new=64 score=16x128 train=8x128 warmup=2 warmup_s=10 warmup_train=30 reps=5"
  big_args="batches=1,16,64 prompt=16 new=16 score=4x64 warmup=1 warmup_new=4 warmup_s=3 reps=2"
  train_args="train=4x64 warmup=4 reps=6"
else
  rounds="${ROUNDS:-2}"
  tiny_args="batches=1,16,64 prompt=32 new=64 score=16x128 train=8x128 warmup=1 warmup_s=10 warmup_train=30 reps=3"
  big_args="batches=1 prompt=16 new=8 score=2x64 warmup=1 warmup_new=2 warmup_s=3 reps=2"
  train_args="train=2x64 warmup=2 reps=4"
fi
if [[ ! -f "$tiny/model.safetensors" ]]; then
  tiny="$work/qwen3-tiny-random"
  "${java_cmd[@]}" dev.agent0.examples.bench.RandomCheckpoint "$tiny" tiny
fi
big="$work/qwen3-0.6b-random"
big4="$work/qwen3-0.6b-4layers-random"
log "random checkpoints (written once, reused)"
"${java_cmd[@]}" -Xmx8g dev.agent0.examples.bench.RandomCheckpoint "$big" 0.6b
"${java_cmd[@]}" -Xmx8g dev.agent0.examples.bench.RandomCheckpoint "$big4" 0.6b 4

# 2. The machine: versions, BLAS, load (the CPU may be shared: the load average says how much).
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo "# Side-by-side benchmark, $(date '+%Y-%m-%d %H:%M') ($mode)"
  echo
  echo "- machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) vCPU," \
       "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM, $(. /etc/os-release; echo "$PRETTY_NAME")"
  echo "- Java: $(java -version 2>&1 | head -1); DJL 0.36.0 with libtorch 2.7.1 (MKL, GNU OpenMP), FP32"
  [[ -n "$debian" ]] && echo "- PyTorch (Debian): $("$py" -c 'import torch; print(torch.__version__)'), libblas.so.3 ->" \
       "$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)"
  [[ -n "$wheel" ]] && echo "- PyTorch (wheel): $("$wheel" -c 'import torch; print(torch.__version__, "BLAS", torch.__config__.show().split("BLAS_INFO=")[1].split(",")[0])')"
  echo "- threads: $threads intra-op on every side (torch.set_num_threads / ai.djl.pytorch.num_threads)," \
       "OPENBLAS_NUM_THREADS=MKL_NUM_THREADS=$threads; glibc malloc tuned: ${MALLOC_TUNED:-0}"
  echo "- load average before: $load_before; after: LOAD_AFTER"
  echo "- plan: $rounds rounds of tiny \`$tiny_args\` and 0.6b \`$big_args\`, sides alternating;" \
       "one round of 0.6b-4l \`$train_args\`$([[ "${TRAIN:-1}" == 0 ]] && echo " (skipped: TRAIN=0)")"
  echo "- raw JSON lines: $raw"
} > "$raw/header.md"

# 3. Bandwidth, then each shape on every side (one process per shape and side, one after another).
log "bandwidth"
"${java_cmd[@]}" dev.agent0.examples.bench.CopyBandwidth 256 "$threads" 10 >> "$raw/java.jsonl"
"$primary_py" "$here/benchmarks/pytorch_baseline.py" parts=copy threads="$threads" side="$primary_side" >> "$raw/$primary_side.jsonl"
# The reachable ceiling of batch-1 decode: a hand-written AVX-512 matrix-vector product over the 0.6B
# shape's matrices (benchmarks/gemv_ceiling.c); skipped without gcc or AVX-512.
if command -v gcc > /dev/null && grep -qw avx512f /proc/cpuinfo; then
  gcc -O3 -march=native -fopenmp "$here/benchmarks/gemv_ceiling.c" -o "$raw/gemv_ceiling" -lm
  dims="$("$helper_py" -c 'import json,sys; c = json.load(open(sys.argv[1])); h = c.get("head_dim") or c["hidden_size"] // c["num_attention_heads"]
print(c["hidden_size"], c["intermediate_size"], c["num_attention_heads"] * h, c["num_key_value_heads"] * h, c["num_hidden_layers"], c["vocab_size"])' "$big/config.json")"
  "$raw/gemv_ceiling" $dims "$threads" 10 >> "$raw/native.jsonl" 2>> "$raw/native.err"
fi
run_shape() { # shape model parts args
  local shape="$1" model="$2" parts="$3" args="$4"
  log "$shape: java"
  "${java_cmd[@]}" dev.agent0.examples.bench.SideBySideBenchmark model="$model" shape="$shape" parts="$parts" \
      threads="$threads" check="$raw/check-$shape" $args >> "$raw/java.jsonl" 2>> "$raw/java.err"
  if [[ -n "$debian" ]]; then
    log "$shape: pytorch (Debian)"
    "$py" "$here/benchmarks/pytorch_baseline.py" model="$model" shape="$shape" parts="$parts" threads="$threads" \
        check="$raw/check-$shape" side=pytorch ${5:-} $args >> "$raw/pytorch.jsonl"
  fi
  if [[ -n "$wheel" ]]; then
    log "$shape: pytorch (wheel)"
    "$wheel" "$here/benchmarks/pytorch_baseline.py" model="$model" shape="$shape" parts="$parts" threads="$threads" \
        check="$raw/check-$shape" side=pytorch-wheel ${5:-} $args >> "$raw/pytorch-wheel.jsonl"
  fi
}
expected=""
[[ -f "$tiny/expected.json" ]] && expected="expected=$tiny/expected.json"
for ((r = 1; r <= rounds; r++)); do
  log "round $r of $rounds"
  run_shape tiny "$tiny" check,matmul,gen,score,train "$tiny_args" "$expected"
  run_shape 0.6b "$big" check,gen,score "$big_args"
done
[[ "${TRAIN:-1}" == 0 ]] || run_shape 0.6b-4l "$big4" check,train "$train_args"

# 4. One table.
sed -i "s|LOAD_AFTER|$(cut -d' ' -f1-3 /proc/loadavg)|" "$raw/header.md"
files=("$raw/java.jsonl")
[[ -n "$wheel" ]] && files+=("$raw/pytorch-wheel.jsonl")
[[ -n "$debian" ]] && files+=("$raw/pytorch.jsonl")
[[ -s "$raw/native.jsonl" ]] && files+=("$raw/native.jsonl")
"$helper_py" "$here/benchmarks/report.py" "$out" "$raw/header.md" "${files[@]}"
log "wrote $out"
