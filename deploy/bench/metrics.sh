#!/usr/bin/env bash
# Metric throughput side by side: the platform's metrics (Java) and, when importable, sacreBLEU and
# rouge-score (Python) on the same corpus in the same run. The corpus is the seed corpus of
# eval-service's test vectors repeated to at least 100,000 segments.
# sacreBLEU / rouge-score: see docs/bench/eval.md for how they were made importable (PYTHONPATH).
# Usage: deploy/bench/metrics.sh [segments, default 100000] [repeated | unique]
#   repeated: the 400 seed lines over and over (tokenizer caches hit, for both tools)
#   unique:   each line made unique by a number in it (no cache hits anywhere)
set -euo pipefail
cd "$(dirname "$0")/../.."
SEGMENTS="${1:-100000}"
CORPUS="${2:-repeated}"
WORK="${TMPDIR:-/tmp}/fmp-metrics-bench"
mkdir -p "$WORK"
VECTORS=metrics/src/test/resources/metric-vectors
python3 - "$VECTORS" "$WORK" "$SEGMENTS" "$CORPUS" <<'PY'
import sys
vectors, work, segments, corpus = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
for name in ("hyp", "ref1"):
    lines = open(f"{vectors}/{name}.txt", encoding="utf-8").read().split("\n")[:400]
    repeated = (lines * (segments // len(lines) + 1))[:segments]
    if corpus == "unique":
        repeated = [f"{line} {i}" for i, line in enumerate(repeated)]
    open(f"{work}/{name}.txt", "w", encoding="utf-8").write("\n".join(repeated) + "\n")
PY
echo "corpus: $SEGMENTS segments, $CORPUS"
JAVA_OPTS=-Xmx2g deploy/bench/run.sh MetricsBench "$WORK/hyp.txt" "$WORK/ref1.txt"
if python3 -c "import sacrebleu, rouge_score.rouge_scorer" 2>/dev/null; then
  python3 - "$WORK" <<'PY'
import sys, time
import sacrebleu
from rouge_score import rouge_scorer
work = sys.argv[1]
hyp = open(f"{work}/hyp.txt", encoding="utf-8").read().split("\n")[:-1]
ref = open(f"{work}/ref1.txt", encoding="utf-8").read().split("\n")[:-1]
n = len(hyp)
def best(run, times=1):
    result, fastest = None, float("inf")
    for _ in range(times):
        start = time.perf_counter(); result = run(); fastest = min(fastest, time.perf_counter() - start)
    return result, fastest
score, t = best(lambda: sacrebleu.corpus_bleu(hyp, [ref]).score)
print(f"{'sacreBLEU ' + sacrebleu.__version__ + ' corpus BLEU':40} {n / t:10.0f} segments/s  score {score:.10f}")
score, t = best(lambda: sacrebleu.corpus_chrf(hyp, [ref]).score)
print(f"{'sacreBLEU corpus chrF':40} {n / t:10.0f} segments/s  score {score:.10f}")
scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"])
score, t = best(lambda: sum(scorer.score(r, h)["rougeL"].fmeasure for r, h in zip(ref, hyp)) / n)
print(f"{'rouge-score ROUGE 1/2/L per pair':40} {n / t:10.0f} segments/s  score {score:.10f}")
PY
else
  echo "sacreBLEU / rouge-score not importable: only the platform's numbers were measured"
fi
