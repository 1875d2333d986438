#!/usr/bin/env bash
# Page times of the web UI, whole process: slm serve --demo (Release, SQLite, the demo's 13 months of data) on a free
# port; each page fetched once to warm it, then N times (default 10) with curl; prints the first and the median time per
# page and writes bench/ui/results/pages.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
n="${1:-10}"
root="$here/../.."
dotnet build -c Release "$root/src/OpenSlm" >/dev/null
data="$(mktemp -d)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dotnet "$root/src/OpenSlm/bin/Release/net10.0/slm.dll" serve --demo --data "$data" --urls "http://127.0.0.1:$port" >"$data/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/sign-in" >/dev/null && break; sleep 0.2; done
# Every page needs an identity: the demo's service level manager, by a token (pages take one as the API does).
token=$(dotnet "$root/src/OpenSlm/bin/Release/net10.0/slm.dll" tokens create --user manager --name bench --role ServiceLevelManager --data "$data" 2>/dev/null)
auth="Authorization: Bearer $token"
next_year=$(( $(date -u +%Y) + 1 ))
pages=(/ /services /services/web-shop /agreements /agreements/online-retail-web-shop-sla /agreements/store-tills-sla "/agreements/store-tills-sla?range=90d" "/agreements/payments-ola?range=1d" /agreements/online-retail-web-shop-sla/versions/1
  /requirements "/requirements/online-retail-$next_year" /tickets /tickets/INC0010043 /ticketpolicies/incident-resolution /alerts /breaches /scorecard
  /calendars /calendars/uk-business-hours/edit /calendars/always-on/edit /new/indicator /indicators/web-shop-availability/edit /new/ticketpolicy
  /ticketpolicies/incident-resolution/edit /tokens /improvement /improvementplans/checkout-capacity /problems/checkout-pool-exhaustion)
mkdir -p "$here/results"
echo "{" > "$here/results/pages.json"
first=1
for page in "${pages[@]}"; do
  cold=$(curl -s -H "$auth" -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port$page")
  times=$(for _ in $(seq 1 "$n"); do curl -s -H "$auth" -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port$page"; done | sort -n)
  median=$(echo "$times" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
  printf '%-45s first %6.0f ms   median %6.0f ms\n' "$page" "$(echo "$cold*1000" | bc)" "$(echo "$median*1000" | bc)"
  [ $first -eq 1 ] || echo "," >> "$here/results/pages.json"
  first=0
  printf '  "%s": {"first_ms": %.0f, "median_ms": %.0f}' "$page" "$(echo "$cold*1000" | bc)" "$(echo "$median*1000" | bc)" >> "$here/results/pages.json"
done
echo "" >> "$here/results/pages.json"
echo "}" >> "$here/results/pages.json"
