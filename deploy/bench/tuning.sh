#!/usr/bin/env bash
# Banking77 head jobs through the gateway, cold and warm embedding cache, next to the zero-shot
# baseline, on a fresh platform started here (its own FMP_HOME, removed afterwards).
# Needs the launcher's ports free (8080-8084, 9081-9084, 9092-9093).
# Usage: deploy/bench/tuning.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export FMP_HOME
FMP_HOME="$(mktemp -d)"
trap './fmp stop >/dev/null; rm -rf "$FMP_HOME"' EXIT
./fmp up >/dev/null
deploy/bench/run.sh HeadJobBench http://localhost:8080
