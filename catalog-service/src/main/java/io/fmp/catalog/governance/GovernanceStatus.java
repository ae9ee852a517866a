package io.fmp.catalog.governance;

import java.time.OffsetDateTime;

/** @param decision approved, rejected or revoked */
public record GovernanceStatus(String decision, String decisionId, String decidedBy, String reason,
                               OffsetDateTime decidedAt) {

    public boolean approved() {
        return io.fmp.contracts.events.GovernanceModelDecided.APPROVED.equals(decision);
    }
}
