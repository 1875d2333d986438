#!/usr/bin/env bash
# Mixed reads and writes, whole process: slm serve --demo (Release) on SQLite, and on PostgreSQL when a connection string
# is given; measurement batches posted alone, then while READERS clients (default 32) fetch an agreement's evaluation.
#   bench/mixed/run.sh [READERS] [BATCHES] ['Host=…;Database=…;Username=…']
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
readers="${1:-32}"
batches="${2:-100}"
dotnet build -c Release "$root/src/OpenSlm" >/dev/null
dotnet build -c Release "$root/bench/OpenSlm.Benchmarks" >/dev/null
run() {
  local name="$1"; shift
  local data port pid
  data="$(mktemp -d)"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  dotnet "$root/src/OpenSlm/bin/Release/net10.0/slm.dll" serve --demo --data "$data" --urls "http://127.0.0.1:$port" "$@" >"$data/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$port/sign-in" >/dev/null && break; sleep 0.2; done
  # Every route needs an identity: a service level manager's token, made on the same store as an operator does.
  local store=(--data "$data"); [ $# -ge 2 ] && store=("$@")
  OPENSLM_TOKEN=$(dotnet "$root/src/OpenSlm/bin/Release/net10.0/slm.dll" tokens create --user manager --name bench --role ServiceLevelManager "${store[@]}" 2>/dev/null)
  export OPENSLM_TOKEN
  echo "== $name"
  dotnet "$root/bench/OpenSlm.Benchmarks/bin/Release/net10.0/OpenSlm.Benchmarks.dll" mixed "http://127.0.0.1:$port" "$readers" "$batches" || true
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}
run SQLite
if [ $# -ge 3 ]; then
  run PostgreSQL --database "$3"
fi
