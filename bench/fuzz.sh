#!/usr/bin/env bash
# Long run of the command-line fuzz suite (docs/architecture.md, "Error contract"): CASES hostile invocations from
# SEED, each a child process of the built CLI with the GC heap capped at HEAP_MB and killed after TIMEOUT_S seconds.
# Prints every failing case and "N cases tried, F failed"; exit status 0 only when none failed.
# Usage: bench/fuzz.sh [SEED] [CASES]   (env: HEAP_MB=2048 TIMEOUT_S=60 PARALLEL=1)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seed="${1:-1}"; cases="${2:-800}"
dotnet build "$here/bench/TransferLab.Fuzz" -c Release -nologo -v q >/dev/null
dotnet build "$here/src/TransferLab.Cli" -c Release -nologo -v q >/dev/null
exec dotnet "$here/bench/TransferLab.Fuzz/bin/Release/net10.0/TransferLab.Fuzz.dll" \
  --cli "$here/src/TransferLab.Cli/bin/Release/net10.0/TransferLab.Cli.dll" \
  --seed "$seed" --cases "$cases" --heap-mb "${HEAP_MB:-2048}" --timeout-s "${TIMEOUT_S:-60}" --parallel "${PARALLEL:-1}"
