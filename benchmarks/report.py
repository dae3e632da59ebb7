"""Joins the JSON lines of the Java side and the PyTorch side(s) into one markdown report.

    python3 benchmarks/report.py OUT.md HEADER.md java.jsonl pytorch.jsonl [pytorch-wheel.jsonl ...]

Every measurement is a throughput (higher is better), so a ratio Java/PyTorch above 1 means the
Java library is faster. Cells are "median (min–max)" over all timed runs of all rounds (run.sh
alternates the sides round by round, so a burst of load from other processes hits them alike).
Standard library only.
"""
import json
import sys

GOALS = "issue 9 goals: decode at batch 16 and 64 >= 1.5x eager PyTorch; 0.6B batch-1 decode >= 80 % " \
        "of the bandwidth bound; training step >= 1x eager PyTorch"


def load(path):
    """The JSON lines of one side; repeated measurements (one per round) merged into one."""
    lines, merged = [], {}
    with open(path) as f:
        for raw in f:
            raw = raw.strip()
            if not raw.startswith("{"):
                continue
            m = json.loads(raw)
            if "values" in m:
                k = (m["shape"], m["what"], m["batch"], str(m["len"]))
                if k in merged:
                    merged[k]["values"] += m["values"]
                    continue
                merged[k] = m
            lines.append(m)
    for m in merged.values():
        v = sorted(m["values"])
        n = len(v)
        m.update(median=v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2, min=v[0], max=v[-1], runs=n)
    return lines


def num(x):
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def cell(m):
    return "–" if m is None else f"{num(m['median'])} ({num(m['min'])}–{num(m['max'])})"


def key(m):
    return m["shape"], m["what"], int(m["batch"]), str(m["len"])


def label(k):
    shape, what, batch, length = k
    if what == "matmul":
        return f"matmul 1024² fp32 (GFLOP/s)"
    if what == "decode":
        p, n = length.split("+")
        return f"{shape} decode, batch {batch}, prompt {p}, {n} new (tok/s)"
    if what == "prefill":
        return f"{shape} prefill, batch {batch} × {length} (tok/s)"
    if what == "score":
        return f"{shape} score log-probs, {batch} × {length} (tok/s)"
    if what == "train":
        return f"{shape} SFT step fwd+bwd+clip+AdamW, {batch} × {length} (tok/s)"
    return f"{shape} {what} {batch} {length}"


def goal_lines(java, others):
    """Each goal row against each baseline: median ÷ median, and ÷ the baseline's best repetition (its
    repetitions can spread several-fold when other threads share the cores; the best one is the
    conservative comparison)."""
    # Batch None: the training rows, whatever batch the run used (quick 2 × 64, full 4 × 64 on 0.6b-4l).
    goals = [(("tiny", "decode", 16), 1.5), (("tiny", "decode", 64), 1.5), (("0.6b", "decode", 16), 1.5),
             (("0.6b", "decode", 64), 1.5), (("tiny", "train", None), 1.0), (("0.6b-4l", "train", None), 1.0)]

    # The goals are judged against the PyTorch wheel (what `pip install torch` gives) when it ran,
    # else against Debian's python3-torch; every other column is for reference.
    primary = "pytorch-wheel" if any(n == "pytorch-wheel" for n, _, _ in others) else "pytorch"

    def match(k, shape, what, batch):
        return k[:2] == (shape, what) and (batch is None or k[2] == batch)

    out = []
    for (shape, what, batch), target in goals:
        jk = next((k for k in java[1] if match(k, shape, what, batch)), None)
        if jk is None:
            continue
        j, batch = java[1][jk], jk[2]
        for name, ms, _ in others:
            o = next((m for k, m in ms.items() if k[:3] == (shape, what, batch)), None)
            if o is None:
                continue
            med, best = j["median"] / o["median"], j["median"] / o["max"]
            if name == primary:  # the wheel when it ran, else Debian's python3-torch
                verdict = "met" if best >= target else ("met at the median only" if med >= target else "missed")
                verdict = f"goal ≥ {target:g}×: {verdict}"
            else:
                verdict = "for reference"
            out.append(f"- {shape} {what}, batch {batch}, Java ÷ {name}: {med:.2f}× the median, {best:.2f}× the best "
                       f"repetition ({verdict})")
    return out


