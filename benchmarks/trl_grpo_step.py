"""The TRL half of the GRPO-step benchmark (benchmarks/grpo_step.sh): TRL's GRPOTrainer, end to end.

    python benchmarks/trl_grpo_step.py model=DIR tokenizer=DIR shape=tiny prompts=8 group=8 \
        prompt_len=32 new=64 beta=0 loss=dapo warmup=5 reps=10 threads=2 lr=1e-6 seed=1

Same keys and the same step as examples/.../bench/GrpoStepBenchmark.java (the Java half):

- P prompts (`prompts`), each `prompt_len` token ids from the closed formula of BenchInputs.token, the
  same every step; the trainer repeats each G times (`group` = num_generations) into one batch of P x G.
  TRL's dataset holds text prompts, so each prompt is its ids written as decimal numbers and
  `_tokenize_prompts` is overridden to parse them back: the model sees exactly these ids, whatever the
  tokenizer (the tiny model's vocabulary of 512 is not the tokenizer's). The tokenizer (`tokenizer`,
  default testdata/assets/qwen3-tokenizer) is only TRL's processing class: it decodes the completions
  for TRL's logs, as it does in any run.
- Sampling with the model's `generate` (temperature 1, top-p 1, top-k 0, no vLLM), exactly `new`
  tokens per row: `min_new_tokens = max_new_tokens` masks the EOS id until the last token, and the
  generation EOS/pad ids are the model config's EOS id (the tokenizer's would lie outside the tiny
  vocabulary).
- Reward: the fraction of completion ids that are even. Advantages: group mean and unbiased std
  (scale_rewards="group"). Loss: the clipped objective, epsilon 0.2 both ways, k3 KL with coefficient
  `beta` (a frozen reference model when beta > 0, without TRL's default importance-sampling factor on
  the KL term: use_bias_correction_kl=False, as the library has none), `loss` = TRL's loss_type.
- One update per step: num_iterations=1, per-device batch P x G, gradient_accumulation_steps=1,
  AdamW lr `lr` constant, weight decay 0.01 (the library's default), grad-norm clip 1.0, FP32 (bf16
  off: GRPOConfig's default is on), gradient checkpointing off (GRPOConfig's default is on), CPU,
  `threads` intra-op threads.

Timing, inside a GRPOTrainer subclass: a step runs from Trainer.get_batch_samples (the dataloader
fetch that starts each optimizer step) to the on_step_end callback (after clip, AdamW, scheduler and
zero_grad); generation is the time spent in `_generate_single_turn` (padding the prompts, the
`generate` call, EOS masking, ids to lists); update = step - generation. `warmup` untimed steps, then
`reps` timed ones. Prints one JSON line with the same fields as the Java side.
"""

import json
import os
import sys
import tempfile
import time

import torch


def parse(argv):
    a = {
        "model": "",
        "tokenizer": os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "assets", "qwen3-tokenizer"),
        "shape": "model",
        "prompts": "8",
        "group": "8",
        "prompt_len": "32",
        "new": "64",
        "beta": "0",
        "loss": "dapo",
        "warmup": "5",
        "reps": "10",
        "threads": "2",
        "lr": "1e-6",
        "seed": "1",
        "attn": "sdpa",
    }
    for s in argv:
        k, eq, v = s.partition("=")
        if not eq or k not in a:
            sys.exit(f"argument '{s}': expected key=value with key in {list(a)}")
        a[k] = v
    if not a["model"]:
        sys.exit("model=DIR is required")
    return a


def token(row, i, vocab):
    """BenchInputs.token: (row*7919 + i*104729 + i*i mod 97 + 11) mod vocab."""
    return (row * 7919 + i * 104729 + (i * i) % 97 + 11) % vocab


def even_share(completions, completion_ids, **kwargs):
    """The reward: the fraction of completion ids that are even (the Java side's formula)."""
    return [sum(1 for t in ids if t % 2 == 0) / len(ids) for ids in completion_ids]


