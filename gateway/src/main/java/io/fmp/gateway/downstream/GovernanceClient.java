package io.fmp.gateway.downstream;

import jakarta.inject.Inject;
import io.fmp.gateway.GatewayConfig;
import io.fmp.contracts.governance.v1.AuditRecord;
import io.fmp.contracts.governance.v1.GovernanceServiceGrpc;
import io.fmp.contracts.governance.v1.ListAuditRecordsRequest;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** governance-service over gRPC, behind deadlines, retries and a circuit breaker. */
@ApplicationScoped
@Timeout(value = 10, unit = ChronoUnit.SECONDS)
@Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = DownstreamUnavailableException.class)
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
        failOn = DownstreamUnavailableException.class)
public class GovernanceClient {

    @GrpcClient("governance")
    GovernanceServiceGrpc.GovernanceServiceBlockingStub governance;

    @Inject
    GatewayConfig config;

    public List<AuditRecord> auditRecords(String subject) {
        return Downstream.call("governance-service", () -> governance
                .withDeadlineAfter(config.downstream().deadline().toMillis(), TimeUnit.MILLISECONDS)
                .listAuditRecords(ListAuditRecordsRequest.newBuilder().setSubject(subject).build())
                .getRecordsList());
    }
}
