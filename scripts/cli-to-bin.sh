#!/usr/bin/env bash
# One-off helper kept for merges during issue 18: the cli module lives in the binary, so
# its paths to the library are `leverage::`, not `crate::` (except the cli's own paths and
# the `note!` macro, which the binary defines).
set -euo pipefail
cd "$(dirname "$0")/.."
find src/cli -name '*.rs' -print0 | xargs -0 perl -pi -e 's/\bcrate::(?!cli\b|note\b)/leverage::/g'
