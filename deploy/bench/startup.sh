#!/usr/bin/env bash
# Cold start to ready and resident memory of each service (JVM mode, the launcher's settings:
# -Xmx256m -XX:+UseSerialGC, H2 file database, local Kafka). Needs a running suite (./fmp up).
# Usage: deploy/bench/startup.sh [runs per service, default 3]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-3}"
FMP_HOME="${FMP_HOME:-$PWD/.fmp}"
printf '| service | wall clock to ready, s (median of %s) | Quarkus "started in", s | RSS after ready, MiB |\n|---|---|---|---|\n' "$RUNS"
for svc in catalog-service governance-service eval-service tuning-service gateway; do
  walls=(); starts=(); rss=0
  for _ in $(seq 1 "$RUNS"); do
    # stop first, so the timed restart measures start-up only
    pid=$(cat "$FMP_HOME/pids/$svc.pid")
    kill -TERM "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    begin=$(date +%s.%N)
    ./fmp restart "$svc" >/dev/null
    end=$(date +%s.%N)
    walls+=("$(awk -v a="$begin" -v b="$end" 'BEGIN {print b - a}')")
    starts+=("$(grep -o 'started in [0-9.]*s' "$FMP_HOME/logs/$svc.log" | tail -1 | tr -dc '0-9.')")
    pid=$(cat "$FMP_HOME/pids/$svc.pid")
    rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
  done
  median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  printf '| %s | %.2f | %.2f | %s |\n' "$svc" "$(median "${walls[@]}")" "$(median "${starts[@]}")" "$rss"
done
