package io.fmp.gateway.security;

import io.fmp.contracts.errors.Problem;
import io.fmp.gateway.limits.CallerRateLimits;
import io.fmp.gateway.limits.RateLimits;
import io.fmp.gateway.validation.ApiEnums;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Every {@code /api/v1} request: authenticated (401 with {@code WWW-Authenticate} otherwise) and
 * allowed by its operation's {@link Allowed} rule in the caller's project (403 naming the role it
 * needs otherwise). An operation without a rule is refused to everybody. Runs before the body is read.
 */
public class AccessControl {

    /** The header a token holder with several projects names the one a request acts in. */
    public static final String PROJECT_HEADER = "FMP-Project";

    @Inject
    Authenticator authenticator;

    @Inject
    CurrentCaller current;

    @Inject
    CallerRateLimits rateLimits;

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> check(ContainerRequestContext request, ResourceInfo resource) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return Uni.createFrom().nullItem();
        }
        Allowed rule = rule(resource);
        return authenticator.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION),
                        request.getHeaderString(PROJECT_HEADER))
                .flatMap(caller -> {
                    if (rule == null) {
                        return Uni.createFrom().item(
                                forbidden("this operation has no access rule; it is refused to everybody"));
                    }
                    if (!caller.may(rule.value())) {
                        return Uni.createFrom().item(forbidden("needs the role " + ApiEnums.word(rule.value())
                                + (rule.value() == ApiEnums.Role.PLATFORM_ADMIN ? ""
                                : " in the project the request acts in (" + (caller.project().isEmpty()
                                ? "none: name one in the " + PROJECT_HEADER + " header" : caller.project()) + ")")));
                    }
                    current.set(caller);
                    return rateLimits.take(caller).map(decision -> decision == null || decision.allowed() ? null
                            : tooManyRequests(caller, decision));
                })
                .onFailure(NotAuthenticatedException.class).recoverWithItem(e -> unauthenticated(e.getMessage()));
    }

    private static Allowed rule(ResourceInfo resource) {
        Allowed onMethod = resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(Allowed.class);
        return onMethod != null || resource.getResourceClass() == null ? onMethod
                : resource.getResourceClass().getAnnotation(Allowed.class);
    }

    private static Response unauthenticated(String why) {
        return Response.status(401).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"fmp\"")
                .entity(Problem.of(401, "Unauthorized", why)).build();
    }

    /** 429 with when to retry: {@code Retry-After} and the IETF draft's {@code RateLimit-*} fields. */
    private static Response tooManyRequests(Caller caller, RateLimits.Decision decision) {
        return Response.status(429).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.RETRY_AFTER, decision.retryAfterSeconds())
                .header("RateLimit-Limit", decision.limit())
                .header("RateLimit-Remaining", decision.remaining())
                .header("RateLimit-Reset", decision.resetSeconds())
                .entity(Problem.of(429, "Too many requests", "the rate limit of " + decision.limit()
                        + " requests per minute for " + caller.subject() + " is used up; retry after "
                        + decision.retryAfterSeconds() + " s (it is full again in " + decision.resetSeconds() + " s)"))
                .build();
    }

    private static Response forbidden(String why) {
        return Response.status(403).type(Problem.MEDIA_TYPE).entity(Problem.of(403, "Forbidden", why)).build();
    }
}
