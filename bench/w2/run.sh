#!/usr/bin/env bash
# W2 side by side: OpenSLM's BusinessClock and the peers (Perl Business::Hours, moment-business-time)
# over the same pairs and calendar (bench/peers/w2/ref), in one run.
#   bench/w2/run.sh [N=20000]
# Needs: Debian libbusiness-hours-perl, node + npm (the peers' packages are installed with npm ci
# into a scratch copy of bench/peers). Results: bench/w2/results/*.json and summary.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
N="${1:-20000}"
peers="${PEERS_DIR:-/tmp/openslm-bench-peers}"
if [[ ! -d "$peers/node/node_modules" ]]; then
  mkdir -p "$peers" && cp -r "$repo/bench/peers/." "$peers/"
  (cd "$peers/node" && npm ci --silent)
fi
perl -MBusiness::Hours -e 1 2>/dev/null || { echo "install Debian's libbusiness-hours-perl first" >&2; exit 1; }
pairs="$peers/w2/ref/pairs.csv"; calendar="$peers/w2/ref/calendar.json"
out="$here/results"; mkdir -p "$out"

echo "== OpenSLM BusinessClock"
dotnet run -c Release --project "$repo/bench/OpenSlm.Benchmarks" -- w2 "$pairs" "$calendar" --limit "$N" --runs 5 --out "$out/openslm.csv" | tee "$out/openslm.json"
echo "== moment-business-time"
timeout 480 node "$peers/w2/peer_node.js" --in "$pairs" --limit "$N" --runs 3 --out "$out/node.csv" 2>/dev/null | tee "$out/node.json"
echo "== Business::Hours between"
timeout 480 perl "$peers/w2/peer_perl.pl" --in "$pairs" --limit "$N" --runs 3 --ops between 2>/dev/null | tee "$out/perl_between.json"
echo "== Business::Hours deadline"
timeout 480 perl "$peers/w2/peer_perl.pl" --in "$pairs" --limit "$N" --runs 3 --ops deadline 2>/dev/null | tee "$out/perl_deadline.json"

python3 - "$out" <<'PY'
import json, sys, os, datetime
out = sys.argv[1]
load = lambda f: json.load(open(os.path.join(out, f)))
o, n, pb, pd = load("openslm.json"), load("node.json"), load("perl_between.json"), load("perl_deadline.json")
rows = [("between", o["between"], n["between"], pb["between"]), ("deadline = start + 4 business hours", o["deadline"], n["deadline"], pd["deadline"])]
lines = [f"W2, {o['pairs']:,} pairs, one core, {datetime.date.today()} (medians of ops/s)", "",
         "| operation | OpenSLM | moment-business-time 2.0.0 | Business::Hours 0.13 | OpenSLM / faster peer |",
         "|---|---:|---:|---:|---:|"]
for name, mine, node, perl in rows:
    m, a, b = mine["median_ops_per_s"], node["median_ops_per_s"], perl["median_ops_per_s"]
    lines.append(f"| {name} | {m:,.0f} | {a:,.0f} | {b:,.0f} | {m / max(a, b):,.0f}x |")
text = "\n".join(lines) + "\n"
open(os.path.join(out, "summary.md"), "w").write(text)
print(text)
PY
# The answers must agree with moment-business-time's (and differ from Business::Hours only as docs/business-time.md explains).
if cmp -s <(cut -d, -f1-3 "$out/openslm.csv") <(cut -d, -f1-3 "$out/node.csv"); then echo "answers: identical to moment-business-time"; else echo "answers: DIFFER from moment-business-time" >&2; exit 1; fi
