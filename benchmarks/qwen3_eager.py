"""A minimal eager Qwen3 decoder in plain PyTorch: the baseline the Java library is timed against.

Follows the Hugging Face ``Qwen3ForCausalLM`` eager-attention path (RMSNorm, RoPE in the
"rotate_half" layout, per-head q/k RMSNorm, grouped-query attention via ``repeat_kv``, SwiGLU,
tied embeddings) in float32, with a preallocated KV cache written in place. No transformers
dependency: weights come straight from the safetensors file the Java side loads.

Also defines the benchmark inputs (``token_ids``): a closed formula both sides evaluate, so Java
and Python feed identical token ids without sharing a random generator.
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F


def token_ids(row, length, vocab):
    """Token i of benchmark row ``row``; the same formula as Java's ``BenchInputs.token``."""
    return [(row * 7919 + i * 104729 + (i * i) % 97 + 11) % vocab for i in range(length)]


def batch_ids(batch, length, vocab):
    """[batch, length] int64 tensor of ``token_ids`` rows 0..batch-1."""
    return torch.tensor([token_ids(b, length, vocab) for b in range(batch)], dtype=torch.long)


# --- safetensors --------------------------------------------------------------------------------

_DTYPES = {"F32": np.float32, "F16": np.float16, "BF16": np.uint16}


def read_safetensors(path):
    """Name -> float32 torch tensor for every tensor of one file (F32, F16 and BF16 accepted)."""
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(n))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + n)
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        if e["dtype"] not in _DTYPES:
            raise ValueError(f"{path}: {name} has dtype {e['dtype']}, expected one of {sorted(_DTYPES)}")
        begin, end = e["data_offsets"]
        raw = np.frombuffer(data[begin:end], dtype=_DTYPES[e["dtype"]])
        if e["dtype"] == "BF16":  # bfloat16 is the top half of a float32
            raw = (raw.astype(np.uint32) << 16).view(np.float32)
        out[name] = torch.from_numpy(raw.astype(np.float32, copy=True)).reshape(e["shape"])
    return out


def load_checkpoint(folder):
    """(config dict, name -> tensor) of a Hugging Face folder, single-file or sharded."""
    with open(os.path.join(folder, "config.json")) as f:
        config = json.load(f)
    index = os.path.join(folder, "model.safetensors.index.json")
    tensors = {}
    if os.path.exists(index):
        with open(index) as f:
            shards = sorted(set(json.load(f)["weight_map"].values()))
        for s in shards:
            tensors.update(read_safetensors(os.path.join(folder, s)))
    else:
        tensors = read_safetensors(os.path.join(folder, "model.safetensors"))
    return config, tensors


# --- model --------------------------------------------------------------------------------------

def rms_norm(x, w, eps):
    return w * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def repeat_kv(x, rep):
    """[B, KV, S, D] -> [B, KV*rep, S, D], head h uses kv head h // rep (HF ``repeat_kv``)."""
    if rep == 1:
        return x
    b, kv, s, d = x.shape
    return x[:, :, None, :, :].expand(b, kv, rep, s, d).reshape(b, kv * rep, s, d)


class Qwen3:
    """The decoder over a dict of float32 tensors keyed by Hugging Face names."""

    def __init__(self, config, tensors):
        self.c = config
        self.w = tensors
        self.layers = config["num_hidden_layers"]
        self.heads = config["num_attention_heads"]
        self.kv_heads = config["num_key_value_heads"]
        self.head_dim = config.get("head_dim") or config["hidden_size"] // self.heads
        self.eps = config["rms_norm_eps"]
        self.scaling = self.head_dim ** -0.5
        d = self.head_dim
        self.inv_freq = 1.0 / (config["rope_theta"] ** (torch.arange(0, d, 2, dtype=torch.int64).float() / d))
        self.lm_head = tensors["model.embed_tokens.weight"] if config.get("tie_word_embeddings", True) \
            else tensors["lm_head.weight"]

    def parameters(self):
        return list(self.w.values())

    def new_cache(self, batch, capacity):
        """Preallocated keys and values per layer, [B, KV, capacity, D] each, written in place."""
        shape = (batch, self.kv_heads, capacity, self.head_dim)
        return [(torch.zeros(shape), torch.zeros(shape)) for _ in range(self.layers)]

    def rope(self, positions):
        """cos, sin [B, 1, T, D] for int64 positions [B, T] (computed once, shared by every layer)."""
        freqs = positions[:, :, None].float() * self.inv_freq[None, None, :]
        emb = torch.cat((freqs, freqs), dim=-1)
        return emb.cos()[:, None], emb.sin()[:, None]

    def forward(self, ids, positions, bias, cache=None, start=0, last_only=False):
        """Logits [B, T, V] (or [B, 1, V]); ``bias`` is the additive mask [B or 1, 1, T, S]."""
        w = self.w
        h = F.embedding(ids, w["model.embed_tokens.weight"])
        cos, sin = self.rope(positions)
        for i in range(self.layers):
            p = f"model.layers.{i}."
            h = h + self.attention(i, p, rms_norm(h, w[p + "input_layernorm.weight"], self.eps),
                                   cos, sin, bias, cache, start)
            x = rms_norm(h, w[p + "post_attention_layernorm.weight"], self.eps)
            h = h + F.linear(F.silu(F.linear(x, w[p + "mlp.gate_proj.weight"])) * F.linear(x, w[p + "mlp.up_proj.weight"]),
                             w[p + "mlp.down_proj.weight"])
        if last_only:
            h = h[:, -1:]
        return F.linear(rms_norm(h, w["model.norm.weight"], self.eps), self.lm_head)

    def attention(self, i, p, x, cos, sin, bias, cache, start):
        w = self.w
        b, t, _ = x.shape
        a = p + "self_attn."
        q = F.linear(x, w[a + "q_proj.weight"]).view(b, t, self.heads, self.head_dim)
        k = F.linear(x, w[a + "k_proj.weight"]).view(b, t, self.kv_heads, self.head_dim)
        v = F.linear(x, w[a + "v_proj.weight"]).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        q = rms_norm(q, w[a + "q_norm.weight"], self.eps).transpose(1, 2)  # [B, H, T, D]
        k = rms_norm(k, w[a + "k_norm.weight"], self.eps).transpose(1, 2)  # [B, KV, T, D]
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        if cache is not None:
            ck, cv = cache[i]
            ck[:, :, start:start + t] = k
            cv[:, :, start:start + t] = v
            k, v = ck[:, :, :start + t], cv[:, :, :start + t]
        rep = self.heads // self.kv_heads
        k, v = repeat_kv(k, rep), repeat_kv(v, rep)
        scores = torch.matmul(q, k.transpose(2, 3)) * self.scaling + bias
        probs = F.softmax(scores, dim=-1, dtype=torch.float32)
        out = torch.matmul(probs, v).transpose(1, 2).reshape(b, t, self.heads * self.head_dim)
        return F.linear(out, w[a + "o_proj.weight"])


NEG = -1e9  # the Java side's masked value (AttentionMasks.NEG)


def causal_bias(t, start=0):
    """[1, 1, t, start + t] additive mask: query i (column start + i) sees keys 0..start + i."""
    s = start + t
    j = torch.arange(s)[None, :]
    i = torch.arange(t)[:, None] + start
    return torch.where(j <= i, 0.0, NEG)[None, None].float()
