#!/usr/bin/env bash
# One GRPO step end to end, the Java library against TRL's GRPOTrainer: same weights, prompts, shapes,
# hyperparameters and thread count on CPU; writes benchmarks/results-grpo-<date>.md (see README.md,
# "GRPO step against TRL").
#
#   benchmarks/grpo_step.sh
#
# Builds nothing: run `mvn -q -DskipTests package` (or install) first; needs examples/target/agent0.jar.
# Environment:
#   THREADS          intra-op threads on both sides (default 2)
#   ROUNDS           rounds (default 2, at least 2): round 1 runs Java then TRL, round 2 TRL then Java,
#                    and so on; each side's steps are pooled over rounds
#   BETAS            KL coefficients, one row each (default "0 0.04")
#   LOSS             TRL's loss_type, mapped to the library's aggregation (default dapo = TOKEN_MEAN)
#   SHAPES           subset of "tiny 0.6b-4l" (default both)
#   BENCH_WORK       scratch folder: checkpoints, raw JSON, the venv (default /tmp/agent0-bench)
#   TINY_MODEL       qwen3-tiny folder (default testdata/fixtures/qwen3-tiny, else a random one)
#   TRL_PYTHON       interpreter with torch + trl; default: the venv $BENCH_WORK/trl-venv, created
#                    offline from WHEEL_DIRS (the script stops with a message where the wheels are absent)
#   WHEEL_DIRS       default "/opt/wheels /opt/pypi/files /opt/pypi-more/files"
#   MALLOC_TUNED     1 (default) = glibc malloc keeps freed memory and tensors >= 2 MB go on transparent
#                    huge pages, on both sides (the variables of run.sh's MALLOC_TUNED=1); 0 = as shipped
#   AGENT0_BUILD_DIR build folder of the modules (default target)
#   QUIET_BUSY       before each run, wait while the CPUs are busier than this percent (sampled over
#                    3 s; default 30) ...
#   QUIET_WAIT       ... but at most this many seconds (default 120), then run anyway; the busy share
#                    with other work before and during each run goes into the report, which also pools
#                    the runs that stayed at most QUIET_BUSY % busy
# About 30-45 minutes on the shared 2-core VM (the 0.6b-4l runs dominate).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${AGENT0_BUILD_DIR:-target}"
jar="$here/examples/$build/agent0.jar"
threads="${THREADS:-2}"
rounds="${ROUNDS:-2}"
betas="${BETAS:-0 0.04}"
loss="${LOSS:-dapo}"
shapes="${SHAPES:-tiny 0.6b-4l}"
work="${BENCH_WORK:-/tmp/agent0-bench}"
wheel_dirs="${WHEEL_DIRS:-/opt/wheels /opt/pypi/files /opt/pypi-more/files}"
tiny="${TINY_MODEL:-$here/testdata/fixtures/qwen3-tiny}"
tokenizer="$here/testdata/assets/qwen3-tokenizer"
stamp="$(date +%Y-%m-%d-%H%M)"
raw="$work/grpo-$stamp"
out="$here/benchmarks/results-grpo-$stamp.md"
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

[[ -f "$jar" ]] || { echo "grpo_step.sh: $jar not found; build first: mvn -q -DskipTests package" >&2; exit 2; }
((rounds >= 2)) || { echo "grpo_step.sh: ROUNDS = $rounds, need at least 2 (sides alternate)" >&2; exit 2; }
mkdir -p "$raw"
# A private copy of the jar and its lib/ (its manifest class path): a rebuild during the run changes nothing.
mkdir -p "$raw/jar"
cp -p "$jar" "$raw/jar/agent0.jar"
cp -rp "$(dirname "$jar")/lib" "$raw/jar/lib"
module_jars="$(cd "$raw/jar/lib" && for f in agent0-*.jar; do echo -n "${f%-*-SNAPSHOT.jar} $(date -r "$f" '+%H:%M'), "; done)"

# TRL 1.13 in a virtual environment made offline from the local wheel folders (the CPU torch wheel:
# the default one pulls CUDA packages that are not there).
trl_venv() {
  local venv="$work/trl-venv" d links=() have_torch="" have_trl=""
  if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c 'import torch, trl, transformers, datasets, safetensors' 2>/dev/null; then
    echo "$venv/bin/python"; return
  fi
  for d in $wheel_dirs; do
    [[ -d "$d" ]] || continue
    links+=(--find-links "$d")
    ls "$d"/torch-2.13.0+cpu-*.whl > /dev/null 2>&1 && have_torch=1
    ls "$d"/trl-1.13.0-*.whl > /dev/null 2>&1 && have_trl=1
  done
  if [[ -z "$have_torch" || -z "$have_trl" ]]; then
    echo "grpo_step.sh: no torch-2.13.0+cpu or trl-1.13.0 wheel in $wheel_dirs: nothing to compare against, skipped" >&2
    return
  fi
  log "creating $venv (offline, from $wheel_dirs)"
  python3 -m venv "$venv" && "$venv/bin/pip" install -q --no-index "${links[@]}" torch==2.13.0+cpu 'trl==1.13.0' \
      transformers accelerate datasets safetensors 'numpy<2.3' >&2 \
    || { echo "grpo_step.sh: could not install TRL into $venv: skipped" >&2; return; }
  echo "$venv/bin/python"
}
trl_py="${TRL_PYTHON:-$(trl_venv)}"
[[ -n "$trl_py" ]] || exit 0

