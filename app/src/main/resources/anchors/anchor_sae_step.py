#!/usr/bin/env python3
"""HUSAI anchor: one TopK SAE training step written in plain PyTorch, as a researcher would.

x [n, d] Gaussian; encoder W_enc [d, h] initialised as the decoder's transpose, unit-norm decoder W_dec [h, d];
pre = (x - b_dec) W_enc + b_enc, keep the top k per row (ReLU), reconstruct z W_dec + b_dec, squared error summed over d
and averaged over rows, Adam lr 1e-3, decoder rows renormalised after each step. After 3 warm-up steps it times --steps
steps and prints one JSON line (ms_per_step: the median step):
  {"anchor": "pytorch-topk-sae", "torch", "threads", "n", "d", "h", "k", "ms_per_step", "samples_per_s"}
Needs PyTorch (Debian: apt-get install python3-torch; run with /usr/bin/python3). Compare ratios from one run.
"""
import argparse
import json

import torch

from anchor_timing import median_ms


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=4096, help="batch rows")
    ap.add_argument("--d", type=int, default=128, help="input width d_in")
    ap.add_argument("--h", type=int, default=1024, help="latents d_sae")
    ap.add_argument("--k", type=int, default=32, help="active latents per row")
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0 = torch's default)")
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    x = torch.randn(args.n, args.d)
    w_dec = torch.nn.functional.normalize(torch.randn(args.h, args.d), dim=1).requires_grad_()
    w_enc = w_dec.detach().t().clone().requires_grad_()
    b_enc = torch.zeros(args.h, requires_grad=True)
    b_dec = torch.zeros(args.d, requires_grad=True)
    opt = torch.optim.Adam([w_enc, w_dec, b_enc, b_dec], lr=1e-3)

    def step():
        pre = (x - b_dec) @ w_enc + b_enc
        top, idx = pre.topk(args.k, dim=-1)
        z = torch.zeros_like(pre).scatter(-1, idx, top.relu())
        loss = ((z @ w_dec + b_dec - x) ** 2).sum(-1).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        with torch.no_grad():
            w_dec.div_(w_dec.norm(dim=1, keepdim=True))

    ms = median_ms(step, 3, args.steps)
    print(json.dumps({"anchor": "pytorch-topk-sae", "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "n": args.n, "d": args.d, "h": args.h, "k": args.k, "ms_per_step": round(ms, 2),
                      "samples_per_s": round(args.n / ms * 1e3, 1)}))


if __name__ == "__main__":
    main()
