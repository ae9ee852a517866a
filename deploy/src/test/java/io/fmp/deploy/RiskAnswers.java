package io.fmp.deploy;

import java.util.List;
import java.util.Map;

/** Risk-assessment answers the whole-suite tests give a use case. */
final class RiskAnswers {

    private RiskAnswers() {
    }

    /** A use case of the minimal tier: nothing prohibited, no Annex III area, no person told it deals with an AI. */
    static Map<String, Object> minimal() {
        return Map.of("answers", List.of(
                Map.of("question", "prohibited-practices", "values", List.of("none")),
                Map.of("question", "annex-iii-area", "values", List.of("none")),
                Map.of("question", "derogation", "values", List.of("none")),
                Map.of("question", "profiling", "values", List.of("no")),
                Map.of("question", "interacts-with-people", "values", List.of("no")),
                Map.of("question", "generates-synthetic-content", "values", List.of("no")),
                Map.of("question", "emotion-or-biometric-categorisation", "values", List.of("no")),
                Map.of("question", "deep-fake", "values", List.of("no"))));
    }
}