# Never phone home (DJL, Hugging Face); pin BLAS threads; the same malloc settings on both sides.
export OPT_OUT_TRACKING=true DJL_OFFLINE=true HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
       HF_HUB_DISABLE_TELEMETRY=1 TOKENIZERS_PARALLELISM=false \
       OPENBLAS_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
if [[ "${MALLOC_TUNED:-1}" == 1 ]]; then
  export MALLOC_ARENA_MAX=1 MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=4294967296 MALLOC_TOP_PAD_=268435456
  export THP_MEM_ALLOC_ENABLE=1
fi
java_cmd=(java -Xmx6g -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -cp "$raw/jar/agent0.jar")

# Checkpoints both sides load: the tiny fixture, and Qwen3-0.6B's widths cut to 4 layers (random).
if [[ ! -f "$tiny/model.safetensors" ]]; then
  tiny="$work/qwen3-tiny-random"
  "${java_cmd[@]}" dev.agent0.examples.bench.RandomCheckpoint "$tiny" tiny
fi
big4="$work/qwen3-0.6b-4layers-random"
[[ " $shapes " != *" 0.6b-4l "* ]] || "${java_cmd[@]}" -Xmx8g dev.agent0.examples.bench.RandomCheckpoint "$big4" 0.6b 4

# Shape -> model and step arguments (the same string on both sides).
shape_model() { [[ "$1" == tiny ]] && echo "$tiny" || echo "$big4"; }
shape_args() {
  case "$1" in
    tiny) echo "prompts=8 group=8 prompt_len=32 new=64 warmup=5 reps=10" ;;
    0.6b-4l) echo "prompts=2 group=4 prompt_len=32 new=32 warmup=2 reps=4" ;;
    *) echo "grpo_step.sh: unknown shape $1" >&2; exit 2 ;;
  esac
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo "# GRPO step: the Java library against TRL, $(date '+%Y-%m-%d %H:%M')"
  echo
  echo "- machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) vCPU," \
       "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM, $(. /etc/os-release; echo "$PRETTY_NAME");" \
       "**shared**: other builds and tests may run on the same 2 cores (load averages below), so every number is" \
       "a lower bound and spreads are wide"
  echo "- Java: $(java -version 2>&1 | head -1); DJL 0.36.0 PyTorch engine (libtorch 2.7.1), FP32;" \
       "jar $(date -r "$jar" '+%Y-%m-%d %H:%M') (module jars: ${module_jars%, }), commit $(cd "$here" && git rev-parse --short HEAD)$(cd "$here" && git diff --quiet HEAD -- agent0-core agent0-rl agent0-eval 2>/dev/null || echo ' (the working tree had uncommitted changes in the modules: the module jars above are what ran)')"
  echo "- TRL: $("$trl_py" -c 'import torch, transformers, trl, accelerate; print(f"trl {trl.__version__}, transformers {transformers.__version__}, accelerate {accelerate.__version__}, torch {torch.__version__}")'), FP32, eager generation (no vLLM)"
  echo "- threads: $threads intra-op on both sides (torch.set_num_threads / RuntimeOptions.withThreads)," \
       "MKL/OPENBLAS_NUM_THREADS=$threads; glibc malloc tuned + THP_MEM_ALLOC_ENABLE: ${MALLOC_TUNED:-1}"
  echo "- load average before: $load_before; after: LOAD_AFTER; at each run's start: 1-min load LOAD_DURING, CPUs busy BUSY_DURING (sampled over 3 s; each run waited up to ${QUIET_WAIT:-120} s for at most ${QUIET_BUSY:-30} %)"
  echo "- plan: $rounds rounds, sides alternating (odd rounds Java first, even rounds TRL first); shapes $shapes;" \
       "β in {$betas}; loss_type $loss; one process per side, shape and β; raw JSON lines: $raw"
} > "$raw/header.md"

