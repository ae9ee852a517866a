package io.fmp.eval.support;

import com.google.protobuf.ByteString;
import io.fmp.contracts.tuning.v1.Artifact;
import io.fmp.contracts.tuning.v1.GetArtifactRequest;
import io.fmp.contracts.tuning.v1.TuningServiceGrpc;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * tuning-service as eval-service calls it, over real gRPC on a free port: it serves the artifacts a
 * test puts in {@link #ARTIFACTS} (key {@code <job id>/<name>}).
 */
public class TuningArtifactServer implements QuarkusTestResourceLifecycleManager {

    public static final Map<String, byte[]> ARTIFACTS = new ConcurrentHashMap<>();
    private Server server;

    @Override
    public Map<String, String> start() {
        try {
            server = NettyServerBuilder.forPort(0).addService(new TuningServiceGrpc.TuningServiceImplBase() {
                @Override
                public void getArtifact(GetArtifactRequest request, StreamObserver<Artifact> response) {
                    byte[] content = ARTIFACTS.get(request.getJobId() + "/" + request.getName());
                    if (content == null) {
                        response.onError(Status.NOT_FOUND.withDescription("no artifact").asRuntimeException());
                        return;
                    }
                    response.onNext(Artifact.newBuilder().setName(request.getName()).setMediaType("application/json")
                            .setContent(ByteString.copyFrom(content)).build());
                    response.onCompleted();
                }
            }).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // in tests a client on localhost goes to the service's own test port unless it names a test port
        return Map.of("quarkus.grpc.clients.tuning.test-port", Integer.toString(server.getPort()));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }
}
