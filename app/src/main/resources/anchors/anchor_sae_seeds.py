#!/usr/bin/env python3
"""HUSAI anchor: S seeds of a TopK SAE trained together in plain PyTorch, stacked on a seed axis (torch.bmm).

Weights [S, d, h] / [S, h, d], each seed its own row order of the same batch, one Adam over all of them; the step is
anchor_sae_step.py's. After 2 warm-up steps it times --steps steps and prints one JSON line (ms_per_step: the median step):
  {"anchor": "pytorch-topk-sae-bmm-seeds", "torch", "threads", "seeds", "n", "d", "h", "k", "ms_per_step",
   "seed_rows_per_s"}
Needs PyTorch (Debian: apt-get install python3-torch; run with /usr/bin/python3).
"""
import argparse
import json
import os

import torch

from anchor_timing import median_ms


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=4096, help="batch rows per seed")
    ap.add_argument("--d", type=int, default=128, help="input width d_in")
    ap.add_argument("--h", type=int, default=1024, help="latents d_sae")
    ap.add_argument("--k", type=int, default=32, help="active latents per row")
    ap.add_argument("--seeds", type=int, default=8)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0 = all cores)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads or os.cpu_count())
    torch.manual_seed(0)

    s = args.seeds
    x = torch.randn(args.n, args.d)
    xs = torch.stack([x[torch.randperm(args.n)] for _ in range(s)])
    w_dec = torch.nn.functional.normalize(torch.randn(s, args.h, args.d), dim=2).requires_grad_()
    w_enc = w_dec.detach().transpose(1, 2).clone().requires_grad_()
    b_enc = torch.zeros(s, 1, args.h, requires_grad=True)
    b_dec = torch.zeros(s, 1, args.d, requires_grad=True)
    opt = torch.optim.Adam([w_enc, w_dec, b_enc, b_dec], lr=1e-3)

    def step():
        pre = torch.bmm(xs - b_dec, w_enc) + b_enc
        top, idx = pre.topk(args.k, dim=-1)
        z = torch.zeros_like(pre).scatter(-1, idx, top.relu())
        loss = ((torch.bmm(z, w_dec) + b_dec - xs) ** 2).sum(-1).mean() * s
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        with torch.no_grad():
            w_dec.div_(w_dec.norm(dim=2, keepdim=True))

    ms = median_ms(step, 2, args.steps)
    print(json.dumps({"anchor": "pytorch-topk-sae-bmm-seeds", "torch": torch.__version__,
                      "threads": torch.get_num_threads(), "seeds": s, "n": args.n, "d": args.d, "h": args.h,
                      "k": args.k, "ms_per_step": round(ms, 1), "seed_rows_per_s": round(s * args.n / ms * 1e3)}))


if __name__ == "__main__":
    main()
