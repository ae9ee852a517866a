#!/usr/bin/env bash
# Encoder throughput: the platform's encoder beside raw ONNX Runtime and langchain4j, one run.
# Usage: deploy/bench/encoder.sh [sentences, default 2048]
exec "$(dirname "$0")/run.sh" EncoderBench "${1:-2048}"
