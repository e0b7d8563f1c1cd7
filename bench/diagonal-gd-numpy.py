#!/usr/bin/python3
"""Full-batch gradient descent on a diagonal linear network in numpy: the reference shape for issue 15, item 5.

Same parameterisation, loss, init and step rule as src/TransferLab/Training/DiagonalGradientFlow.cs:
beta = w+*v+ - w-*v-, L = 1/2 ||X beta - y||^2, g = X^T (X beta - y),
eta_t = h / (lambda_max(X^T X) * max_d S_d + max_d |g_d|), S_d = w+^2 + v+^2 + w-^2 + v-^2,
stop when ||X beta - y|| <= tol ||y||. Init: every weight sqrt(c/2) (docs/anguita2026.md, lambda = 0), teacher with a
fraction rho of N(0, 1/rho) entries, X with N(0, 1) entries. Reports per-step time and steps to the residual.

Usage: /usr/bin/python3 bench/diagonal-gd-numpy.py [--d 500] [--alphas 0.1,0.2,0.3] [--seeds 5] [--c 1e-3]
       [--rho 0.1] [--h 0.25] [--tol 1e-9] [--max-steps 200000]
Run with OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 to match our one-BLAS-thread rule.
"""
import argparse
import time

import numpy as np


def train(x, y, c, h, tol, max_steps):
    n, d = x.shape
    w = np.sqrt(c / 2.0)
    wp = np.full(d, w); vp = np.full(d, w); wm = np.full(d, w); vm = np.full(d, w)
    lmax = np.linalg.eigvalsh(x @ x.T if n < d else x.T @ x)[-1]
    ynorm = np.linalg.norm(y)
    rel = np.nan
    for step in range(max_steps + 1):
        beta = wp * vp - wm * vm
        r = x @ beta - y
        g = x.T @ r
        rel = np.linalg.norm(r) / ynorm
        if rel <= tol or not np.isfinite(rel):
            return step, rel
        s = wp * wp + vp * vp + wm * wm + vm * vm
        eta = h / (lmax * s.max() + np.abs(g).max())
        eg = eta * g
        wp, vp, wm, vm = wp - eg * vp, vp - eg * wp, wm + eg * vm, vm + eg * wm
    return max_steps, rel


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--d", type=int, default=500)
    p.add_argument("--alphas", default="0.1,0.2,0.3")
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--c", type=float, default=1e-3)
    p.add_argument("--rho", type=float, default=0.1)
    p.add_argument("--h", type=float, default=0.25)
    p.add_argument("--tol", type=float, default=1e-9)
    p.add_argument("--max-steps", type=int, default=200000)
    a = p.parse_args()
    print("alpha\tseed\tN\tsteps\trel_residual\twall_s\tus_per_step")
    total_steps, t_all = 0, time.perf_counter()
    c_all = time.process_time()
    for alpha in [float(s) for s in a.alphas.split(",")]:
        n = int(round(alpha * a.d))
        for seed in range(a.seeds):
            rng = np.random.default_rng(seed)
            x = rng.standard_normal((n, a.d))
            beta_star = np.where(rng.random(a.d) < a.rho, rng.standard_normal(a.d) / np.sqrt(a.rho), 0.0)
            y = x @ beta_star
            t0 = time.perf_counter()
            steps, rel = train(x, y, a.c, a.h, a.tol, a.max_steps)
            dt = time.perf_counter() - t0
            total_steps += steps
            print(f"{alpha}\t{seed}\t{n}\t{steps}\t{rel:.3e}\t{dt:.3f}\t{1e6 * dt / max(steps, 1):.2f}")
    wall, cpu = time.perf_counter() - t_all, time.process_time() - c_all
    print(f"total: {total_steps} steps, wall {wall:.2f} s, cpu {cpu:.2f} s, {1e6 * wall / max(total_steps, 1):.2f} us/step")


if __name__ == "__main__":
    main()
