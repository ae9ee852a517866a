#!/usr/bin/env bash
# What authentication and authorization add at the gateway, in one run with wrk (Debian: apt-get
# install wrk), after a warm-up of every URL: the health check (no access control at all) beside
# requests that the access filter answers itself after authenticating from its cache, so the
# difference is the filter's work (credential hash, cache, rule, and the problem document it writes):
#   health     GET /q/health/live                         no credential, no filter
#   anonymous  GET /api/v1/models                         401 (no credential)
#   denied     GET /api/v1/admin/dead-letters, viewer key 403 (authenticated from the cache, rule refused)
#   limited    GET /api/v1/models, key of 1 request/min  429 (authenticated, allowed, its rate-limit bucket empty)
#   invalid    GET /api/v1/models?pageSize=-1, viewer key 400 (authenticated, allowed, a request taken from its
#                                                          bucket, then the query refused by the gateway)
#   read       GET /api/v1/models/{id}, viewer key     200 through the catalog (caller token included)
# "invalid" is everything the gateway does before a service is called: authentication, authorization and
# rate limiting (its key may make 1,000,000 requests a minute, so it is never refused).
# Needs a running suite (./fmp up). Usage: deploy/bench/auth.sh [gateway-url] [seconds per point, default 15]
set -euo pipefail
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
GATEWAY="${1:-http://localhost:8080}"
SECONDS_PER_POINT="${2:-15}"
. "$(dirname "$0")/keys.sh"
VIEWER=$(bench_key "$GATEWAY" viewer bench 1200)
SLOW=$(bench_key "$GATEWAY" viewer bench 1)
FAST=$(bench_key "$GATEWAY" viewer bench 1000000)
ID=$(curl -sf -H "Authorization: Bearer $FAST" "$GATEWAY/api/v1/models?pageSize=1&sort=name" \
  | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | head -n 1)
declare -A URL=([health]="$GATEWAY/q/health/live" [anonymous]="$GATEWAY/api/v1/models"
                [denied]="$GATEWAY/api/v1/admin/dead-letters" [limited]="$GATEWAY/api/v1/models"
                [invalid]="$GATEWAY/api/v1/models?pageSize=-1" [read]="$GATEWAY/api/v1/models/$ID")
declare -A KEY=([health]="" [anonymous]="" [denied]="$VIEWER" [limited]="$SLOW" [invalid]="$FAST" [read]="$FAST")
NAMES=(health anonymous denied limited invalid read)
run() { # name connections seconds [--latency]
  local name=$1 header=()
  [ -n "${KEY[$name]}" ] && header=(-H "Authorization: Bearer ${KEY[$name]}")
  wrk -t"$(( $2 < 2 ? 1 : 2 ))" -c"$2" -d"$3s" "${@:4}" "${header[@]}" "${URL[$name]}"
}
for name in "${NAMES[@]}"; do run "$name" 16 10 >/dev/null; done
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 } else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 } else print v }'; }
printf 'cores %s; %s s per point after a 10 s warm-up of each URL; wrk shares the cores\n\n' "$(nproc)" "$SECONDS_PER_POINT"
printf '| connections | request | requests/s | p50 ms | p99 ms | p50 - health p50 ms |\n|---|---|---|---|---|---|\n'
for connections in 1 16; do
  declare -A P50=()
  for name in "${NAMES[@]}"; do
    out=$(run "$name" "$connections" "$SECONDS_PER_POINT" --latency)
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
    P50[$name]=$p50
    printf '| %s | %s | %.0f | %.3f | %.3f | %s |\n' "$connections" "$name" "$rps" "$p50" "$p99" \
      "$(awk -v a="$p50" -v b="${P50[health]}" 'BEGIN {printf "%+.3f", a - b}')"
  done
done
