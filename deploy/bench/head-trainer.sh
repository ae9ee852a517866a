#!/usr/bin/env bash
# The platform's head trainer next to Tribuo 4.3.2 on the same Banking77 embeddings, in one run.
# Tribuo is fetched from Maven Central for the benchmark only; the platform does not depend on it.
# Usage: deploy/bench/head-trainer.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_OPTS=-Xmx2g exec deploy/bench/run.sh HeadTrainerBench
