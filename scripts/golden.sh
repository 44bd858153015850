#!/usr/bin/env bash
# Writes every command's outputs on every bundled scenario into one folder, for a
# byte-for-byte comparison of two builds: scripts/golden.sh BIN OUT [THREADS]
#   scripts/golden.sh target/release/leverage /tmp/before 1
#   ...change the code, rebuild...
#   scripts/golden.sh target/release/leverage /tmp/after 1 && diff -r /tmp/before /tmp/after
set -euo pipefail
bin=$(realpath "$1"); out=$2; j=${3:-1}
rm -rf "$out"; mkdir -p "$out"
cd "$(dirname "$0")/.."
common=(--seed 7 -j "$j" -q --force)
for s in scenarios/*.toml; do
  name=$(basename "$s" .toml)
  "$bin" run "$name" -n 200 "${common[@]}" -o "$out/run-$name"
  "$bin" trace "$name" --seed 7 --run 3 > "$out/trace-$name.txt"
  "$bin" trace "$name" --seed 7 --run 3 --format json > "$out/trace-$name.json" || true
done
"$bin" compare release-first sanctions-first -n 300 "${common[@]}" -o "$out/compare"
"$bin" compare baseline pressure-works pressure-fails -n 200 "${common[@]}" -o "$out/compare3"
"$bin" tournament baseline -n 60 "${common[@]}" -o "$out/tournament"
"$bin" tournament cycle -n 40 "${common[@]}" -o "$out/tournament-cycle"
"$bin" sweep baseline --set prisoners.arrests_per_month=20,60 --set payoffs.regime.sanctions_cost=0,10 -n 100 "${common[@]}" -o "$out/sweep"
"$bin" sensitivity baseline -n 40 "${common[@]}" -o "$out/sensitivity"
"$bin" sensitivity baseline -n 20 --sobol --samples 16 --top 4 "${common[@]}" -o "$out/sobol"
"$bin" backtest belarus-2020 --data data/belarus -n 200 "${common[@]}" -o "$out/backtest"
"$bin" calibrate belarus-2020 --data data/belarus --draws 300 --keep 30 --bands-runs 60 "${common[@]}" -o "$out/calibrate"
"$bin" calibrate belarus-2020 --data data/belarus --method smc --particles 40 --generations 2 --bands-runs 40 "${common[@]}" -o "$out/calibrate-smc"
