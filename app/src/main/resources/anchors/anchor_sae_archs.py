#!/usr/bin/env python3
"""HUSAI anchor: one training step of a ReLU-L1, BatchTopK, JumpReLU or Matryoshka BatchTopK SAE in plain PyTorch,
S seeds stacked on a seed axis (torch.bmm; S = 1 is the single-seed step), as a researcher would write it.

x [n, d] Gaussian (each seed its own row order); W_enc [S, d, h] initialised as the decoder's transpose, W_dec [S, h, d]
with unit rows; pre = (x - b_dec) W_enc + b_enc; reconstruction z W_dec + b_dec, squared error summed over d and
averaged over rows; Adam lr 1e-3 over all parameters. Per arch (the losses of HUSAI's trainer, docs/sae.md):
  relu_l1               z = ReLU(pre); + l1 * sum_f z_f ||W_dec[f]|| (decoder-norm-weighted L1); decoder not renormalised
  batch_topk            z = the k*n largest of ReLU(pre) over the whole batch; unit-norm decoder
  jumprelu              z = pre * H(pre - theta), theta = exp(log_theta) learned through the rectangle-kernel
                        straight-through estimator (bandwidth 0.001), + l0 * mean_n sum_f H(pre - theta) (Adam b1 = 0)
  matryoshka_batch_topk batch_topk's z; the loss is the mean over prefixes m (h/16, h/8, h/4, h/2, h) of the error of
                        z[:, :m] W_dec[:m] + b_dec; unit-norm decoder
After 3 warm-up steps it times --steps steps and prints one JSON line (ms_per_step: the median step):
  {"anchor": "pytorch-<arch>-sae", "torch", "threads", "seeds", "n", "d", "h", "k", "ms_per_step", "seed_rows_per_s"}
Needs PyTorch (Debian: apt-get install python3-torch; run with /usr/bin/python3). Compare ratios from one run.
"""
import argparse
import json
import os

import torch

from anchor_timing import median_ms

ARCHS = ("relu_l1", "batch_topk", "jumprelu", "matryoshka_batch_topk")


class JumpStep(torch.autograd.Function):
    """H(pre - theta) with d/dtheta = -(1/eps) K((pre - theta)/eps), K the rectangle on [-1/2, 1/2]."""

    @staticmethod
    def forward(ctx, pre, theta, eps):
        ctx.save_for_backward(pre, theta)
        ctx.eps = eps
        return (pre > theta).to(pre.dtype)

    @staticmethod
    def backward(ctx, grad):
        pre, theta = ctx.saved_tensors
        near = ((pre - theta).abs() < ctx.eps / 2).to(pre.dtype)
        return None, (-grad * near / ctx.eps).sum(dim=1, keepdim=True), None


class JumpReLU(torch.autograd.Function):
    """pre * H(pre - theta) with d/dpre = H(pre - theta), d/dtheta = -(theta/eps) K((pre - theta)/eps)."""

    @staticmethod
    def forward(ctx, pre, theta, eps):
        ctx.save_for_backward(pre, theta)
        ctx.eps = eps
        return pre * (pre > theta).to(pre.dtype)

    @staticmethod
    def backward(ctx, grad):
        pre, theta = ctx.saved_tensors
        gate = (pre > theta).to(pre.dtype)
        near = ((pre - theta).abs() < ctx.eps / 2).to(pre.dtype)
        return grad * gate, (-grad * theta * near / ctx.eps).sum(dim=1, keepdim=True), None


def batch_topk(pre, k):
    """The k*n largest ReLU(pre) values of each seed's batch [S, n, h] kept, the rest zero."""
    s, n, h = pre.shape
    flat = pre.relu().reshape(s, n * h)
    top, idx = flat.topk(k * n, dim=-1)
    return torch.zeros_like(flat).scatter(-1, idx, top).reshape(s, n, h)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--arch", choices=ARCHS, default="batch_topk")
    ap.add_argument("--n", type=int, default=4096, help="batch rows per seed")
    ap.add_argument("--d", type=int, default=128, help="input width d_in (512 = mlp_post)")
    ap.add_argument("--h", type=int, default=1024, help="latents d_sae")
    ap.add_argument("--k", type=int, default=32, help="active latents per row (BatchTopK, Matryoshka)")
    ap.add_argument("--seeds", type=int, default=1)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--l1", type=float, default=1e-3, help="ReLU-L1 coefficient")
    ap.add_argument("--l0", type=float, default=1e-3, help="JumpReLU L0 coefficient")
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0 = all cores)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads or os.cpu_count())
    torch.manual_seed(0)

    s, n, d, h = args.seeds, args.n, args.d, args.h
    x = torch.randn(n, d)
    xs = torch.stack([x[torch.randperm(n)] for _ in range(s)])
    w_dec = torch.nn.functional.normalize(torch.randn(s, h, d), dim=2).requires_grad_()
    w_enc = w_dec.detach().transpose(1, 2).clone().requires_grad_()
    b_enc = torch.zeros(s, 1, h, requires_grad=True)
    b_dec = torch.zeros(s, 1, d, requires_grad=True)
    log_theta = torch.full((s, 1, h), float(torch.tensor(1e-3).log()), requires_grad=True)
    params = [w_enc, w_dec, b_enc, b_dec] + ([log_theta] if args.arch == "jumprelu" else [])
    opt = torch.optim.Adam(params, lr=1e-3, betas=(0.0 if args.arch == "jumprelu" else 0.9, 0.999))
    prefixes = sorted({h // div for div in (16, 8, 4, 2, 1) if h // div >= 1})
    unit_norm = args.arch != "relu_l1"

    def loss_of(pre):
        if args.arch == "relu_l1":
            z = pre.relu()
            err = ((torch.bmm(z, w_dec) + b_dec - xs) ** 2).sum(-1).mean()
            return err + args.l1 * (z * w_dec.norm(dim=2).unsqueeze(1)).sum(-1).mean()
        if args.arch == "jumprelu":
            theta = log_theta.exp()
            z = JumpReLU.apply(pre, theta, 1e-3)
            err = ((torch.bmm(z, w_dec) + b_dec - xs) ** 2).sum(-1).mean()
            return err + args.l0 * JumpStep.apply(pre, theta, 1e-3).sum(-1).mean()
        z = batch_topk(pre, args.k)
        if args.arch == "batch_topk":
            return ((torch.bmm(z, w_dec) + b_dec - xs) ** 2).sum(-1).mean()
        errs = [((torch.bmm(z[:, :, :m], w_dec[:, :m]) + b_dec - xs) ** 2).sum(-1).mean() for m in prefixes]
        return sum(errs) / len(errs)

    def step():
        pre = torch.bmm(xs - b_dec, w_enc) + b_enc
        loss = loss_of(pre) * s
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if unit_norm:
            with torch.no_grad():
                w_dec.grad -= (w_dec.grad * w_dec).sum(-1, keepdim=True) * w_dec
        opt.step()
        if unit_norm:
            with torch.no_grad():
                w_dec.div_(w_dec.norm(dim=2, keepdim=True))

    ms = median_ms(step, 3, args.steps)
    print(json.dumps({"anchor": "pytorch-" + args.arch.replace("_", "-") + "-sae" + ("-bmm-seeds" if s > 1 else ""),
                      "torch": torch.__version__, "threads": torch.get_num_threads(), "seeds": s, "n": n, "d": d,
                      "h": h, "k": args.k, "ms_per_step": round(ms, 2), "seed_rows_per_s": round(s * n / ms * 1e3)}))


if __name__ == "__main__":
    main()
