#!/usr/bin/env bash
# Issue 5's alert workload: N objectives evaluated round after round, a round a minute of simulated time
# (65 rounds cross an hour boundary, when the partial hours at the windows' starts are read afresh).
# Writes bench/alerts/results/alerts_N.json (the last line of the harness' output).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
n="${1:-10000}"
rounds="${2:-65}"
dotnet build -c Release "$here/../OpenSlm.Benchmarks" >/dev/null
DOTNET_gcServer=1 dotnet "$here/../OpenSlm.Benchmarks/bin/Release/net10.0/OpenSlm.Benchmarks.dll" alerts "$n" --rounds "$rounds" \
  | tee /dev/stderr | tail -n 1 > "$here/results/alerts_$n.json"
