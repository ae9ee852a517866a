#!/usr/bin/env bash
# Serving's numbers (docs/bench/serving.md), side by side in one run: the gateway's OpenAI route against the same
# OpenAI-compatible stub called straight (fixed rate, small non-streamed completions; p50 / p99 / p99.9), time to
# the first byte of a streamed answer, and a local deployment's texts per second against the same encoder and head in
# the benchmark's own process. Needs the running suite after ./fmp demo (the approved router and its deployment).
# Usage: deploy/bench/serving.sh [gateway URL] [MODEL: the approved model, default: the banking77-router's]
#        [requests/s, default 1000] [seconds per pass, default 20]
set -euo pipefail
cd "$(dirname "$0")/../.."
GATEWAY="${1:-http://localhost:8080}"
# shellcheck source=keys.sh
source deploy/bench/keys.sh
KEY="$(bench_key "$GATEWAY" platform-admin "" 1000000)"
MODEL="${2:-$(curl -sf -H "Authorization: Bearer $KEY" "$GATEWAY/api/v1/deployments/banking77-router" \
  | sed -n 's/.*"modelId":"\([^"]*\)".*/\1/p')}"
[ -n "$MODEL" ] || { echo "no banking77-router deployment: run ./fmp demo first" >&2; exit 2; }
# an approver (not the requester) approves all-MiniLM-L6-v2 for the embeddings part
APPROVER="$(bench_key "$GATEWAY" approver shared 1000)"
FMP_API_KEY="$KEY" FMP_APPROVER_KEY="$APPROVER" JAVA_OPTS=-Xmx1g deploy/bench/run.sh ServingBench "$GATEWAY" "$MODEL" banking77-router \
  "${3:-1000}" "${4:-20}"
