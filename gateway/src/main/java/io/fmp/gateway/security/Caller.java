package io.fmp.gateway.security;

import io.fmp.gateway.validation.ApiEnums.Role;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Who is calling, as the gateway authenticated them: an API key (one project, one role) or an
 * identity provider's token (roles per project from a claim).
 *
 * @param subject        {@code key:<id>} for an API key, the token's {@code sub} otherwise
 * @param project        the project this request acts in ("" when the caller has none, e.g. an administrator)
 * @param roles          the caller's roles per project
 * @param platformAdmin  whether the caller administers the whole platform
 * @param expiresAt      when the credential stops being valid (null: not by itself)
 */
public record Caller(String subject, String project, Map<String, Set<Role>> roles, boolean platformAdmin,
                     Instant expiresAt) {

    public Caller {
        roles = Map.copyOf(roles);
    }

    /**
     * Whether the caller holds what {@code needed} asks in the project it acts in. Contributors may read
     * and project administrators contribute; approvers read and decide, nothing else (whoever builds
     * does not approve); platform administrators may do everything.
     */
    public boolean may(Role needed) {
        if (platformAdmin) {
            return true;
        }
        Set<Role> held = roles.getOrDefault(project, Set.of());
        return switch (needed) {
            case VIEWER -> !held.isEmpty();
            case CONTRIBUTOR -> held.contains(Role.CONTRIBUTOR) || held.contains(Role.PROJECT_ADMIN);
            case APPROVER -> held.contains(Role.APPROVER);
            case PROJECT_ADMIN -> held.contains(Role.PROJECT_ADMIN);
            case PLATFORM_ADMIN -> false;
        };
    }
}
