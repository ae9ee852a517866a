package io.fmp.contracts.events;

/**
 * {@code governance.policy-changed} on {@link Topics#GOVERNANCE}: a project's policy got a new version (the
 * SHA-256 of its text). Subject: project/name.
 */
public record PolicyChanged(String project, String name, String sha256) {
}
