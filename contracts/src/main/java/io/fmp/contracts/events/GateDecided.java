package io.fmp.contracts.events;

import java.util.List;

/**
 * {@code governance.gate-decided} on {@link Topics#GOVERNANCE}: the platform asked governance whether an action
 * may happen (a protected alias moved, a deployment created or scaled). Subject: the model id.
 *
 * @param gate     production-alias, deployment, ...
 * @param failures every failed rule: policy, message
 */
public record GateDecided(String gate, String modelId, String project, boolean allowed, List<String> useCaseIds,
                          List<String> failures) {

    public GateDecided {
        useCaseIds = useCaseIds == null ? List.of() : List.copyOf(useCaseIds);
        failures = failures == null ? List.of() : List.copyOf(failures);
    }
}
