"""Eager PyTorch baseline of the side-by-side benchmark (benchmarks/README.md).

    OPENBLAS_NUM_THREADS=2 /usr/bin/python3 benchmarks/pytorch_baseline.py model=DIR shape=tiny \
        parts=copy,check,matmul,gen,score,train batches=1,16,64 prompt=32 new=64 score=16x128 \
        train=8x128 warmup=1 reps=5 [check=JAVA_DUMP_DIR] [expected=FIXTURE/expected.json]

Arguments are key=value, the same keys and defaults as the Java side
(dev.agent0.examples.bench.SideBySideBenchmark), so run.sh passes one string to both; `side=NAME`
(Python only) labels the output, e.g. to tell two PyTorch builds apart. Prints one
JSON line per measurement: {"side": "pytorch", "shape", "what", "batch", "len", "unit",
"median", "min", "max", "runs"}, throughput units (higher is better) throughout.

Timing protocol, identical on both sides: `warmup` untimed runs (continued until `warmup_s` seconds
have passed), then `reps` timed runs; a
generation run is one prefill (prompt + first greedy token) then new-1 single-token decode steps,
each step sending only the chosen ids and their log-probs to the host.
"""
import json
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")  # before torch loads OpenBLAS
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qwen3_eager import Qwen3, batch_ids, causal_bias, load_checkpoint  # noqa: E402

DEFAULTS = {"model": "", "shape": "model", "parts": "check,matmul,gen,score,train",
            "batches": "1,16,64", "prompt": "32", "new": "64", "score": "16x128", "train": "8x128",
            "warmup": "1", "reps": "5", "threads": "2", "check": "", "expected": "", "lr": "1e-5",
            "check_len": "16", "check_new": "8", "warmup_new": "8", "warmup_s": "0", "warmup_train": "",
            "side": "pytorch"}


def parse(argv):
    args = dict(DEFAULTS)
    for a in argv:
        key, sep, value = a.partition("=")
        if not sep or key not in DEFAULTS:
            sys.exit(f"argument {a!r}: expected key=value with key in {sorted(DEFAULTS)}")
        args[key] = value
    if not args["model"] and set(args["parts"].split(",")) - {"copy", "matmul"}:
        sys.exit("model=DIR is required (a Hugging Face folder with config.json and safetensors)")
    return args


def dims(s):
    b, t = s.split("x")
    return int(b), int(t)


