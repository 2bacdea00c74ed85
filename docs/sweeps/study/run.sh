#!/usr/bin/env bash
# Runs the whole HUSAI study in order (positive controls first, then the testbed parts); resumable: rerun it and
# every part continues with its unfinished groups. Outputs under runs/study/<part>; then:
#   app/bin/husai report runs/study/* --out docs/study --title "HUSAI stability study"
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
husai="${HUSAI:-$root/app/bin/husai}"
# mlp_post at 4,096 latents (5 seeds, d 512) needs more than the launcher's default 4 GB heap
export HUSAI_HEAP="${HUSAI_HEAP:-8g}"
cd "$root"
[ -f runs/synth-song/activations.npy ] || "$husai" synth --domain song --out runs/synth-song
[ -f runs/synth-bench/activations.npy ] || "$husai" synth --domain synthbench --out runs/synth-bench
for part in ${PARTS:-song bench resid lr-steps mlp resid-wide mlp-wide}; do
  "$husai" sweep "docs/sweeps/study/$part.yaml" --out "runs/study/$part"
done
