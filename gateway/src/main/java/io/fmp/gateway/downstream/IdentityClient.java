package io.fmp.gateway.downstream;

import io.fmp.contracts.governance.v1.ApiKey;
import io.fmp.contracts.governance.v1.CreateApiKeyRequest;
import io.fmp.contracts.governance.v1.CreatedApiKey;
import io.fmp.contracts.governance.v1.IdentityServiceGrpc;
import io.fmp.contracts.governance.v1.ListApiKeysRequest;
import io.fmp.contracts.governance.v1.MutinyIdentityServiceGrpc;
import io.fmp.contracts.governance.v1.RevokeApiKeyRequest;
import io.fmp.contracts.governance.v1.VerifyApiKeyRequest;
import io.fmp.gateway.GatewayConfig;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** governance-service's API keys over gRPC: verification (non-blocking, on the request path) and administration. */
@ApplicationScoped
public class IdentityClient {

    private static final String SERVICE = "governance-service";

    @GrpcClient("governance")
    MutinyIdentityServiceGrpc.MutinyIdentityServiceStub identity;

    @GrpcClient("governance")
    IdentityServiceGrpc.IdentityServiceBlockingStub admin;

    @Inject
    GatewayConfig config;

    /** The key a presented secret belongs to; UNAUTHENTICATED when it may not be used. */
    public Uni<ApiKey> verify(String secret) {
        return Downstream.async(SERVICE, () -> identity
                .withDeadlineAfter(config.downstream().deadline().toMillis(), TimeUnit.MILLISECONDS)
                .verifyApiKey(VerifyApiKeyRequest.newBuilder().setSecret(secret).build()));
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            failOn = DownstreamUnavailableException.class)
    public CreatedApiKey create(CreateApiKeyRequest request) {
        return Downstream.call(SERVICE, () -> stub().createApiKey(request));
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = DownstreamUnavailableException.class)
    public List<ApiKey> list(String project) {
        return Downstream.call(SERVICE, () -> stub().listApiKeys(ListApiKeysRequest.newBuilder().setProject(project)
                .build()).getKeysList());
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = DownstreamUnavailableException.class)
    public ApiKey revoke(String id) {
        return Downstream.call(SERVICE, () -> stub().revokeApiKey(RevokeApiKeyRequest.newBuilder().setId(id).build()));
    }

    private IdentityServiceGrpc.IdentityServiceBlockingStub stub() {
        return admin.withDeadlineAfter(config.downstream().deadline().toMillis(), TimeUnit.MILLISECONDS);
    }
}
