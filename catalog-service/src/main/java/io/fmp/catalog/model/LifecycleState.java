package io.fmp.catalog.model;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a model version is in its cycle. Evaluation results move a candidate to evaluated,
 * governance decisions approve (or withdraw approval); people deprecate and retire. Retired is final.
 */
public enum LifecycleState {
    CANDIDATE, EVALUATED, APPROVED, DEPRECATED, RETIRED;

    /** Why a person may not move a model from this state to {@code target}; empty when allowed. */
    public Optional<String> manualMoveProblem(LifecycleState target) {
        if (this == RETIRED) {
            return Optional.of("the model is retired; retirement is final");
        }
        if (target == this) {
            return Optional.of("the model is " + word() + " already");
        }
        return switch (target) {
            case DEPRECATED, RETIRED -> Optional.empty();
            case APPROVED -> Optional.of("approval comes from governance-service (governance.model-decided events)");
            case EVALUATED -> Optional.of("a model becomes evaluated when an eval run completes (eval.completed events)");
            case CANDIDATE -> Optional.of("a model cannot return to candidate");
        };
    }

    /** The state as the API writes it, e.g. {@code deprecated}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
