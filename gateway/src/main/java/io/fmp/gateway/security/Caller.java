package io.fmp.gateway.security;

import io.fmp.contracts.identity.Principal;
import io.fmp.gateway.validation.ApiEnums.Role;
import io.fmp.gateway.validation.ApiEnums;

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
 * @param requestsPerMinute the credential's own rate limit; 0: the gateway's default
 */
public record Caller(String subject, String project, Map<String, Set<Role>> roles, boolean platformAdmin,
                     Instant expiresAt, int requestsPerMinute) {

    public Caller {
        roles = Map.copyOf(roles);
    }

    /**
     * Whether the caller holds what {@code needed} asks in the project it acts in, as every service decides
     * it ({@link Principal#may}).
     */
    public boolean may(Role needed) {
        return needed == Role.PLATFORM_ADMIN ? platformAdmin : principal().may(ApiEnums.word(needed));
    }

    /** The caller as the services see it: its roles in the project the request acts in. */
    public Principal principal() {
        return new Principal(subject, project, roles.getOrDefault(project, Set.of()).stream().map(ApiEnums::word)
                .sorted().toList(), platformAdmin);
    }
}