def main():
    out, header, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    sides = []  # (name, {key: measurement}, all lines)
    machine = []  # lines of files that measure only the machine (gemv_ceiling.c): no column of their own
    for path in files:
        lines = load(path)
        if not lines:
            continue
        if all(m["shape"] == "machine" for m in lines):
            machine += lines
            continue
        name = lines[0]["side"]
        sides.append((name, {key(m): m for m in lines if "median" in m and m["shape"] != "machine"}, lines))
    java = sides[0]
    others = sides[1:]
    keys = list(java[1])
    for _, ms, _ in others:
        keys += [k for k in ms if k not in keys]
    # matmul rows come from every shape's run: keep the first only.
    seen_matmul = False
    rows = []
    for k in keys:
        if k[1] == "matmul":
            if seen_matmul:
                continue
            seen_matmul = True
        rows.append(k)

    md = [open(header).read().rstrip(), ""]
    head = "| measurement | Java | " + " | ".join(n for n, _, _ in others) + " | " + \
        " | ".join(f"Java / {n}" for n, _, _ in others) + " |"
    md += [head, "|" + " --- |" * 1 + " ---: |" * (1 + 2 * len(others))]
    for k in rows:
        j = java[1].get(k)
        cells = [cell(ms.get(k)) for _, ms, _ in others]
        ratios = []
        for _, ms, _ in others:
            o = ms.get(k)
            ratios.append("–" if j is None or o is None else f"**{j['median'] / o['median']:.2f}**")
        md.append(f"| {label(k)} | {cell(j)} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")

    # Bandwidth bound of batch-1 decode of the 0.6B shape.
    bws = [m for _, _, lines in sides for m in lines if m.get("what") in ("copy_bandwidth", "read_bandwidth")]
    gemvs = [m for m in machine if m.get("what") == "gemv_bandwidth"]
    info = [m for m in java[2] if m.get("what") == "info" and m["shape"] == "0.6b"]
    copies = [m for m in bws if m["what"] == "copy_bandwidth"]
    if copies and info:
        wbytes = info[0]["weight_bytes"]
        bound = max(m["median"] for m in copies) * 1e9 / wbytes
        reads = [m for m in bws if m["what"] == "read_bandwidth"]
        read_bound = max(m["median"] for m in reads) * 1e9 / wbytes if reads else None
        md += ["", "**Batch-1 decode of the 0.6B shape against the memory-bandwidth bound**", ""]
        md += ["- measured: " + "; ".join(
            f"{m['what'].replace('_', ' ')} ({m['side']}, {m['batch']} thread(s)) {num(m['median'])} GB/s "
            f"({num(m['min'])}–{num(m['max'])})" for m in bws)]
        md += [f"- weight bytes per token: {wbytes:,} (all {info[0]['params']:,} FP32 parameters; the tied "
               f"embedding is read whole by the output projection)"]
        md += [f"- bound = best median copy bandwidth (read + write bytes/s) / weight bytes = **{bound:.2f} tok/s**"
               + (f"; with the best median read-only bandwidth instead: {read_bound:.2f} tok/s" if read_bound else "")]
        ceiling = None
        if gemvs:
            g = max(gemvs, key=lambda m: m["median"])
            ceiling = g["median"] * 1e9 / wbytes
            md += [f"- reachable ceiling: a hand-written AVX-512 matrix-vector product over the same {g['len']} "
                   f"(benchmarks/gemv_ceiling.c, {g['batch']} thread(s), nothing else per token) reads "
                   f"{num(g['median'])} GB/s ({num(g['min'])}–{num(g['max'])}) = **{ceiling:.2f} tok/s**, "
                   f"{100 * ceiling / bound:.0f} % of the copy bound"]
        for name, ms, _ in sides:
            d = next((m for k, m in ms.items() if k[:3] == ("0.6b", "decode", 1)), None)
            if d:
                md.append(f"- {name}: {num(d['median'])} tok/s = **{100 * d['median'] / bound:.0f} %** of the copy "
                          f"bound" + (f", {100 * d['median'] / read_bound:.0f} % of the read bound" if read_bound else "")
                          + (f", {100 * d['median'] / ceiling:.0f} % of the reachable ceiling" if ceiling else "")
                          + (f" (goal ≥ 80 %: {'met' if d['median'] >= 0.8 * bound else 'missed'})"
                             if name == java[0] else ""))

    # Same computation: logits, greedy tokens and training loss agree.
    md += ["", "**Same computation** (the comparison is only meaningful if these agree)", ""]
    for name, _, lines in sides:
        shown = set()
        for m in lines:
            if (m["shape"], m.get("what")) in shown:
                continue  # the same check in a later round
            shown.add((m["shape"], m.get("what")))
            if m.get("what") == "check_vs_java":
                md.append(f"- {name}, {m['shape']}: max |logit difference| vs Java {m['max_abs_logit_diff']:.2e} "
                          f"(largest |logit| {m['max_abs_logit']:.2f}); greedy tokens equal "
                          f"{m['greedy_agree']}/{m['greedy_total']}")
            if m.get("what") == "check_vs_fixture":
                md.append(f"- {name}, {m['shape']}: max |logit difference| vs the fixture's independent float32 "
                          f"reference {m['max_abs_logit_diff']:.2e}; greedy continuation equal: {m['greedy_equal']}")
            if m.get("what") == "train":
                md.append(f"- {name}, {m['shape']} training: loss at step 1 {m['loss_first']:.6f}, "
                          f"after the last step {m['loss_last']:.6f}")
    md += ["", GOALS + "."]
    md += goal_lines(java, others)
    with open(out, "w") as f:
        f.write("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()
