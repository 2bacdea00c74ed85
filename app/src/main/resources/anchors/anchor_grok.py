#!/usr/bin/env python3
"""HUSAI anchor: the grokking testbed (Nanda et al. 2023) trained in plain PyTorch.

Modular addition mod --p, tokens "a b =", one layer: 4 heads of 32, d_model 128, d_mlp 512, ReLU MLP, no LayerNorm,
causal attention, logits read at "="; full-batch AdamW (lr --lr, weight decay --wd, betas 0.9/0.98, 10-step linear
warm-up) on a random --frac of the p^2 pairs. Every 100 steps it measures test accuracy on the other pairs and stops at
--target (or --max-steps / --max-seconds). Prints one JSON line:
  {"anchor": "pytorch-grok", "p", "frac", "lr", "grokked", "steps", "seconds", "ms_per_step", "test_acc", "train_loss"}
Needs PyTorch (Debian: apt-get install python3-torch; run with /usr/bin/python3).
"""
import argparse
import json
import time

import torch
import torch.nn.functional as F

D_MODEL, HEADS, D_HEAD, D_MLP = 128, 4, 32, 512


def parameters(p):
    def param(*shape, scale):
        return torch.nn.Parameter(torch.randn(*shape) * scale)
    s = D_MODEL ** -0.5
    return {"E": param(p + 1, D_MODEL, scale=s), "pos": param(3, D_MODEL, scale=s),
            "Q": param(HEADS, D_MODEL, D_HEAD, scale=s), "K": param(HEADS, D_MODEL, D_HEAD, scale=s),
            "V": param(HEADS, D_MODEL, D_HEAD, scale=s), "O": param(HEADS * D_HEAD, D_MODEL, scale=s),
            "W_in": param(D_MODEL, D_MLP, scale=s), "b_in": param(D_MLP, scale=0.0),
            "W_out": param(D_MLP, D_MODEL, scale=D_MLP ** -0.5), "b_out": param(D_MODEL, scale=0.0),
            "U": param(D_MODEL, p, scale=s)}


def logits(w, tokens, causal):
    resid = w["E"][tokens] + w["pos"]
    q = torch.einsum("bpd,hde->bhpe", resid, w["Q"])
    k = torch.einsum("bpd,hde->bhpe", resid, w["K"])
    v = torch.einsum("bpd,hde->bhpe", resid, w["V"])
    scores = (q @ k.transpose(-1, -2)) / D_HEAD ** 0.5
    attn = scores.masked_fill(~causal, float("-inf")).softmax(-1)
    z = (attn @ v).transpose(1, 2).reshape(tokens.shape[0], 3, HEADS * D_HEAD)
    resid = resid + z @ w["O"]
    resid = resid + F.relu(resid @ w["W_in"] + w["b_in"]) @ w["W_out"] + w["b_out"]
    return resid[:, -1] @ w["U"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--p", type=int, default=113)
    ap.add_argument("--frac", type=float, default=0.3, help="fraction of pairs to train on")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--wd", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--target", type=float, default=0.99, help="test accuracy that counts as grokked")
    ap.add_argument("--max-steps", type=int, default=30000)
    ap.add_argument("--max-seconds", type=float, default=1800)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    p = args.p
    pairs = torch.cartesian_prod(torch.arange(p), torch.arange(p))
    tokens = torch.cat([pairs, torch.full((p * p, 1), p)], dim=1)
    labels = (pairs[:, 0] + pairs[:, 1]) % p
    order = torch.randperm(p * p)
    n_train = int(args.frac * p * p)
    train, test = order[:n_train], order[n_train:]
    causal = torch.tril(torch.ones(3, 3)).bool()
    w = parameters(p)
    opt = torch.optim.AdamW(w.values(), lr=args.lr, weight_decay=args.wd, betas=(0.9, 0.98))
    warmup = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 10))

    start = time.perf_counter()
    step, acc, loss = 0, 0.0, torch.tensor(float("nan"))
    while step < args.max_steps and time.perf_counter() - start < args.max_seconds:
        loss = F.cross_entropy(logits(w, tokens[train], causal), labels[train])
        opt.zero_grad()
        loss.backward()
        opt.step()
        warmup.step()
        step += 1
        if step % 100 == 0:
            with torch.no_grad():
                acc = (logits(w, tokens[test], causal).argmax(-1) == labels[test]).float().mean().item()
            if acc >= args.target:
                break
    seconds = time.perf_counter() - start
    print(json.dumps({"anchor": "pytorch-grok", "p": p, "frac": args.frac, "lr": args.lr, "grokked": acc >= args.target,
                      "steps": step, "seconds": round(seconds, 1), "ms_per_step": round(seconds / max(step, 1) * 1e3, 1),
                      "test_acc": round(acc, 4), "train_loss": round(loss.item(), 5)}))


if __name__ == "__main__":
    main()
