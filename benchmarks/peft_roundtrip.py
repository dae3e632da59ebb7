#!/usr/bin/env python3
"""Cross-check (not part of the test suite): an adapter this library saved loads unchanged in Hugging
Face PEFT, and PEFT's logits equal `agent0 score --adapter`'s.

    python peft_roundtrip.py BASE_DIR ADAPTER_DIR AGENT0_SCORE_JSON
      BASE_DIR           the Hugging Face base folder (config.json + model.safetensors)
      ADAPTER_DIR        a PEFT folder written by the library (adapter_model.safetensors, adapter_config.json)
      AGENT0_SCORE_JSON  the output of `agent0 score --model BASE_DIR --adapter ADAPTER_DIR --ids ... --logits`

Needs torch, transformers and peft (offline from the machine's wheels; see benchmarks/README.md).
Prints the max |Δ| of logits and log-probs and exits 1 when either exceeds 1e-4.
"""
import json
import sys

import torch
from peft import PeftModel
from transformers import AutoModelForCausalLM

base_dir, adapter_dir, score_json = sys.argv[1:4]
ours = json.load(open(score_json))
ids = torch.tensor([ours["ids"]])
base = AutoModelForCausalLM.from_pretrained(base_dir, dtype=torch.float32, attn_implementation="eager").eval()
model = PeftModel.from_pretrained(base, adapter_dir).eval()
with torch.no_grad():
    logits = model(input_ids=ids).logits[0].double()
    with model.disable_adapter():
        base_logits = model(input_ids=ids).logits[0].double()
mine = torch.tensor(ours["logits"], dtype=torch.float64)
lp = torch.log_softmax(logits, -1)
ref_lp = torch.tensor([lp[t - 1, ids[0, t]].item() for t in range(1, ids.shape[1])], dtype=torch.float64)
my_lp = torch.tensor(ours["logprobs"][1:], dtype=torch.float64)
d_logits = (logits - mine).abs().max().item()
d_lp = (ref_lp - my_lp).abs().max().item()
moved = (logits - base_logits).abs().max().item()
print(json.dumps({"max_abs_logits": d_logits, "max_abs_logprobs": d_lp, "adapter_moves_logits_by": moved,
                  "peft_config": {k: model.peft_config["default"].to_dict()[k]
                                  for k in ["r", "lora_alpha", "target_modules", "peft_type"]}}, default=str))
sys.exit(0 if d_logits <= 1e-4 and d_lp <= 1e-4 else 1)
