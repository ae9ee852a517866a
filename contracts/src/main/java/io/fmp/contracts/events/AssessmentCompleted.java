package io.fmp.contracts.events;

import java.util.List;

/**
 * {@code governance.assessment-completed} on {@link Topics#GOVERNANCE}: a use case was assessed into a risk tier
 * by a version of the risk catalogue. Subject: the use case id.
 *
 * @param obligations the ids of the obligations the tier brings, e.g. art9-risk-management
 */
public record AssessmentCompleted(String useCaseId, String project, String catalogueVersion, String tier,
                                  List<String> obligations) {

    public AssessmentCompleted {
        obligations = obligations == null ? List.of() : List.copyOf(obligations);
    }
}
