#!/usr/bin/env bash
# The gateway's read path beside its own health check, in one run, with wrk (Debian: apt-get install
# wrk): GET /q/health/live, GET /api/v1/models/{id} (a read through the catalog over gRPC) and a
# search page (?pageSize=5), each at 1, 16 and 64 connections, after a warm-up of every URL.
# Needs a running suite (./fmp up; the H2 default, or FMP_POSTGRES_URL for PostgreSQL).
# Usage: deploy/bench/gateway.sh [gateway-url, default http://localhost:8080] [seconds per point, default 15]
set -euo pipefail
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
GATEWAY="${1:-http://localhost:8080}"
SECONDS_PER_POINT="${2:-15}"
# every API call carries a key: one issued for this run, whose rate limit is above what wrk sends
. "$(dirname "$0")/keys.sh"
KEY=$(bench_key "$GATEWAY" platform-admin "" 1000000)
AUTH="Authorization: Bearer $KEY"
ID=$(curl -sf -H "$AUTH" "$GATEWAY/api/v1/models?pageSize=1&sort=name" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | head -n 1)
[ -n "$ID" ] || { echo "no model in the catalog at $GATEWAY" >&2; exit 2; }
declare -A URL=([health]="$GATEWAY/q/health/live" [read]="$GATEWAY/api/v1/models/$ID"
                [search]="$GATEWAY/api/v1/models?pageSize=5&task=text-generation")
# the figure is the second of two passes; the first warms the JIT and the pools
for name in health read search; do
  wrk -t2 -c16 -d10s -H "$AUTH" "${URL[$name]}" >/dev/null
done
printf 'cores %s; %s s per point after a 10 s warm-up of each URL; wrk -t2 (wrk shares the 2 cores)\n\n' \
  "$(nproc)" "$SECONDS_PER_POINT"
printf '| connections | request | requests/s | p50 ms | p90 ms | p99 ms | p99 / health p99 | req/s / health req/s |\n'
printf '|---|---|---|---|---|---|---|---|\n'
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 } else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 } else print v }'; }
for connections in 1 16 64; do
  threads=$(( connections < 2 ? 1 : 2 ))
  declare -A RPS=() P99=()
  for name in health read search; do
    out=$(wrk -t"$threads" -c"$connections" -d"${SECONDS_PER_POINT}s" --latency -H "$AUTH" "${URL[$name]}")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
    p90=$(to_ms "$(awk '$1 == "90%" {print $2}' <<<"$out")")
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
    errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out")
    [ -z "$errors" ] || echo "warning: $name at $connections connections: $errors" >&2
    RPS[$name]=$rps; P99[$name]=$p99
    printf '| %s | %s | %.0f | %.2f | %.2f | %.2f | %s | %s |\n' "$connections" "$name" "$rps" "$p50" "$p90" "$p99" \
      "$(awk -v a="$p99" -v b="${P99[health]}" 'BEGIN {printf "%.2f", a / b}')" \
      "$(awk -v a="$rps" -v b="${RPS[health]}" 'BEGIN {printf "%.2f", a / b}')"
  done
done
