#!/usr/bin/env bash
# Embedded-encoder throughput (all-MiniLM-L6-v2) for a sweep of batch sizes.
# Usage: deploy/bench/encoder.sh [sentences, default 2048]
set -euo pipefail
cd "$(dirname "$0")/../.."
CP_FILE="${TMPDIR:-/tmp}/fmp-encoder-bench.classpath"
./mvnw -B -q -DskipTests -pl eval-service -am install >/dev/null
./mvnw -B -q -f eval-service/pom.xml dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
exec java -cp "eval-service/target/classes:$(cat "$CP_FILE")" deploy/bench/EncoderBench.java "${1:-2048}"
