# Sourced by the benchmarks: API keys for load generators, issued with the launcher's administrator key
# (or FMP_API_KEY). A load generator needs a key of its own with a rate limit above what it sends: the
# default (1,200 requests a minute per key) would answer most of a benchmark with 429.
ADMIN_KEY="${FMP_API_KEY:-$("$(dirname "${BASH_SOURCE[0]}")/../../fmp" admin-key)}"

# bench_key GATEWAY ROLE PROJECT REQUESTS_PER_MINUTE: prints the new key (PROJECT "" for platform-admin)
bench_key() {
  local project=""
  [ -n "$3" ] && project="\"project\":\"$3\","
  local key
  key=$(curl -sf -X POST "$1/api/v1/api-keys" -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' \
    -d "{\"name\":\"benchmark $2 $4/min\",$project\"role\":\"$2\",\"requestsPerMinute\":$4}" \
    | sed -n 's/.*"secret":"\([^"]*\)".*/\1/p')
  [ -n "$key" ] || { echo "could not issue a $2 key at $1" >&2; return 2; }
  printf '%s' "$key"
}
