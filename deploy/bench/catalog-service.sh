#!/usr/bin/env bash
# catalog-service's own search and recommend latency with a large catalog (gRPC, no gateway hop).
# Needs a running suite on PostgreSQL with a local Kafka, e.g.
#   FMP_HOME=/tmp/benchhome FMP_POSTGRES_URL=jdbc:postgresql://127.0.0.1:5432 ./fmp up
# Usage: deploy/bench/catalog-service.sh [models, default 10000] [requests, default 2000]
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_OPTS=-Xmx1g exec deploy/bench/run.sh CatalogServiceBench \
  "${CATALOG_GRPC:-localhost:9081}" "${FMP_KAFKA_BOOTSTRAP:-localhost:9092}" "${1:-10000}" "${2:-2000}"
