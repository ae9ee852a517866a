#!/usr/bin/env bash
# The platform's head trainer next to Tribuo 4.3.2 on the same Banking77 embeddings, in one run.
# Tribuo is fetched from Maven Central for the benchmark only; the platform does not depend on it.
# Usage: deploy/bench/head-trainer.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
TMP="${TMPDIR:-/tmp}"
./mvnw -B -q -DskipTests -pl tuning-service,eval-service -am install >/dev/null
./mvnw -B -q -f tuning-service/pom.xml dependency:build-classpath -Dmdep.outputFile="$TMP/fmp-head-bench-tuning.cp" >/dev/null
./mvnw -B -q -f eval-service/pom.xml dependency:build-classpath -Dmdep.outputFile="$TMP/fmp-head-bench-eval.cp" >/dev/null
./mvnw -B -q dependency:build-classpath -f "$(dirname "$0")/tribuo-classpath.xml" \
  -Dmdep.outputFile="$TMP/fmp-head-bench-tribuo.cp" >/dev/null
exec java -Xmx2g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "tuning-service/target/classes:eval-service/target/classes:$(cat "$TMP/fmp-head-bench-tuning.cp"):$(cat "$TMP/fmp-head-bench-eval.cp"):$(cat "$TMP/fmp-head-bench-tribuo.cp")" \
  deploy/bench/HeadTrainerBench.java
