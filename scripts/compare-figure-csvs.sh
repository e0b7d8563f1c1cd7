#!/usr/bin/env bash
# Compares every CSV of two `transferlab reproduce all --quick` output directories byte for byte.
# Usage: scripts/compare-figure-csvs.sh BEFORE_DIR AFTER_DIR
# Exit 0 when both hold the same CSV files with identical bytes; otherwise lists what differs and exits 1.
# To build a baseline from an earlier commit:  git worktree add /tmp/base REV && (cd /tmp/base && ./transferlab reproduce all --quick --out /tmp/before)
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 BEFORE_DIR AFTER_DIR" >&2; exit 2; }
before=$1 after=$2
status=0 n=0
while IFS= read -r f; do
  n=$((n + 1))
  if [ ! -f "$after/$f" ]; then echo "missing in $after: $f"; status=1
  elif ! cmp -s "$before/$f" "$after/$f"; then echo "differs: $f"; status=1; fi
done < <(cd "$before" && find . -name '*.csv' | sort)
extra=$(comm -13 <(cd "$before" && find . -name '*.csv' | sort) <(cd "$after" && find . -name '*.csv' | sort))
[ -z "$extra" ] || { echo "only in $after:"; echo "$extra"; }
echo "$n CSV files compared: $([ $status -eq 0 ] && echo 'all byte-identical' || echo 'DIFFERENCES')"
exit $status
