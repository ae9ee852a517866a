package io.fmp.gateway.tracing;

import io.opentelemetry.api.trace.Span;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Tells the caller the trace id of its request, so support can follow it through every service. */
public class TraceIdResponseFilter {

    public static final String HEADER = "X-Trace-Id";

    @ServerResponseFilter
    public void addTraceId(ContainerRequestContext request, ContainerResponseContext response) {
        var context = Span.current().getSpanContext();
        if (context.isValid()) {
            response.getHeaders().putSingle(HEADER, context.getTraceId());
        }
    }
}
