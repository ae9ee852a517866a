package io.fmp.contracts.events;

import java.time.Instant;

/**
 * {@code governance.api-key-created} and {@code governance.api-key-revoked} on {@link Topics#GOVERNANCE}:
 * an API key was issued or withdrawn, by whom. Never the secret. Subject: the key id.
 *
 * @param role      lower-case: viewer, contributor, approver, project-admin, platform-admin
 * @param expiresAt null when the key does not expire
 */
public record ApiKeyChanged(String keyId, String name, String project, String role, String actor, Instant expiresAt) {
}
