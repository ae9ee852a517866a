package io.fmp.gateway.validation;

import jakarta.inject.Inject;
import io.fmp.gateway.GatewayConfig;
import io.fmp.contracts.errors.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * Bodies other than dataset uploads are small JSON or YAML documents read whole: above
 * {@code fmp.gateway.max-document-bytes} (16 MiB) they are refused at once (413) instead of being
 * buffered. The HTTP limit itself is raised for uploads, which stream.
 */
public class BodySizeLimit {

    @Inject
    GatewayConfig config;

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> limit(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().startsWith("/api/v1/datasets") || request.getLength() <= config.maxDocumentBytes()) {
            return Optional.empty();
        }
        Problem problem = Problem.of(413, "Payload too large", "request bodies are limited to " + config.maxDocumentBytes()
                + " bytes here; datasets go to POST /api/v1/datasets, which streams");
        return Optional.of(Response.status(413).type(Problem.MEDIA_TYPE).entity(problem).build());
    }
}
