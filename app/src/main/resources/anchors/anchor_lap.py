#!/usr/bin/env python3
"""HUSAI anchor: exact cross-seed matching with scipy's linear_sum_assignment.

Two dictionaries of --n unit rows in --d dimensions: A Gaussian, B = A with its rows permuted plus noise of norm
about --noise, renormalised (a seed that found the same features, slightly moved). Times the cosine matrix A B^T and
the maximum-weight one-to-one matching, and prints one JSON line:
  {"anchor": "scipy-linear_sum_assignment", "n", "d", "cosine_matrix_s", "matching_s", "pw_mcc", "total"}
With --out PREFIX it saves PREFIXA.npy and PREFIXB.npy (float32) so that `husai bench align` matches the same matrices;
with --in PREFIX it matches those files instead (real dictionaries: `husai bench align --from GROUP_DIR` writes them).
Needs numpy and scipy (Debian: apt-get install python3-numpy python3-scipy; run with /usr/bin/python3).
"""
import argparse
import json
import time

import numpy as np
from scipy.optimize import linear_sum_assignment


def unit_rows(m):
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=4096, help="latents per dictionary")
    ap.add_argument("--d", type=int, default=128, help="dimension of each row")
    ap.add_argument("--noise", type=float, default=0.05, help="noise norm relative to a unit row")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default=None, help="prefix for the A.npy / B.npy it writes")
    ap.add_argument("--in", dest="inp", default=None, help="prefix of A.npy / B.npy (unit rows) to match instead")
    args = ap.parse_args()

    if args.inp:
        a = np.load(args.inp + "A.npy")
        b = np.load(args.inp + "B.npy")
        args.n, args.d = a.shape
    else:
        rng = np.random.default_rng(args.seed)
        a = unit_rows(rng.standard_normal((args.n, args.d)).astype(np.float32))
        noise = (args.noise / np.sqrt(args.d)) * rng.standard_normal((args.n, args.d)).astype(np.float32)
        b = unit_rows(a[rng.permutation(args.n)] + noise).astype(np.float32)
    if args.out:
        np.save(args.out + "A.npy", a)
        np.save(args.out + "B.npy", b)

    t0 = time.perf_counter()
    cos = a @ b.T
    t1 = time.perf_counter()
    rows, cols = linear_sum_assignment(cos, maximize=True)
    t2 = time.perf_counter()
    matched = cos[rows, cols]
    print(json.dumps({"anchor": "scipy-linear_sum_assignment", "n": args.n, "d": args.d,
                      "cosine_matrix_s": round(t1 - t0, 4), "matching_s": round(t2 - t1, 4),
                      "pw_mcc": float(matched.mean()), "total": float(matched.sum())}))


if __name__ == "__main__":
    main()
