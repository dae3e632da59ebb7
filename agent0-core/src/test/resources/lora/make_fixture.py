"""Reference LoRA fixture for qwen3-tiny, produced with Hugging Face PEFT (independent of the Java code).

Writes into qwen3-tiny-r4/ (next to this script):
  adapter_model.safetensors, adapter_config.json  -- exactly as PEFT's save_pretrained writes them
  expected.json                                   -- float32 logits/log-probs: base, adapted, merged

Recipe: base Qwen3ForCausalLM (float32, eager attention, eval) from the qwen3-tiny fixture;
LoraConfig(r=4, alpha=8, dropout=0, all 7 linear projections); torch.manual_seed(42) right before
get_peft_model (so lora_A is PEFT's own kaiming-uniform init); then torch.manual_seed(1234) and every
lora_B weight, in named_parameters() order, := torch.randn(shape) * 0.05. base_model_name_or_path is set
to "qwen3-tiny" on the in-memory LoraConfig before saving (the JSON is not edited); PEFT's auto-generated
model card is discarded. The script re-executes itself with PYTHONHASHSEED=0 so that adapter_config.json
(target_modules comes from a Python set) is byte-identical on every run. "merged" = a freshly loaded base +
PeftModel.from_pretrained(saved adapter) + merge_and_unload(). Floats are written as the shortest decimal
that round-trips float32.

Regenerate (offline):
  python3.11 -m venv /tmp/peft-venv
  /tmp/peft-venv/bin/pip install --no-index --find-links /opt/wheels --find-links /opt/pypi/files \
      --find-links /opt/pypi-more/files "torch==2.13.0+cpu" "transformers==5.18.0" "peft==0.21.0" safetensors numpy
  HF_HUB_OFFLINE=1 /tmp/peft-venv/bin/python make_fixture.py [BASE_DIR]   # default /work/shared/fixtures/qwen3-tiny
"""
import datetime, hashlib, json, os, shutil, sys, tempfile

if os.environ.get("PYTHONHASHSEED") != "0":  # PEFT stores target_modules as a set: pin its JSON order
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

import numpy as np, peft, torch, transformers
from peft import LoraConfig, PeftModel, get_peft_model
from transformers import Qwen3ForCausalLM

BASE_DIR = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/fixtures/qwen3-tiny"
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "qwen3-tiny-r4")
TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
INPUTS = {"A": [500, 12, 7, 301, 45, 45, 2, 499, 88, 10], "B": [3, 1, 4, 1, 5, 9, 2, 6]}


def load_base():
    # transformers 5.x renamed torch_dtype -> dtype (torch_dtype still works but warns).
    return Qwen3ForCausalLM.from_pretrained(BASE_DIR, dtype=torch.float32, attn_implementation="eager").eval()


@torch.no_grad()
def logits(model, ids):  # one unpadded sequence -> float32 [T, 512]
    return model(input_ids=torch.tensor([ids])).logits[0].float()


def f32(a):  # nested lists of floats that print as the shortest float32 round-trip decimal
    a = np.asarray(a, dtype=np.float32)
    return float(str(a)) if a.ndim == 0 else [f32(x) for x in a]


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


cfg = LoraConfig(r=4, lora_alpha=8, lora_dropout=0.0, target_modules=TARGETS, bias="none", task_type="CAUSAL_LM")
base = load_base()
torch.manual_seed(42)
model = get_peft_model(base, cfg)
model.peft_config["default"].base_model_name_or_path = "qwen3-tiny"
torch.manual_seed(1234)
with torch.no_grad():
    for name, p in model.named_parameters():
        if "lora_B" in name:
            p.copy_(torch.randn(p.shape) * 0.05)
model.eval()
os.makedirs(OUT_DIR, exist_ok=True)
with tempfile.TemporaryDirectory() as tmp:  # save_pretrained also writes a model-card README.md: keep only these two
    model.save_pretrained(tmp)  # safetensors by default
    for f in ("adapter_model.safetensors", "adapter_config.json"):
        shutil.copyfile(os.path.join(tmp, f), os.path.join(OUT_DIR, f))

merged = PeftModel.from_pretrained(load_base(), OUT_DIR).merge_and_unload().eval()

res = {"base_logits": {}, "adapted_logits": {}, "merged_logits": {}, "adapted_logprobs": {}}
d_merge = d_base = 0.0
for key, ids in INPUTS.items():
    with model.disable_adapter():
        lb = logits(model, ids)
    la, lm = logits(model, ids), logits(merged, ids)
    lp = torch.log_softmax(la, dim=-1)
    res["base_logits"][key], res["adapted_logits"][key], res["merged_logits"][key] = f32(lb), f32(la), f32(lm)
    res["adapted_logprobs"][key] = f32(lp[torch.arange(len(ids) - 1), torch.tensor(ids[1:])])
    d_merge = max(d_merge, (la - lm).abs().max().item())
    d_base = max(d_base, (la - lb).abs().max().item())

checks = {"max_abs_adapted_minus_merged": d_merge, "max_abs_adapted_minus_base": d_base}
print(json.dumps(checks))
out = {
    "source": f"transformers {transformers.__version__}, peft {peft.__version__}, torch {torch.__version__}, "
              f"make_fixture.py, {datetime.date.today().isoformat()}",
    "base_model": {"fixture": "qwen3-tiny",
                   "sha256": {f: sha256(os.path.join(BASE_DIR, f)) for f in ("config.json", "model.safetensors")}},
    "lora": {"r": 4, "alpha": 8, "dropout": 0.0, "targets": TARGETS, "scaling": 8 / 4,
             "init": "torch.manual_seed(42) before get_peft_model (lora_A = PEFT default init); then "
                     "torch.manual_seed(1234), each lora_B in named_parameters() order := torch.randn(shape) * 0.05"},
    "conventions": "logits[t] = output after reading ids[0..t], position ids 0..T-1, no padding; "
                   "adapted_logprobs[i] = log_softmax(adapted_logits[i])[ids[i+1]] (i.e. log p(ids[t] | ids[<t]), t>=1); "
                   "merged = fresh base + saved adapter via PeftModel.from_pretrained + merge_and_unload",
    "inputs": INPUTS,
    **res,
    "checks": checks,
}
with open(os.path.join(OUT_DIR, "expected.json"), "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
