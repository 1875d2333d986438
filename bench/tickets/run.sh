#!/usr/bin/env bash
# Issue 4's ticket-clock workload: N tickets × 5 updates through a response and a resolution policy on a
# business calendar, grouped (the store's order) and shuffled (arrival order). Server GC, as `slm` runs
# (it is an ASP.NET Core app). Writes bench/tickets/results/tickets_N.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
n="${1:-1000000}"
runs="${2:-5}"
dotnet build -c Release "$here/../OpenSlm.Benchmarks" >/dev/null
DOTNET_gcServer=1 dotnet "$here/../OpenSlm.Benchmarks/bin/Release/net10.0/OpenSlm.Benchmarks.dll" tickets "$n" "$runs" \
  | tee "$here/results/tickets_$n.json"
