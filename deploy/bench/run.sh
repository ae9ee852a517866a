#!/usr/bin/env bash
# Runs one benchmark of the bench module (deploy/bench/src/main/java/io/fmp/bench) with its
# classpath, building what is missing first.
# Usage: deploy/bench/run.sh <Class> [arguments...]   (e.g. deploy/bench/run.sh EncoderBench 2048)
# JAVA_OPTS adds JVM options (heap size, ...).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -ge 1 ] || { echo "usage: deploy/bench/run.sh <Class> [arguments...]" >&2; exit 2; }
CLASS="$1"; shift
CP_FILE="${TMPDIR:-/tmp}/fmp-bench.classpath"
if [ ! -f deploy/bench/target/classes/io/fmp/bench/"$CLASS".class ] || [ ! -f "$CP_FILE" ] \
    || [ -n "$(find . -path ./.fmp -prune -o -path '*/target' -prune -o \( -name '*.java' -o -name pom.xml \) -newer "$CP_FILE" -print -quit)" ]; then
  ./mvnw -B -q -DskipTests -pl deploy/bench -am install >/dev/null
  ./mvnw -B -q -f deploy/bench/pom.xml dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
fi
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "deploy/bench/target/classes:$(cat "$CP_FILE")" "io.fmp.bench.$CLASS" "$@"
