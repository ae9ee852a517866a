package io.fmp.gateway.validation;

import io.fmp.contracts.errors.Problem;
import io.fmp.gateway.GatewayConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Request bodies the gateway reads whole are bounded: JSON bodies by {@code fmp.gateway.max-json-bytes}
 * (1 MiB), other documents (catalog YAML, model-card Markdown) by {@code fmp.gateway.max-document-bytes}
 * (16 MiB). A declared length above the limit is refused before a byte is read; a chunked body is
 * counted as it is read and refused when it passes the limit, so nothing larger is ever buffered.
 * Dataset uploads stream through to eval-service and are bounded there. The answer is 413 with a
 * problem document, and the connection is closed rather than drained.
 */
@Provider
public class BodySizeLimit implements ReaderInterceptor {

    private static final String LIMIT = BodySizeLimit.class.getName() + ".limit";

    @Inject
    GatewayConfig config;

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> limit(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().startsWith("/api/v1/datasets")) {
            return Optional.empty();
        }
        MediaType type = request.getMediaType();
        boolean json = type == null || type.getSubtype().equals("json") || type.getSubtype().endsWith("+json");
        long limit = json ? config.maxJsonBytes() : config.maxDocumentBytes();
        if (request.getLength() > limit) {
            return Optional.of(tooLarge(limit, json));
        }
        // the declared length may be absent (chunked) or wrong: the reader counts
        request.setProperty(LIMIT, new Limit(limit, json));
        return Optional.empty();
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (context.getProperty(LIMIT) instanceof Limit limit) {
            context.setInputStream(new CountingStream(context.getInputStream(), limit));
        }
        return context.proceed();
    }

    private record Limit(long bytes, boolean json) {
    }

    static Response tooLarge(long limit, boolean json) {
        Problem problem = Problem.of(413, "Payload too large", (json ? "JSON request bodies are" : "documents are")
                + " limited to " + limit + " bytes here; datasets go to POST /api/v1/datasets, which streams");
        return Response.status(413).type(Problem.MEDIA_TYPE).header("Connection", "close")
                .entity(problem).build();
    }

    /** Fails the read once more than the limit has come. */
    private static final class CountingStream extends FilterInputStream {
        private final Limit limit;
        private long count;

        CountingStream(InputStream in, Limit limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            counted(skipped);
            return skipped;
        }

        private void counted(long n) {
            count += n;
            if (count > limit.bytes()) {
                throw new WebApplicationException(tooLarge(limit.bytes(), limit.json()));
            }
        }
    }
}
