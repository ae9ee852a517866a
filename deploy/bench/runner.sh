#!/usr/bin/env bash
# Runner throughput side by side against one local OpenAI-compatible stub: wrk, the platform's
# client, and (given a gateway URL of a running suite, e.g. ./fmp up) a whole evaluation run.
# Needs wrk (Debian: apt-get install wrk).
# Usage: deploy/bench/runner.sh [gateway-url]
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
exec deploy/bench/run.sh RunnerBench "$@"
