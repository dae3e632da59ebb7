"""Joins the JSON lines of benchmarks/grpo_step.sh into results-grpo-<date>.md (standard library only).

    python3 benchmarks/grpo_report.py OUT.md HEADER.md grpo.jsonl

Each line is one run (one process) of one side (java = GrpoStepBenchmark, trl = trl_grpo_step.py) on
one shape and beta, holding the seconds of each timed step and their split. Runs of the same side,
shape and beta are pooled over rounds: every cell is the median (min-max) over all timed steps.
Ratios are Java / TRL of speeds (completion tokens/s, or the inverse of seconds), so above 1 means the
library is faster.
"""

import json
import os
import sys
from collections import defaultdict


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def cell(xs, fmt):
    return f"{fmt(median(xs))} ({fmt(min(xs))}–{fmt(max(xs))})"


def sec(x):
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def rate(x):
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}"


def pool(runs):
    """Per (shape, beta, side): every timed step of the given runs, and the (shape, beta) keys in order."""
    pooled = defaultdict(lambda: defaultdict(list))
    shapes = []
    for r in runs:
        key = (r["shape"], r["beta"])
        if key not in shapes:
            shapes.append(key)
        p = pooled[(r["shape"], r["beta"], r["side"])]
        tokens = r["prompts"] * r["group"] * r["new"]
        p["step"] += r["step_s"]
        p["gen"] += r["gen_s"]
        p["update"] += r["update_s"]
        p["tok"] += [tokens / s for s in r["step_s"]]
        p["runs"].append(r)
    return pooled, shapes