def emit(args, what, batch, length, unit, values, **extra):
    values = sorted(values)
    line = {"side": args["side"], "shape": args["shape"], "what": what, "batch": batch, "len": str(length),
            "unit": unit, "median": values[len(values) // 2] if len(values) % 2 else
            (values[len(values) // 2 - 1] + values[len(values) // 2]) / 2,
            "min": values[0], "max": values[-1], "runs": len(values), "values": values}
    line.update(extra)
    print(json.dumps(line), flush=True)


# --- generation ---------------------------------------------------------------------------------

@torch.inference_mode()
def generate(model, prompts, new):
    """Greedy decode of ``new`` tokens; returns (tokens [B][new], prefill s, decode s)."""
    b, p = prompts.shape
    cache = model.new_cache(b, p + new)
    key_mask = torch.zeros(b, 1, 1, p + new)  # every row is real: all 0, kept for parity with Java
    t0 = time.perf_counter()
    logits = model.forward(prompts, torch.arange(p).expand(b, p), causal_bias(p) + key_mask[..., :p],
                           cache, 0, last_only=True)[:, -1]
    last, out = pick(logits)
    tokens = [[x] for x in last]
    t1 = time.perf_counter()
    for step in range(1, new):
        col = p + step - 1
        ids = torch.tensor(last, dtype=torch.long).view(b, 1)
        logits = model.forward(ids, torch.full((b, 1), col, dtype=torch.long), key_mask[..., :col + 1],
                               cache, col, last_only=True)[:, -1]
        last, out = pick(logits)
        for r in range(b):
            tokens[r].append(last[r])
    t2 = time.perf_counter()
    return tokens, t1 - t0, t2 - t1


def pick(logits):
    """Greedy ids and their log-probs, moved to the host (the Java side does the same)."""
    ids = logits.argmax(-1)
    lps = logits.log_softmax(-1).max(-1).values
    return ids.tolist(), lps.tolist()


def bench_generation(args, model, vocab):
    p, new = int(args["prompt"]), int(args["new"])
    for b in [int(x) for x in args["batches"].split(",")]:
        prompts = batch_ids(b, p, vocab)
        w0 = time.perf_counter()
        i = 0
        while warming_up(args, i, w0):
            generate(model, prompts, min(new, int(args["warmup_new"])))
            i += 1
        prefill, decode = [], []
        for _ in range(int(args["reps"])):
            _, tp, td = generate(model, prompts, new)
            prefill.append(b * p / tp)
            decode.append(b * (new - 1) / td)
        emit(args, "prefill", b, p, "tok/s", prefill)
        emit(args, "decode", b, f"{p}+{new}", "tok/s", decode)


# --- scoring and training -------------------------------------------------------------------------

def token_log_probs(model, ids):
    """log p(ids[t] | ids[<t]) [B, T-1] under the causal mask (LogProbScorer's entries 1..T-1)."""
    b, t = ids.shape
    logits = model.forward(ids, torch.arange(t).expand(b, t), causal_bias(t))
    return logits[:, :-1].log_softmax(-1).gather(-1, ids[:, 1:, None]).squeeze(-1)


def bench_score(args, model, vocab):
    b, t = dims(args["score"])
    ids = batch_ids(b, t, vocab)

    def once():
        with torch.inference_mode():
            return token_log_probs(model, ids).tolist()

    values = timed(args, once, lambda s: b * t / s)
    emit(args, "score", b, t, "tok/s", values)


def bench_train(args, model, vocab):
    """SFT step: token-mean CE on tokens 1..T-1, backward, clip to global norm 1, AdamW."""
    b, t = dims(args["train"])
    ids = batch_ids(b, t, vocab)
    params = model.parameters()
    for x in params:
        x.requires_grad_(True)
    # torch.optim.AdamW's defaults except weight decay 0.01, the Java AdamWConfig defaults.
    opt = torch.optim.AdamW(params, lr=float(args["lr"]), betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)
    losses = []

    def once():
        logits = model.forward(ids, torch.arange(t).expand(b, t), causal_bias(t))
        loss = F.cross_entropy(logits[:, :-1].reshape(-1, logits.shape[-1]), ids[:, 1:].reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        losses.append(loss.item())

    # A fixed number of warm-up steps (not warmup_s): every side must take the same updates.
    for _ in range(int(args["warmup_train"] or args["warmup"])):
        once()
    values = timed(dict(args, warmup="0", warmup_s="0"), once, lambda s: b * t / s)
    emit(args, "train", b, t, "tok/s", values, loss_first=losses[0], loss_last=losses[-1])
    for x in params:
        x.requires_grad_(False)


def warming_up(args, done, start):
    """Warm-up continues for `warmup` runs and at least `warmup_s` seconds (as the Java side)."""
    return done < int(args["warmup"]) or time.perf_counter() - start < float(args["warmup_s"])


def timed(args, fn, rate):
    w0 = time.perf_counter()
    i = 0
    while warming_up(args, i, w0):
        fn()
        i += 1
    out = []
    for _ in range(int(args["reps"])):
        t0 = time.perf_counter()
        fn()
        out.append(rate(time.perf_counter() - t0))
    return out


# --- checks and machine ---------------------------------------------------------------------------

def check_against_java(args, model, vocab):
    """Max |logit difference| and greedy-token agreement with the Java dump of the same prompt."""
    folder = args["check"]
    with open(os.path.join(folder, "check.json")) as f:
        meta = json.load(f)
    prompt = torch.tensor([meta["prompt"]])
    t = prompt.shape[1]
    java = torch.from_numpy(__import__("numpy").fromfile(os.path.join(folder, "logits.f32"), dtype="<f4"))
    java = java.reshape(t, vocab)
    with torch.inference_mode():
        ours = model.forward(prompt, torch.arange(t)[None], causal_bias(t))[0]
    tokens, _, _ = generate(model, prompt, len(meta["greedy"]))
    agree = sum(int(a == b) for a, b in zip(tokens[0], meta["greedy"]))
    print(json.dumps({"side": args["side"], "shape": args["shape"], "what": "check_vs_java",
                      "max_abs_logit_diff": (ours - java).abs().max().item(),
                      "max_abs_logit": java.abs().max().item(),
                      "greedy_agree": agree, "greedy_total": len(meta["greedy"])}), flush=True)


def check_against_fixture(args, model):
    """Max |logit difference| against the independent float32 reference of the tiny fixture."""
    with open(args["expected"]) as f:
        exp = json.load(f)
    worst, greedy_ok = 0.0, True
    for c in exp["cases"]:
        ids = torch.tensor([c["input_ids"]])
        t = ids.shape[1]
        with torch.inference_mode():
            lg = model.forward(ids, torch.arange(t)[None], causal_bias(t))[0]
        worst = max(worst, (lg - torch.tensor(c["logits"])).abs().max().item())
        tokens, _, _ = generate(model, ids, c["greedy"]["max_new_tokens"])
        greedy_ok &= tokens[0] == c["greedy"]["tokens"]
    print(json.dumps({"side": args["side"], "shape": args["shape"], "what": "check_vs_fixture",
                      "max_abs_logit_diff": worst, "greedy_equal": greedy_ok}), flush=True)


def bench_matmul(args):
    n = 1024
    a, b = torch.randn(n, n), torch.randn(n, n)
    emit(args, "matmul", 1, "1024²", "GFLOP/s", timed(dict(args, warmup="3", reps="10", warmup_s="0"), lambda: a @ b,
                                                       lambda s: 2 * n ** 3 / s / 1e9))


def bench_copy(args):
    """Copy bandwidth of a 256 MiB float32 tensor (read + write bytes, STREAM's copy convention)."""
    n = 256 * 2 ** 20 // 4
    src, dst = torch.ones(n), torch.zeros(n)
    values = timed(dict(args, warmup="2", reps="10", warmup_s="0"), lambda: dst.copy_(src), lambda s: 2 * 4 * n / s / 1e9)
    emit(dict(args, shape="machine"), "copy_bandwidth", int(args["threads"]), "256 MiB", "GB/s", values)
    # Read-only (a sum): closer to decode, which only reads the weights.
    values = timed(dict(args, warmup="2", reps="10", warmup_s="0"), lambda: src.sum(), lambda s: 4 * n / s / 1e9)
    emit(dict(args, shape="machine"), "read_bandwidth", int(args["threads"]), "256 MiB", "GB/s", values)


def main():
    args = parse(sys.argv[1:])
    torch.set_num_threads(int(args["threads"]))
    torch.set_num_interop_threads(1)
    torch.manual_seed(0)
    parts = set(args["parts"].split(","))
    if "copy" in parts:
        bench_copy(args)
    if "matmul" in parts:
        bench_matmul(args)
    if not parts - {"copy", "matmul"}:
        return
    t0 = time.perf_counter()
    config, tensors = load_checkpoint(args["model"])
    model = Qwen3(config, tensors)
    vocab = config["vocab_size"]
    print(json.dumps({"side": args["side"], "shape": args["shape"], "what": "info",
                      "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "params": sum(x.numel() for x in tensors.values()),
                      "load_s": round(time.perf_counter() - t0, 2)}), flush=True)
    if "check" in parts and args["check"]:
        check_against_java(args, model, vocab)
    if "check" in parts and args["expected"]:
        check_against_fixture(args, model)
    if "gen" in parts:
        bench_generation(args, model, vocab)
    if "score" in parts:
        bench_score(args, model, vocab)
    if "train" in parts:  # last: it updates the weights
        bench_train(args, model, vocab)


if __name__ == "__main__":
    main()
