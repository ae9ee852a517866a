package io.fmp.gateway.errors;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.errors.Problem;
import io.fmp.gateway.GatewayConfig;
import io.fmp.gateway.downstream.DownstreamUnavailableException;
import io.grpc.StatusRuntimeException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Every error the gateway returns is RFC 9457 problem+json with the fitting status. */
public class GatewayExceptionMappers {

    private static final Logger LOG = Logger.getLogger(GatewayExceptionMappers.class);

    @Inject
    GatewayConfig config;

    @ServerExceptionMapper
    public Response invalid(InvalidInputException e) {
        return problem(Problem.invalid(e.violations()));
    }

    /** A downstream service answered with an error status: translate it, never leak internals. */
    @ServerExceptionMapper
    public Response downstreamAnswer(StatusRuntimeException e) {
        String description = e.getStatus().getDescription();
        return switch (e.getStatus().getCode()) {
            case INVALID_ARGUMENT -> {
                List<FieldViolation> violations = GrpcErrors.fieldViolations(e);
                yield problem(violations.isEmpty()
                        ? Problem.of(400, "Invalid input", description)
                        : Problem.invalid(violations));
            }
            case NOT_FOUND -> problem(Problem.of(404, "Not found", description));
            // a service's own authorization of the caller the call carried
            case PERMISSION_DENIED -> problem(Problem.of(403, "Forbidden", description));
            case ALREADY_EXISTS, FAILED_PRECONDITION -> problem(Problem.of(409, "Conflict", description));
            case ABORTED -> problem(Problem.of(412, "Precondition failed", description));
            // a project's quota, or a message above a service's size limit; Downstream turns the rest into 503
            case RESOURCE_EXHAUSTED -> problem(GrpcErrors.isQuotaFailure(e) ? Problem.of(403, "Quota exceeded", description)
                    : Problem.of(413, "Payload too large", "the request is larger than a platform service accepts"));
            default -> {
                LOG.errorf(e, "Downstream call failed with %s", e.getStatus().getCode());
                yield problem(Problem.of(502, "Bad gateway", "a platform service failed; the error is logged"));
            }
        };
    }

    @ServerExceptionMapper
    public Response unavailable(DownstreamUnavailableException e) {
        return serviceUnavailable(e.service() + " is unavailable");
    }

    @ServerExceptionMapper
    public Response circuitOpen(CircuitBreakerOpenException e) {
        return serviceUnavailable("a platform service is failing; calls are paused for a few seconds");
    }

    @ServerExceptionMapper
    public Response timedOut(TimeoutException e) {
        return serviceUnavailable("a platform service did not answer in time");
    }

    private Response serviceUnavailable(String detail) {
        return Response.fromResponse(problem(Problem.of(503, "Service unavailable", detail + "; retry after "
                        + config.retryAfterSeconds() + " s")))
                .header(HttpHeaders.RETRY_AFTER, config.retryAfterSeconds())
                .build();
    }

    static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
