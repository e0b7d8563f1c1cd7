#!/usr/bin/env bash
# Runs the same `theory` and `simulate` invocations through two builds of the command line and fails unless stdout,
# stderr (less its timed "progress: " lines, see below), the exit code and any file written with --out agree for every
# one of them. CI uses it to hold the ahead-of-time compiled CLI, which ./transferlab runs these commands with, to the
# JIT-compiled one (docs/benchmarks.md, "Start-up, third round"); it also compares a change against the build before it.
# Usage: scripts/compare-cli-output.sh 'REFERENCE COMMAND' 'OTHER COMMAND'
#   e.g. scripts/compare-cli-output.sh 'dotnet src/TransferLab.Cli/bin/r2r/publish/TransferLab.Cli.dll' src/TransferLab.Cli/bin/aot/publish/TransferLab.Cli
set -uo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 'REFERENCE COMMAND' 'OTHER COMMAND'" >&2; exit 2; }
read -r -a ref <<<"$1"
read -r -a other <<<"$2"
# Every theory model, each of its result kinds (isotropic and anisotropic covariance, finite source, the optional
# sample complexity, several regimes), table and --json, and the error paths (bad value, unknown option, help); every
# simulate model at small seeded sizes, each solver and protocol kind, one run of a study (--run-seed) and a CSV file.
cases=(
  "theory linear --n 50"
  "theory linear --n 50 --json"
  "theory linear --d 40 --n 25 --sigma 0.3 --spectrum power-law --power 1.5 --epsilon 0.2 --json"
  "theory linear --d 30 --n 60 --teacher angle --angle 40 --spectrum spiked --spikes 3 --spike-value 10 --rotate"
  "theory linear --d 60 --n 20 --method deterministic-equivalent --epsilon 0.1 --n-max 200"
  "theory linear --d 20 --n 10 --teacher eigen-difference --spectrum explicit --eigenvalues 4,3,2,2,1,1,1,1,0.5,0.5,0.5,0.5,0.2,0.2,0.2,0.2,0.1,0.1,0.1,0.1 --json"
  "theory deep-linear"
  "theory deep-linear --json"
  "theory deep-linear --alpha 2 --overlap 0.3 --depth 3 --lambda 0.1 --sigma 0.5 --json"
  "theory deep-linear --alpha 0.5 --alpha-source 3 --sigma-source 0.1 --depth inf --json"
  "theory deep-linear --d 50 --spectrum power-law --power 1 --json"
  "theory diagonal"
  "theory diagonal --json"
  "theory diagonal --c-pt 1e-3 --lambda-pt -0.99e-3 --gamma-ft 0.5 --rho-ft-shared 0 --rho-ft-new 0.1 --json"
  "theory diagonal --alpha-pt 2 --sigma-pt 0.1 --sigma 0.05"
  "theory diagonal --alpha-pt 0.4 --sigma-pt 0.1 --rho-ft-shared 0.08 --rho-ft-new 0.02 --json"
  "theory relu-ntk"
  "theory relu-ntk --d 5 --n 30 --distance 0.5 --epsilon 0.2 --json"
  'theory relu-ntk --d 3 --n 20 --data $data/rows.csv --format csv --label-column y --json'
  'theory relu-ntk --d 10 --n 40 --dataset fashion-mnist --max-rows 500 --json'
  'theory relu-ntk --data $data/missing.csv --format csv'
  'theory relu-ntk --d 8 --n 20 --data $data/batch.bin --format cifar10 --json'
  "theory relu-overlap"
  "theory relu-overlap --mu 0.7 --teacher-width 20 --json"
  "simulate linear --n 30 --seeds 3"
  "simulate linear --d 40 --n 20 --seeds 2 --solver gd --spectrum spiked --json"
  "simulate linear --n 30 --run-seed 12345 --json"
  "simulate deep-linear --d 30 --seeds 2 --json"
  "simulate deep-linear --d 30 --seeds 2 --protocol linear-transfer --pretrain population --json"
  "simulate deep-linear --d 30 --alpha 2 --seeds 2 --protocol frozen --depth 3 --frozen-layers 1"
  "simulate diagonal --d 300 --seeds 2"
  "simulate diagonal --d 300 --seeds 2 --json"
  "simulate diagonal --d 300 --seeds 2 --solver gd --rho-ft-shared 0 --rho-ft-new 0.1 --json"
  "simulate diagonal --d 400 --alpha-ft 0.25 --lambda-pt -0.99e-3 --run-seed 7 --json"
  "simulate relu --seeds 2 --json"
  "simulate relu --experiment features --seeds 2 --steps 300 --pretrain-steps 300 --json"
  "simulate relu-levers --seeds 2 --json"
  'simulate relu-levers --seeds 2 --target new --out $out/levers.csv'
  "simulate relu --seeds 0"
  "theory linear --n -1"
  "theory deep-linear --alpha 0"
  "theory diagonal --rho-pt 2"
  "theory linear --no-such-option"
  "theory linear --help"
  "theory --help"
)
# A small numeric CSV for the real-data path of relu-ntk (40 rows, a label column).
data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
mkdir -p "$data/ref" "$data/other"   # each build's --out files
{ echo "a,b,c,d,y"; for i in $(seq 1 40); do echo "$((i % 7)).5,$((i * 3 % 11)).25,-$((i % 5)).75,$((i * i % 13)).125,$((i % 2))"; done; } >"$data/rows.csv"
# A CIFAR-10 batch in the binary format (records of one label byte and 3 072 pixel bytes), 30 records of fixed bytes
# (labels 1–9 and pixels 1–250: no zero byte, which not every awk prints).
LC_ALL=C awk 'BEGIN { for (r = 0; r < 30; r++) { printf "%c", r % 9 + 1; for (p = 0; p < 3072; p++) printf "%c", (p * 7919 + r * 104729) % 250 + 1 } }' >"$data/batch.bin"
failed=0
for case in "${cases[@]}"; do
  c="${case//\$data/$data}"
  read -r -a argsA <<<"${c//\$out/$data/ref}"
  read -r -a argsB <<<"${c//\$out/$data/other}"
  a="$("${ref[@]}" "${argsA[@]}" 2>&1)"; ra=$?
  b="$("${other[@]}" "${argsB[@]}" 2>&1)"; rb=$?
  a="${a//$data\/ref/\$out}"; b="${b//$data\/other/\$out}"
  # A command still running after a minute logs "progress: … elapsed …" to stderr once a minute (ProgressDisplay): that
  # depends on the machine's speed, not on the build, so those lines are left out (with the managed BLAS,
  # `simulate relu --seeds 2` takes about a minute on a 2-core machine without AVX-512).
  a="$(sed '/^progress: /d' <<<"$a")"; b="$(sed '/^progress: /d' <<<"$b")"
  files=same
  [[ "$case" != *'$out'* || -n "$(ls "$data/ref")" ]] || files="missing (nothing written to \$out)"
  for f in "$data"/ref/*; do
    [[ -e "$f" ]] || continue
    cmp -s "$f" "$data/other/${f##*/}" || files="different (${f##*/})"
  done
  rm -f "$data"/ref/* "$data"/other/*
  if [[ "$a" == "$b" && $ra -eq $rb && "$files" == same ]]; then
    echo "same (exit $ra): $case"
  else
    echo "DIFFERENT (exit $ra vs $rb, files $files): $case"
    diff <(echo "$a") <(echo "$b") | head -20
    failed=$((failed + 1))
  fi
done
echo "${#cases[@]} invocations, $failed different"
[[ $failed -eq 0 ]]
