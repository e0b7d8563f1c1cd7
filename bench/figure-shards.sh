#!/usr/bin/env bash
# Wall time of one figure reproduced by one process against N shard processes started at once plus the collect, and a
# byte-for-byte check that both give the same files (docs/studies.md, "Figures"; results in docs/benchmarks.md).
# Usage: bench/figure-shards.sh ID N [reproduce options, e.g. --quick]   (THREADS: threads of the one process, default nproc)
set -euo pipefail
cd "$(dirname "$0")/.."
id="$1"; n="$2"; shift 2
threads="${THREADS:-$(nproc)}"
./transferlab info >/dev/null   # build first (Release), outside the timings
out="$(mktemp -d)"
timed() { /usr/bin/time -f "%e %U %S" -o "$1" "${@:2}" >/dev/null; }
cpu() { awk '{s += $2 + $3} END {printf "%.1f", s}' "$@"; }

timed "$out/one.time" ./transferlab reproduce "$id" "$@" --out "$out/one" --threads "$threads"
t0=$(date +%s.%N)
for i in $(seq "$n"); do timed "$out/shard$i.time" ./transferlab reproduce "$id" "$@" --out "$out/sharded" --shard "$i/$n" --threads 1 & done
wait
t1=$(date +%s.%N)
timed "$out/collect.time" ./transferlab collect "$out/sharded" --threads "$threads"
t2=$(date +%s.%N)

differ=""
for f in "$out/one"/*; do
  name="$(basename "$f")"
  [[ "$name" == *-manifest.json ]] && continue
  cmp -s "$f" "$out/sharded/results/$name" || differ="$differ $name"
done
echo "figure $id $*: $(ls "$out/one" | wc -l) files"
echo "one process (--threads $threads): wall $(awk '{print $1}' "$out/one.time") s, CPU $(cpu "$out/one.time") s"
printf "%s shards at once (--threads 1 each): wall %.1f s (slowest shard), CPU %s s; collect: wall %s s, CPU %s s; total wall %.1f s\n" \
  "$n" "$(echo "$t1 - $t0" | bc)" "$(cpu "$out"/shard*.time)" "$(awk '{print $1}' "$out/collect.time")" "$(cpu "$out/collect.time")" "$(echo "$t2 - $t0" | bc)"
if [ -z "$differ" ]; then echo "identical files: all but the manifest (timing)"; else echo "files that differ:$differ"; fi
echo "load: $(uptime | sed 's/.*load average: //')"
rm -rf "$out"
