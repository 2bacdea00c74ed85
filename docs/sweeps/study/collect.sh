#!/usr/bin/env bash
# Copies the study's results into the repository as they come: every finished group's summary.json (and each part's
# sweep.yaml) into docs/sweeps/results/study/<part>/, and the final weights of a representative subset (the groups
# whose final snapshots are at most WEIGHTS_MAX_BYTES each, default 100 kB: resid_post up to 64 latents, mlp_post up
# to 23, the synthetic domains up to 128; not the lr x steps part, whose cells repeat the grid's) into
# docs/sweeps/results/study/weights/<part>/<group>/seed-N/final.safetensors.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
max="${WEIGHTS_MAX_BYTES:-100000}"
cd "$root"
for dir in runs/study/*/; do
  part="$(basename "$dir")"
  out="docs/sweeps/results/study/$part"
  mkdir -p "$out"
  [ -f "$dir/sweep.yaml" ] && cp "$dir/sweep.yaml" "$out/sweep.yaml"
  for summary in "$dir"*/summary.json; do
    [ -f "$summary" ] || continue
    group="$(basename "$(dirname "$summary")")"
    mkdir -p "$out/$group" && cp "$summary" "$out/$group/summary.json"
    [ "$part" = lr-steps ] && continue
    for final in "$(dirname "$summary")"/seed-*/final.safetensors; do
        [ -f "$final" ] && [ "$(stat -c %s "$final")" -le "$max" ] || continue
        seed="$(basename "$(dirname "$final")")"
        mkdir -p "docs/sweeps/results/study/weights/$part/$group/$seed"
        cp "$final" "docs/sweeps/results/study/weights/$part/$group/$seed/final.safetensors"
    done
  done
done
echo "collected: $(find docs/sweeps/results/study -name summary.json | wc -l) summaries, $(du -sh docs/sweeps/results/study/weights 2>/dev/null | cut -f1) of weights"
