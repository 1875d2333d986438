#!/usr/bin/env bash
# Issue 6's report workload: one agreement of 20 objectives (13 months of hourly data) reported as PDF for a month and
# a year, then A agreements of 5 objectives (13 months of daily data) each reported as PDF for a month.
# Writes bench/reports/results/reports_A.json (the last line of the harness' output).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
a="${1:-1000}"
dotnet build -c Release "$here/../OpenSlm.Benchmarks" >/dev/null
DOTNET_gcServer=1 dotnet "$here/../OpenSlm.Benchmarks/bin/Release/net10.0/OpenSlm.Benchmarks.dll" reports "$a" \
  | tee /dev/stderr | tail -n 1 > "$here/results/reports_$a.json"
