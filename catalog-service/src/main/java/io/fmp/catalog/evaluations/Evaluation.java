package io.fmp.catalog.evaluations;

import java.time.OffsetDateTime;

/** The latest result of one model on one eval suite. */
public record Evaluation(String suite, String metric, double value, Double p95LatencyMs, long examples, String runId,
                        OffsetDateTime completedAt) {
}
