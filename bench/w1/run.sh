#!/usr/bin/env bash
# W1 side by side: Prometheus and OpenSLM over the same generated data, in one run.
#   bench/w1/run.sh [S=1000]
# Steps: the peer harness (bench/peers/w1, copied to $PEERS_DIR) generates S SLOs x 2 counters x
# 30 days of one-minute samples, backfills them with promtool and times Prometheus' queries; then OpenSLM
# ingests the same counters (as per-minute increments) into SQLite, evaluates every objective cold and warm,
# checks each attainment against exact sums, and finally `slm serve` answers the evaluation API over that
# database while its resident memory is read from /proc.
# Needs Debian's prometheus (promtool), python3, the .NET SDK. S=1000 needs ~6 GB disk and ~5 GB RAM (promtool).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
S="${1:-1000}"
peers="${PEERS_DIR:-/tmp/openslm-bench-peers}"
[[ -d "$peers/w1" ]] || { mkdir -p "$peers" && cp -r "$repo/bench/peers/." "$peers/"; }
out="$here/results"; mkdir -p "$out"
data="$peers/w1/data/S$S"

cd "$peers/w1"
if [[ ! -f "$data/raw/meta.json" ]]; then
  echo "== generate S=$S"; timeout 900 python3 gen_w1.py --slos "$S" --out "$data" > "$out/gen_S$S.json"
fi
if [[ ! -d "$data/tsdb" ]]; then
  echo "== promtool backfill"; timeout 1800 python3 backfill.py "$data" "$out/backfill_S$S.json" > /dev/null
fi
echo "== Prometheus queries"
timeout 1200 python3 bench_prom.py "$data" "$out/prometheus_S$S.json" --runs 5 > /dev/null

echo "== OpenSLM ingest + evaluate"
db="$(mktemp -d /tmp/openslm-w1-XXXXXX)"
dotnet build -c Release "$repo/bench/OpenSlm.Benchmarks" -v q -nologo > /dev/null
dotnet run -c Release --no-build --project "$repo/bench/OpenSlm.Benchmarks" -- w1 "$data" --db "$db" --runs 5 --out "$out/openslm_S$S.json"

echo "== slm serve over the same database"
dotnet build -c Release "$repo/src/OpenSlm" -v q -nologo > /dev/null
port=$((20000 + RANDOM % 10000))
# Every route needs an identity: a viewer's token, made on the store as an operator does.
slm=("$repo/src/OpenSlm/bin/Release/net10.0/slm.dll")
dotnet "${slm[@]}" users add bench --role Viewer --no-password --data "$db" > /dev/null 2>&1 || true
export OPENSLM_TOKEN=$(dotnet "${slm[@]}" tokens create --user bench --name w1 --role Viewer --data "$db" 2>/dev/null)
dotnet "$repo/src/OpenSlm/bin/Release/net10.0/slm.dll" serve --data "$db" --urls "http://127.0.0.1:$port" > "$db/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$db"' EXIT
python3 - "$port" "$pid" "$out/serve_S$S.json" <<'PY'
import json, os, sys, time, urllib.request
port, pid, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
auth = {"Authorization": "Bearer " + os.environ["OPENSLM_TOKEN"]}
url = f"http://127.0.0.1:{port}/api/v1/agreements/w1/evaluation?at=2025-01-30T23:59:00Z"
for _ in range(600):
    try:
        urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/services", headers=auth), timeout=2).read(); break
    except Exception:
        time.sleep(0.1)
def mem():
    m = {}
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(("VmRSS:", "VmHWM:")):
            k, v = line.split(":"); m[k] = round(int(v.split()[0]) / 1024, 1)
    return m
times = []
for i in range(6):
    t = time.perf_counter()
    body = urllib.request.urlopen(urllib.request.Request(url, headers=auth), timeout=300).read()
    times.append(round((time.perf_counter() - t) * 1000, 1))
doc = json.loads(body)
result = {"objectives": len(doc["objectives"]), "cold_ms": times[0], "warm_ms": times[1:],
          "warm_median_ms": sorted(times[1:])[len(times[1:]) // 2], "response_bytes": len(body), "memory_mib": mem()}
json.dump(result, open(path, "w"), indent=1)
print(json.dumps(result))
PY

python3 - "$out" "$S" <<'PY'
import json, os, sys, datetime
out, S = sys.argv[1], sys.argv[2]
load = lambda f: json.load(open(os.path.join(out, f)))
p, o, s = load(f"prometheus_S{S}.json"), load(f"openslm_S{S}.json"), load(f"serve_S{S}.json")
q = p["queries"]
prom = q["attainment_30d"]["median_ms"] + q["burn_all_7_windows"]["median_ms"]
rss = max(r["VmHWM"] for r in p["mem_after_each_round_mib"])
lines = [f"W1, S={S}: {o['rows']:,} one-minute measurements, {datetime.date.today()} (medians of 5 warm runs)", "",
         "| | OpenSLM | Prometheus 2.42 | Prometheus / OpenSLM |", "|---|---:|---:|---:|",
         f"| 30-day attainment + 7 burn rates, every SLO, in process | {o['evaluateWarmMedianMs']:.1f} ms | {prom:,.0f} ms (HTTP, 8 queries) | {prom / o['evaluateWarmMedianMs']:,.0f}x |",
         f"| same, over HTTP (`GET /api/v1/agreements/w1/evaluation`, JSON of every objective) | {s['warm_median_ms']:.1f} ms | {prom:,.0f} ms | {prom / s['warm_median_ms']:,.0f}x |",
         f"| first evaluation after start (cold) | {o['evaluateColdMs']:,.0f} ms in process, {s['cold_ms']:,.0f} ms over HTTP | {q['attainment_30d']['first_ms'] + sum(q[f'burn_{w}']['first_ms'] for w in ['5m','30m','1h','2h','6h','1d','3d']):,.0f} ms | |",
         f"| peak resident memory of the server | {s['memory_mib']['VmHWM']:,.0f} MiB (`slm serve`) | {rss:,.0f} MiB | |",
         f"| ingest | {o['rowsPerSecond']:,.0f} rows/s (SQLite, rollups included) | promtool backfill: see backfill_S{S}.json | |",
         "", f"Largest difference between OpenSLM's attainments and exact sums of the raw counters: {o['largestAttainmentDifference']:.1e}."]
open(os.path.join(out, f"summary_S{S}.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
