#!/usr/bin/env bash
# API latency of the explorer (docs/benchmarks.md, "Explorer API"): starts `transferlab serve` (Release) on a free port,
# warms every endpoint up (3 requests and WARM seconds each), then times REPEAT sequential requests per endpoint with
# curl and prints p50 and p90 in ms, with the machine's load average before and after.
# Usage: bench/explorer-latency.sh [REPEAT] [WARM]   (defaults 30 and 3)
set -euo pipefail
cd "$(dirname "$0")/.."
repeat="${1:-30}"
warm="${2:-3}"
log="$(mktemp)"
./transferlab serve --port 0 >"$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 120); do grep -q 'http://' "$log" && break; sleep 0.5; done
url="$(grep -o 'http://[^ ]*/' "$log" | head -1)"
[ -n "$url" ] || { cat "$log"; exit 1; }
alphas="$(python3 -c 'print(",".join(f"{0.05 + i * 0.95 / 49:.6g}" for i in range(50)))')"
endpoints=(
  "linear curve, 50 points|api/curve/linear?sweep=n&from=1&to=200&points=50"
  "deep-linear curve, 50 points|api/curve/deep-linear?sweep=alpha&from=0.05&to=2&points=50"
  "diagonal replica curve, 50 α_FT|api/theory/diagonal?alpha-ft=$alphas"
  "relu-ntk curve, 50 points|api/curve/relu-ntk?sweep=n&from=10&to=300&points=50"
  "relu-overlap curve, 50 points|api/curve/relu-overlap?sweep=mu&from=0&to=1&points=50"
  "phase diagram 100 × 100|api/phase-diagram/deep-linear?theta-points=100&alpha-points=100"
  "regime map 100 × 100|api/regime-map?c-pt-points=100&gamma-ft-points=100"
  "linear, one point|api/theory/linear?n=50"
  "regime, one point|api/regime"
)
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $repeat requests per endpoint after ${warm} s of warm-up requests"
printf '| %-36s | %9s | %9s |\n' "endpoint" "p50 (ms)" "p90 (ms)"
printf '|%s|%s|%s|\n' "--------------------------------------" "-----------" "-----------"
for entry in "${endpoints[@]}"; do
  name="${entry%%|*}"; path="${entry#*|}"
  # Warm-up: at least 3 requests and WARM seconds (the JIT compiles the final code of hot methods in the background
  # within the first seconds of work), so the numbers are the server's steady state.
  start=$SECONDS; count=0
  while (( count < 3 || SECONDS - start < warm )); do curl -sf -o /dev/null "$url$path"; count=$((count + 1)); done
  times=()
  for _ in $(seq "$repeat"); do times+=("$(curl -sf -o /dev/null -w '%{time_total}' "$url$path")"); done
  printf '%s\n' "${times[@]}" | python3 -c "
import sys
t = sorted(float(x) * 1000 for x in sys.stdin.read().split())
q = lambda p: t[min(len(t) - 1, int(round(p * (len(t) - 1))))]
print(f'| {sys.argv[1]:<36} | {q(0.5):9.1f} | {q(0.9):9.1f} |')" "$name"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
