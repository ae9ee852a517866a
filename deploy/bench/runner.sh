#!/usr/bin/env bash
# Runner throughput side by side against one local OpenAI-compatible stub: wrk, the platform's
# client, and (given a gateway URL of a running suite, e.g. ./fmp up) a whole evaluation run.
# Needs wrk (Debian: apt-get install wrk).
# Usage: deploy/bench/runner.sh [gateway-url]
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
CP_FILE="${TMPDIR:-/tmp}/fmp-runner-bench.classpath"
./mvnw -B -q -DskipTests -pl eval-service -am install >/dev/null
./mvnw -B -q -f eval-service/pom.xml dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$CP_FILE" >/dev/null
exec java -cp "eval-service/target/classes:$(cat "$CP_FILE")" deploy/bench/RunnerBench.java "$@"