def ratio_table(pooled, shapes, label):
    rows = [
        f"| shape | β | runs (Java, TRL) | **median: whole step (tok/s)** | median: generation | median: update | "
        f"best: whole step | best: generation | best: update |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for shape, beta in shapes:
        j, t = pooled.get((shape, beta, "java")), pooled.get((shape, beta, "trl"))
        if not j or not t:
            rows.append(f"| {shape} | {beta} | {len(j['runs']) if j else 0}, {len(t['runs']) if t else 0} | "
                        f"— ({label}: a side has no run) | | | | | |")
            continue
        rows.append(
            f"| {shape} | {beta} | {len(j['runs'])}, {len(t['runs'])} | "
            f"**{median(j['tok']) / median(t['tok']):.2f}×** | {median(t['gen']) / median(j['gen']):.2f}× | "
            f"{median(t['update']) / median(j['update']):.2f}× | {min(t['step']) / min(j['step']):.2f}× | "
            f"{min(t['gen']) / min(j['gen']):.2f}× | {min(t['update']) / min(j['update']):.2f}× |"
        )
    return rows


def main(out, header, *files):
    runs = []
    for f in files:
        with open(f) as fh:
            for line in fh:
                line = line.strip()
                if line.startswith("{"):
                    runs.append(json.loads(line))
    quiet_limit = int(os.environ.get("QUIET_BUSY", "30"))
    pooled, shapes = pool(runs)
    meta = {(r["shape"], r["beta"]): r for r in runs}
    lines = [open(header).read().rstrip(), ""]
    lines += [
        "## Whole GRPO step",
        "",
        "Median (min–max) over every timed step of every run (rounds pooled). tok/s = P×G×N completion tokens "
        "per whole-step second; generation = sampling the P×G completions; update = everything after it "
        "(reward, advantages, reference log-probs, loss, backward, clip, AdamW).",
        "",
        "| shape | β | side | runs × steps | step s | completion tok/s | generation s | update s | generation share |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for shape, beta in shapes:
        m = meta[(shape, beta)]
        shape_label = f"{shape} (P={m['prompts']}, G={m['group']}, L_p={m['prompt_len']}, N={m['new']})"
        for side in ("java", "trl"):
            p = pooled.get((shape, beta, side))
            if not p:
                lines.append(f"| {shape_label} | {beta} | {side} | — (no run) | | | | | |")
                continue
            share = [g / s for g, s in zip(p["gen"], p["step"])]
            lines.append(
                f"| {shape_label} | {beta} | {side} | {len(p['runs'])} × {len(p['step']) // len(p['runs'])} | "
                f"{cell(p['step'], sec)} | {cell(p['tok'], rate)} | {cell(p['gen'], sec)} | "
                f"{cell(p['update'], sec)} | {median(share):.0%} |"
            )
    lines += [
        "",
        "## Java ÷ TRL",
        "",
        "Speed ratios (above 1: the library is faster). Median: completion tokens/s of the whole step, then "
        "generation and update alone (TRL's median seconds ÷ Java's). Best: the fastest step of each side "
        "against the other's (whole step, generation, update separately): on a machine shared with other "
        "work the fastest steps are the ones least slowed by it.",
        "",
    ]
    lines += ratio_table(pooled, shapes, "all runs")
    quiet = [r for r in runs if r.get("busy_before", 0) <= quiet_limit and r.get("busy_during", 0) <= quiet_limit]
    if len(quiet) < len(runs):
        qpooled, _ = pool(quiet)
        lines += [
            "",
            f"The same over the runs that started on a quiet machine only (CPUs at most {quiet_limit} % busy with "
            f"other work just before the run{'; and during it' if any('busy_during' in r for r in runs) else ''}): "
            f"{len(quiet)} of {len(runs)} runs. Other work can still start during a run.",
            "",
        ]
        lines += ratio_table(qpooled, shapes, "quiet runs")
    lines += [
        "",
        "## Same computation",
        "",
        "Both sides start from the same weights; the samples differ (different random generators), so the "
        "values agree in distribution, not digit for digit. Entropy = mean token entropy of the policy on "
        "step 1's completions; KL per step = the k3 estimate to the frozen reference (0 at step 1, then "
        "growing as the weights move).",
        "",
        "| shape | β | side | step-1 loss | step-1 entropy | step-1 grad norm | mean reward step 1 | KL per step (first run) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for shape, beta in shapes:
        for side in ("java", "trl"):
            p = pooled.get((shape, beta, side))
            if not p:
                continue
            r = p["runs"][0]
            f = r["first"]
            kl = ", ".join(f"{x:.2g}" for x in r.get("kl_per_step", []))
            lines.append(
                f"| {shape} | {beta} | {side} | {f['loss']:.3g} | {f['entropy']:.6f} | {f['grad_norm']:.4f} | "
                f"{f['reward']:.4f} | {kl} |"
            )
    lines += [
        "",
        "## Runs",
        "",
        "Every process in the order it ran, with how busy the CPUs were with other work just before it "
        "(sampled over 3 s) and during it (the machine's busy CPU time minus the run's own, as a share of both "
        "CPUs; blank where not recorded): a run that shared the cores is slower throughout, and the pooled "
        "medians above include it.",
        "",
        "| round | side | shape | β | CPUs busy before | during | step s, median (min–max) | generation s | update s | warm-up steps s |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in runs:
        w = ", ".join(sec(x) for x in r["warmup_step_s"])
        busy = f"{r['busy_before']} %" if "busy_before" in r else "?"
        during = f"{r['busy_during']} %" if "busy_during" in r else ""
        lines.append(
            f"| {r.get('round', '?')} | {r['side']} | {r['shape']} | {r['beta']} | {busy} | {during} | {cell(r['step_s'], sec)} | "
            f"{median(r['gen_s']):.3f} | {median(r['update_s']):.3f} | {w} |"
        )
    engines = {}
    for r in runs:
        if r["side"] == "trl":
            engines["trl"] = f"{r.get('engine')}; attention {r.get('attn')}; {r.get('optimizer')}; {r['threads']} threads"
        else:
            engines["java"] = f"DJL PyTorch engine, libtorch {r.get('engine')}; {r['threads']} threads"
    lines += ["", "Engines: " + "; ".join(f"{k}: {v}" for k, v in sorted(engines.items())) + "."]
    with open(out, "w") as fh:
        fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
