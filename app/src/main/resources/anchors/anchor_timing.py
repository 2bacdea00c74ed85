#!/usr/bin/env python3
"""HUSAI anchor: the timing the SAE anchor scripts share (imported, not run): untimed warm-up steps, then the
median of the timed ones."""
import statistics
import time


def median_ms(step, warmup, steps):
    """Runs step() `warmup` times untimed, then `steps` times; returns the median milliseconds per call."""
    for _ in range(warmup):
        step()
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)
