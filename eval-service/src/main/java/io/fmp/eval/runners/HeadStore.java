package io.fmp.eval.runners;

import io.fmp.eval.EvalConfig;
import io.fmp.contracts.tuning.v1.GetArtifactRequest;
import io.fmp.contracts.tuning.v1.TuningServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Reads trained heads from where the catalog says they are stored: a file ({@code file:}) or
 * tuning-service, which keeps the heads its jobs train ({@code tuning://<job id>/<artifact>}).
 */
@ApplicationScoped
public class HeadStore {

    /** A head is a few dense layers on a sentence embedding: megabytes. */
    private static final long MAX_HEAD_BYTES = 64L << 20;

    @GrpcClient("tuning")
    TuningServiceGrpc.TuningServiceBlockingStub tuning;

    @Inject
    EvalConfig config;

    /** Null when the head can be read; otherwise why not. */
    public String problem(String uri) {
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            return "artifact URI '" + uri + "' is not a URI";
        }
        if ("tuning".equals(parsed.getScheme())) {
            try {
                fetch(parsed);
                return null;
            } catch (StatusRuntimeException e) {
                return e.getStatus().getCode() == Status.Code.NOT_FOUND ? "tuning-service has no artifact " + uri
                        : "tuning-service cannot be asked for " + uri + " (" + e.getStatus().getCode() + ")";
            }
        }
        if (!"file".equals(parsed.getScheme())) {
            return "artifact URI scheme '" + parsed.getScheme() + "' is not readable here (file: and tuning: are)";
        }
        return fileProblem(parsed);
    }

    public byte[] load(String uri) {
        URI parsed = URI.create(uri);
        if ("tuning".equals(parsed.getScheme())) {
            return fetch(parsed);
        }
        String problem = problem(uri);
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        try {
            return Files.readAllBytes(Path.of(parsed).toRealPath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A card's {@code file:} URI is read only inside the operator's heads directory, as a regular file
     * no larger than a head can be, after links are resolved: anyone who may edit a card could
     * otherwise name {@code /proc/self/environ} or {@code /dev/zero}.
     */
    private String fileProblem(URI uri) {
        if (config.headsDir().isEmpty()) {
            return "file: artifact URIs are read only from a directory an operator names (fmp.eval.heads-dir)";
        }
        String outside = "head file " + uri + " is outside the heads directory (fmp.eval.heads-dir)";
        Path file;
        try {
            file = Path.of(uri).normalize();
        } catch (IllegalArgumentException e) {
            return "artifact URI '" + uri + "' is not a file path";
        }
        Path directory = Path.of(config.headsDir().get()).toAbsolutePath().normalize();
        if (!file.startsWith(directory)) {
            return outside;
        }
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(directory.toRealPath())) {
                return outside;
            }
            if (!Files.isRegularFile(real)) {
                return "head file " + uri + " is not a regular file";
            }
            if (Files.size(real) > MAX_HEAD_BYTES) {
                return "head file " + uri + " is larger than " + MAX_HEAD_BYTES + " bytes";
            }
            return null;
        } catch (IOException e) {
            return "head file " + uri + " cannot be read";
        }
    }

    private byte[] fetch(URI uri) {
        String name = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        return tuning.withDeadlineAfter(config.downstreamDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .getArtifact(GetArtifactRequest.newBuilder().setJobId(uri.getHost()).setName(name).build())
                .getContent().toByteArray();
    }
}
