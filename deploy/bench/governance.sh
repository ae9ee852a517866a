#!/usr/bin/env bash
# Governance's numbers (docs/bench/governance.md): the audit log's Merkle tree at RECORDS records and a policy
# decision in the process; then, against the running suite (./fmp up or ./fmp demo, ideally with
# FMP_POSTGRES_URL), gate decisions and inclusion proofs through the gateway and the audit log's append rate
# from Kafka. MODEL: the model the gate is asked about (the demo's tuned model: a real use case relies on it).
# Usage: deploy/bench/governance.sh [gateway URL] [MODEL] [RECORDS, default 1000000] [EVENTS, default 20000]
set -euo pipefail
cd "$(dirname "$0")/../.."
GATEWAY="${1:-http://localhost:8080}"
MODEL="${2:-00000000-0000-0000-0000-000000000000}"
# shellcheck source=keys.sh
source deploy/bench/keys.sh
# governance-service's metrics: on its management port with PostgreSQL (./fmp's production build), else on its API port
METRICS="http://localhost:8084/q/metrics"
[ -n "${FMP_POSTGRES_URL:-}" ] && METRICS="http://localhost:9984/q/metrics"
# a platform administrator's key: the bench appends events no project owns and reads their proofs
FMP_API_KEY="$(bench_key "$GATEWAY" platform-admin "" 1000000)" JAVA_OPTS=-Xmx1g \
  deploy/bench/run.sh GovernanceBench "${3:-1000000}" "$GATEWAY" "$MODEL" "${FMP_KAFKA_BOOTSTRAP:-localhost:9092}" \
  "${4:-20000}" "${FMP_GOVERNANCE_GRPC:-localhost:9084}" "$METRICS"
