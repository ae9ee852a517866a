#!/usr/bin/env bash
# catalog-service's own search and recommend latency with a large catalog (gRPC, no gateway hop).
# Needs a running suite on PostgreSQL with a local Kafka, e.g.
#   FMP_HOME=/tmp/benchhome FMP_POSTGRES_URL=jdbc:postgresql://127.0.0.1:5432 ./fmp up
# Usage: deploy/bench/catalog-service.sh [models, default 10000] [requests, default 2000]
set -euo pipefail
cd "$(dirname "$0")/../.."
CP_FILE="${TMPDIR:-/tmp}/fmp-catalog-bench.classpath"
./mvnw -B -q -f catalog-service/pom.xml dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
exec java -Xmx1g -cp "$(cat "$CP_FILE"):contracts/target/classes" deploy/bench/CatalogServiceBench.java \
  "${CATALOG_GRPC:-localhost:9081}" "${FMP_KAFKA_BOOTSTRAP:-localhost:9092}" "${1:-10000}" "${2:-2000}"
