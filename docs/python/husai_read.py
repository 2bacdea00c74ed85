#!/usr/bin/env python3
"""Read HUSAI's outputs from Python with numpy and the standard library only.

  python3 husai_read.py snapshot FILE.safetensors   # tensors (dtype, shape, sum) and metadata of a snapshot, as JSON
  python3 husai_read.py summary GROUP/summary.json  # a sweep group's stability beside its baseline, as JSON
  python3 husai_read.py live URL [--max N]          # metric points from the SSE endpoint, one JSON object a line

Each function is meant to be copied into your own code (docs/python.md). The test suite runs this script
(app: PythonDocsTest) whenever a python3 with numpy is installed.
"""
import argparse
import json
import struct
import sys
import urllib.request

import numpy as np

_DTYPES = {"F32": np.float32, "F16": np.float16, "BF16": np.uint16}


def decode_safetensors(buf):
    """(tensors, metadata) of safetensors bytes (bytes, or a np.memmap of a file): {name: float32 array}, {key: str}.
    F32, F16 and BF16 payloads all come back as float32 (F16 and BF16 widen exactly)."""
    buf = np.frombuffer(buf, dtype=np.uint8)
    (n,) = struct.unpack("<Q", buf[:8].tobytes())
    header = json.loads(buf[8:8 + n].tobytes())
    meta = header.pop("__metadata__", {})
    tensors = {}
    for name, e in header.items():
        begin, end = e["data_offsets"]
        raw = buf[8 + n + begin:8 + n + end].view(_DTYPES[e["dtype"]])
        if e["dtype"] == "BF16":
            raw = (raw.astype(np.uint32) << 16).view(np.float32)
        tensors[name] = raw.astype(np.float32).reshape(e["shape"])
    return tensors, meta


def read_safetensors(path):
    """decode_safetensors of a file, memory-mapped (only the tensors' bytes are read, once)."""
    return decode_safetensors(np.memmap(path, dtype=np.uint8, mode="r"))


def read_snapshot(path):
    """A HUSAI snapshot: W_enc [d_in, d_sae], W_dec [d_sae, d_in], b_enc, b_dec (+ threshold) and its metadata."""
    tensors, meta = read_safetensors(path)
    if meta.get("format_version") != "1":
        raise ValueError(f"expected format_version 1 in {path}, found {meta.get('format_version')}")
    return tensors, meta


def read_summary(path):
    """The result of a sweep group (GROUP/summary.json): PW-MCC and shared fraction beside their baselines."""
    with open(path) as f:
        r = json.load(f)["result"]
    return {"group": r["group"], "arch": r["arch"], "d_sae": r["dSae"],
            "pw_mcc": r["raw"]["pwMcc"]["mean"], "baseline_pw_mcc": r["raw"]["baselinePwMcc"],
            "shared": r["raw"]["shared"]["mean"], "baseline_shared": r["raw"]["baselineShared"],
            "converged": (r.get("convergence") or {}).get("converged"),  # None: written before verdicts
            "mcc_vs_truth": (r.get("truth") or {}).get("mccVsTruth"),    # None: no known dictionary
            "curve": [(p["step"], p["pwMcc"]) for p in r["curve"]]}


def live_points(url, max_events=None):
    """Metric points from `GET /api/live` (Server-Sent Events): yields (event, data dict), e.g. ('metric', {...})."""
    seen = 0
    with urllib.request.urlopen(url) as stream:
        event, data = "message", []
        for raw in stream:
            line = raw.decode("utf-8").rstrip("\r\n")
            if line.startswith(":"):
                continue                      # comments: ': ping', ': backfill done'
            if line:
                field, _, value = line.partition(":")
                value = value[1:] if value.startswith(" ") else value
                if field == "event":
                    event = value
                elif field == "data":
                    data.append(value)
                continue
            if data:                          # a blank line ends an event
                yield event, json.loads("\n".join(data))
                seen += 1
                if max_events is not None and seen >= max_events:
                    return
            event, data = "message", []


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="what", required=True)
    sub.add_parser("snapshot").add_argument("file")
    sub.add_parser("summary").add_argument("file")
    live = sub.add_parser("live")
    live.add_argument("url")
    live.add_argument("--max", type=int, default=None)
    a = ap.parse_args()
    if a.what == "snapshot":
        tensors, meta = read_snapshot(a.file)
        print(json.dumps({"metadata": meta, "tensors": {n: {"shape": list(t.shape), "sum": float(t.sum(dtype=np.float64))}
                                                        for n, t in tensors.items()}}))
    elif a.what == "summary":
        print(json.dumps(read_summary(a.file)))
    else:
        for event, point in live_points(a.url, a.max):
            print(json.dumps({"event": event, **point}))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