# Percent of both CPUs busy over 3 s (from /proc/stat): what else runs on the shared machine.
busy() {
  local a b
  a=($(head -1 /proc/stat)); sleep 3; b=($(head -1 /proc/stat))
  local total=0 idle i
  for ((i = 1; i < ${#a[@]}; i++)); do total=$((total + b[i] - a[i])); done
  idle=$((b[4] - a[4] + b[5] - a[5]))
  echo $((total > 0 ? 100 * (total - idle) / total : 0))
}
# Waits (at most QUIET_WAIT seconds) until the machine is quiet enough to start a run.
wait_quiet() {
  local limit="${QUIET_BUSY:-30}" deadline=$((SECONDS + ${QUIET_WAIT:-120})) b
  b="$(busy)"
  while ((b > limit && SECONDS < deadline)); do
    log "CPUs ${b}% busy (other work): waiting"
    sleep 10
    b="$(busy)"
  done
  echo "$b"
}
# CPU seconds of this shell's finished children (user + sys), from the `times` builtin: cpu_mark must
# run in the script's own shell (not in $(...), a subshell with children of its own), cpu_seconds reads it.
cpu_mark() { times > "$raw/times.txt"; }
cpu_seconds() {
  python3 -c 'import re, sys
u, s = re.findall(r"(\d+)m([\d.]+)s", open(sys.argv[1]).read().splitlines()[1])
print(sum(int(m) * 60 + float(x) for m, x in (u, s)))' "$raw/times.txt"
}
run_side() { # side shape beta round
  local side="$1" shape="$2" beta="$3" round="$4" model args b stat0 stat1 cpu0 cpu1 t0 t1
  model="$(shape_model "$shape")"
  args="$(shape_args "$shape")"
  b="$(wait_quiet)"
  echo "$b $(cut -d' ' -f1 /proc/loadavg)" >> "$raw/load.txt"
  log "$shape β=$beta: $side (CPUs ${b}% busy before it)"
  stat0="$(head -1 /proc/stat)"; cpu_mark; cpu0="$(cpu_seconds)"; t0="$(date +%s.%N)"
  if [[ "$side" == java ]]; then
    "${java_cmd[@]}" dev.agent0.examples.bench.GrpoStepBenchmark model="$model" shape="$shape" beta="$beta" \
        loss="$loss" threads="$threads" $args > "$raw/run.json" 2>> "$raw/java.err"
  else
    "$trl_py" "$here/benchmarks/trl_grpo_step.py" model="$model" tokenizer="$tokenizer" shape="$shape" \
        beta="$beta" loss="$loss" threads="$threads" $args > "$raw/run.json" 2>> "$raw/trl.err"
  fi
  t1="$(date +%s.%N)"; cpu_mark; cpu1="$(cpu_seconds)"; stat1="$(head -1 /proc/stat)"
  # The run's JSON line, with its round and how busy the CPUs were with other work before and during it
  # (during: the machine's busy CPU time over the run minus the run's own, as a share of both CPUs).
  python3 -c 'import json, os, sys
a, b = [list(map(int, x.split()[1:])) for x in (sys.argv[4], sys.argv[5])]
d = [y - x for x, y in zip(a, b)]
busy = (sum(d[:8]) - d[3] - d[4]) / os.sysconf("SC_CLK_TCK")
wall = float(sys.argv[7]) - float(sys.argv[6])
own = float(sys.argv[9]) - float(sys.argv[8])
during = min(100, max(0, round(100 * (busy - own) / (wall * os.cpu_count()))))
for line in open(sys.argv[1]):
    if line.startswith("{"):
        r = json.loads(line)
        r.update(round=int(sys.argv[2]), busy_before=int(sys.argv[3]), busy_during=during)
        print(json.dumps(r))' \
      "$raw/run.json" "$round" "$b" "$stat0" "$stat1" "$t0" "$t1" "$cpu0" "$cpu1" >> "$raw/grpo.jsonl"
}
for ((r = 1; r <= rounds; r++)); do
  log "round $r of $rounds"
  order=(java trl)
  ((r % 2 == 1)) || order=(trl java)
  for shape in $shapes; do
    for beta in $betas; do
      for side in "${order[@]}"; do
        run_side "$side" "$shape" "$beta" "$r"
      done
    done
  done
done

range() { sort -n | sed -n '1p;$p' | paste -sd' ' | awk '{print ($2 == "" ? $1 : $1 "–" $2)}'; }
sed -i "s|LOAD_AFTER|$(cut -d' ' -f1-3 /proc/loadavg)|; s|LOAD_DURING|$(cut -d' ' -f2 "$raw/load.txt" | range)|; s|BUSY_DURING|$(cut -d' ' -f1 "$raw/load.txt" | range) %|" "$raw/header.md"
python3 "$here/benchmarks/grpo_report.py" "$out" "$raw/header.md" "$raw/grpo.jsonl"
log "wrote $out"