def main():
    a = parse(sys.argv[1:])
    threads = int(a["threads"])
    torch.set_num_threads(threads)
    import transformers
    import trl
    from datasets import Dataset
    from transformers import AutoModelForCausalLM, AutoTokenizer, TrainerCallback
    from trl import GRPOConfig, GRPOTrainer

    transformers.logging.set_verbosity_error()
    p, g, lp, n = int(a["prompts"]), int(a["group"]), int(a["prompt_len"]), int(a["new"])
    warmup, reps, beta = int(a["warmup"]), int(a["reps"]), float(a["beta"])

    t0 = time.perf_counter()
    model = AutoModelForCausalLM.from_pretrained(a["model"], dtype=torch.float32, attn_implementation=a["attn"])
    load_s = time.perf_counter() - t0
    tokenizer = AutoTokenizer.from_pretrained(a["tokenizer"])
    vocab = model.config.vocab_size
    eos = model.config.eos_token_id
    eos = eos[0] if isinstance(eos, list) else eos
    params = sum(x.numel() for x in model.parameters())
    rows = [[token(r, i, vocab) for i in range(lp)] for r in range(p)]
    dataset = Dataset.from_dict({"prompt": [" ".join(map(str, ids)) for ids in rows]})

    timing = {"step_start": None, "gen": 0.0, "steps": [], "grad_norm": [], "loss": [], "metrics": [], "trainer": None}

    class TimedGRPOTrainer(GRPOTrainer):
        def get_batch_samples(self, *args, **kwargs):
            timing["step_start"] = time.perf_counter()
            timing["gen"] = 0.0
            return super().get_batch_samples(*args, **kwargs)

        def _tokenize_prompts(self, prompts):
            # The prompts are token ids written out: give the model exactly those ids.
            return [[int(x) for x in s.split()] for s in prompts], None, {}

        def _generate_single_turn(self, *args, **kwargs):
            t = time.perf_counter()
            out = super()._generate_single_turn(*args, **kwargs)
            timing["gen"] += time.perf_counter() - t
            lengths = {len(ids) for ids in out[0]}
            if lengths != {n}:
                raise RuntimeError(f"completion lengths {sorted(lengths)}, expected exactly {n}")
            return out

        def training_step(self, *args, **kwargs):
            loss = super().training_step(*args, **kwargs)
            timing["loss"].append(float(loss))  # the whole loss: clipped term + beta * KL
            return loss

        def _clip_grad_norm(self, model):
            norm = super()._clip_grad_norm(model)
            timing["grad_norm"].append(float(norm))
            return norm

    class StepEnd(TrainerCallback):
        def on_step_end(self, args, state, control, **kwargs):
            end = time.perf_counter()
            timing["steps"].append((end - timing["step_start"], timing["gen"]))
            # This step's metrics (the trainer clears its lists when it logs at the end of training).
            m = timing["trainer"]._metrics["train"]
            timing["metrics"].append({k: m[k][-1] for k in ("kl", "entropy", "reward") if m.get(k)})

    with tempfile.TemporaryDirectory(prefix="trl-grpo-") as out_dir:
        config = GRPOConfig(
            output_dir=out_dir,
            per_device_train_batch_size=p * g,
            gradient_accumulation_steps=1,
            num_generations=g,
            max_completion_length=n,
            generation_kwargs={"min_new_tokens": n, "eos_token_id": eos, "pad_token_id": eos},
            temperature=1.0,
            top_p=1.0,
            top_k=0,
            beta=beta,
            use_bias_correction_kl=False,
            epsilon=0.2,
            num_iterations=1,
            loss_type=a["loss"],
            scale_rewards="group",
            learning_rate=float(a["lr"]),
            lr_scheduler_type="constant",
            weight_decay=0.01,
            max_grad_norm=1.0,
            bf16=False,
            fp16=False,
            gradient_checkpointing=False,
            use_vllm=False,
            use_cpu=True,
            max_steps=warmup + reps,
            shuffle_dataset=False,
            logging_strategy="no",
            save_strategy="no",
            report_to="none",
            disable_tqdm=True,
            seed=int(a["seed"]),
            dataloader_num_workers=0,
        )
        trainer = TimedGRPOTrainer(
            model=model,
            reward_funcs=even_share,
            args=config,
            train_dataset=dataset,
            processing_class=tokenizer,
            callbacks=[StepEnd()],
        )
        timing["trainer"] = trainer
        torch.set_num_threads(threads)  # again: nothing above may have changed it
        real_stdout, sys.stdout = sys.stdout, sys.stderr  # the trainer prints its summary: keep stdout JSON only
        try:
            trainer.train()
        finally:
            sys.stdout = real_stdout
        threads_seen = torch.get_num_threads()
        opt = trainer.optimizer.optimizer if hasattr(trainer.optimizer, "optimizer") else trainer.optimizer
        optimizer = f"{type(opt).__module__}.{type(opt).__name__}(fused={opt.defaults.get('fused')})"

    steps = timing["steps"]
    if len(steps) != warmup + reps:
        sys.exit(f"{len(steps)} steps timed, expected {warmup + reps}")

    def at(i):
        m = timing["metrics"][i]
        return {
            "loss": timing["loss"][i],
            "kl": m.get("kl", 0.0),
            "entropy": m["entropy"],
            "grad_norm": timing["grad_norm"][i],
            "reward": m["reward"],
        }

    timed = steps[warmup:]
    print(
        json.dumps(
            {
                "side": "trl",
                "shape": a["shape"],
                "beta": beta,
                "loss": a["loss"],
                "prompts": p,
                "group": g,
                "prompt_len": lp,
                "new": n,
                "warmup": warmup,
                "reps": reps,
                "threads": threads_seen,
                "params": params,
                "layers": model.config.num_hidden_layers,
                "vocab": vocab,
                "engine": f"torch {torch.__version__}, transformers {transformers.__version__}, trl {trl.__version__}",
                "attn": model.config._attn_implementation,
                "optimizer": optimizer,
                "load_s": load_s,
                "step_s": [s for s, _ in timed],
                "gen_s": [gs for _, gs in timed],
                "update_s": [s - gs for s, gs in timed],
                "warmup_step_s": [s for s, _ in steps[:warmup]],
                "first": at(0),
                "last": at(len(steps) - 1),
                "kl_per_step": [m.get("kl", 0.0) for m in timing["metrics"]],
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
