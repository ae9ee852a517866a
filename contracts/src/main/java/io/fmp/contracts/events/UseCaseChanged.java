package io.fmp.contracts.events;

/**
 * {@code governance.use-case-changed} on {@link Topics#GOVERNANCE}: a use case was registered ({@code fromState}
 * empty) or moved from one state to another. Subject: the use case id.
 *
 * @param tier the use case's risk tier once assessed, else null
 */
public record UseCaseChanged(String useCaseId, String name, String project, String fromState, String toState,
                             String reason, String tier) {
}
