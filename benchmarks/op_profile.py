"""Where the time of a decode step goes, per op, on either side.

    python3 benchmarks/op_profile.py java TRACE.json STEPS
        sums the Chrome trace written by dev.agent0.examples.bench.OpProfile (PyTorch's profiler
        inside the Java process) per op name
    python3 benchmarks/op_profile.py pytorch model=DIR batch=B prompt=P steps=N threads=T
        profiles the eager baseline's decode steps with torch.profiler

Prints the top ops by self time: total ms, calls, ms per decode step and share of the profiled time.
Only top-level ops are counted on the Java side (an op's children run inside its span).
"""
import json
import os
import sys
from collections import defaultdict


def java(trace, steps):
    with open(trace) as f:
        data = json.load(f)
    events = data["traceEvents"] if isinstance(data, dict) else data
    spans = sorted((e for e in events if e.get("ph") == "X" and "dur" in e),
                   key=lambda e: (e.get("tid"), e["ts"], -e["dur"]))
    total = defaultdict(float)
    calls = defaultdict(int)
    end_by_thread = {}
    for e in spans:  # keep top-level spans: those not inside the previous top-level span
        tid = e.get("tid")
        if e["ts"] < end_by_thread.get(tid, -1):
            continue
        end_by_thread[tid] = e["ts"] + e["dur"]
        total[e["name"]] += e["dur"] / 1000
        calls[e["name"]] += 1
    wall = (max(e["ts"] + e["dur"] for e in spans) - min(e["ts"] for e in spans)) / 1000
    ops = sum(total.values())
    print(f"wall time from the first op to the last {wall:.1f} ms ({wall / steps:.2f} ms/step): inside ops "
          f"{100 * ops / wall:.0f} %, between ops (Java, JNI, allocation, host copies) {100 * (1 - ops / wall):.0f} %")
    show(total, calls, steps)


def show(total, calls, steps):
    whole = sum(total.values())
    print(f"profiled op time {whole:.1f} ms over {steps} decode steps ({whole / steps:.2f} ms/step), "
          f"{sum(calls.values()) / steps:.0f} top-level ops per step")
    print(f"{'op':<34} {'ms':>9} {'calls':>7} {'ms/step':>8} {'share':>6}")
    for name, ms in sorted(total.items(), key=lambda x: -x[1])[:15]:
        print(f"{name[:34]:<34} {ms:9.1f} {calls[name]:7d} {ms / steps:8.2f} {100 * ms / whole:5.1f}%")


def pytorch(argv):
    args = dict(a.split("=", 1) for a in argv)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", args.get("threads", "1"))
    import torch
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from pytorch_baseline import pick
    from qwen3_eager import Qwen3, batch_ids, causal_bias, load_checkpoint
    torch.set_num_threads(int(args.get("threads", "1")))
    config, tensors = load_checkpoint(args["model"])
    model = Qwen3(config, tensors)
    b, p, steps = int(args.get("batch", "1")), int(args.get("prompt", "16")), int(args.get("steps", "8"))
    prompts = batch_ids(b, p, config["vocab_size"])
    cache = model.new_cache(b, p + steps + 3)
    key_mask = torch.zeros(b, 1, 1, p + steps + 3)
    with torch.inference_mode():
        # The prefill and two decode steps unprofiled, then `steps` decode steps as generate() runs them.
        last, _ = pick(model.forward(prompts, torch.arange(p).expand(b, p), causal_bias(p), cache, 0, True)[:, -1])
        for s in range(steps + 2):
            if s == 2:
                prof = torch.profiler.profile()
                prof.__enter__()
            col = p + s
            ids = torch.tensor(last, dtype=torch.long).view(b, 1)
            logits = model.forward(ids, torch.full((b, 1), col, dtype=torch.long), key_mask[..., :col + 1],
                                   cache, col, last_only=True)[:, -1]
            last, _ = pick(logits)
        prof.__exit__(None, None, None)
    total = defaultdict(float)
    calls = defaultdict(int)
    for e in prof.key_averages():
        if e.self_cpu_time_total > 0:
            total[e.key] += e.self_cpu_time_total / 1000
            calls[e.key] += e.count
    print("(self times, so nested ops are not double counted)")
    show(total, calls, steps)


if __name__ == "__main__":
    if sys.argv[1] == "java":
        java(sys.argv[2], int(sys.argv[3]))
    else:
        pytorch(sys.argv[2:])
