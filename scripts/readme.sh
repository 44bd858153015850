#!/usr/bin/env bash
# Regenerates the README's generated blocks and the charts in results/examples/ from the
# commands their markers name, then checks the figures its prose quotes (issue 18):
#   scripts/readme.sh           blocks, charts and the quick figures (about 10 s on 2 idle cores)
#   scripts/readme.sh --all     also the calibrations' figures (about 3 minutes more)
# The work is done by tests/readme.rs with LEVERAGE_README=write, so the blocks are cut by
# the same code that checks them. Prose is never rewritten: a figure that moved is reported
# with the sentence it should now read, to edit by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
ignored=()
case "${1:-}" in
  --all) ignored=(--include-ignored) ;;
  "") ;;
  *) echo "usage: scripts/readme.sh [--all]" >&2; exit 2 ;;
esac
cargo build --release --quiet
status=0
LEVERAGE_README=write cargo test --release --quiet --test readme -- --nocapture \
  "${ignored[@]}" || status=$?
git status --short README.md results/examples/
echo "Not regenerated: the speed table (README.md, 'Speed and memory') and the wall times"
echo "in the prose are measurements; measure them again by hand if the engine changed."
exit "$status"
