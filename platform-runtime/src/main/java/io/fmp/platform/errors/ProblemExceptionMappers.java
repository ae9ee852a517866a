package io.fmp.platform.errors;

import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The HTTP side of the domain exceptions: each becomes problem+json with its status. */
public class ProblemExceptionMappers {

    @ServerExceptionMapper
    public Response invalid(InvalidInputException e) {
        return problem(Problem.invalid(e.violations()));
    }

    @ServerExceptionMapper
    public Response notFound(ResourceNotFoundException e) {
        return problem(Problem.of(404, "Not found", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return problem(Problem.of(409, "Conflict", e.getMessage()));
    }

    public static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
