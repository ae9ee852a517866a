package io.fmp.gateway.downstream;

import io.fmp.contracts.operations.v1.DeadLettersGrpc;
import io.fmp.contracts.operations.v1.ListDeadLettersRequest;
import io.fmp.contracts.operations.v1.ListDeadLettersResponse;
import io.fmp.contracts.operations.v1.ReplayDeadLetterRequest;
import io.fmp.contracts.operations.v1.ReplayDeadLetterResponse;
import io.fmp.gateway.GatewayConfig;
import io.fmp.gateway.validation.ApiEnums;
import io.fmp.gateway.validation.ApiEnums.ConsumingService;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

/**
 * The dead letters of every service that consumes events, over each one's gRPC port. Operator
 * calls, rare: retried on transport trouble, no circuit breaker (one would be shared by all four).
 */
@ApplicationScoped
@Timeout(value = 30, unit = ChronoUnit.SECONDS)
@Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = DownstreamUnavailableException.class)
public class DeadLetterClient {

    @GrpcClient("catalog")
    DeadLettersGrpc.DeadLettersBlockingStub catalog;

    @GrpcClient("eval")
    DeadLettersGrpc.DeadLettersBlockingStub eval;

    @GrpcClient("tuning")
    DeadLettersGrpc.DeadLettersBlockingStub tuning;

    @GrpcClient("governance")
    DeadLettersGrpc.DeadLettersBlockingStub governance;

    @Inject
    GatewayConfig config;

    public ListDeadLettersResponse list(ConsumingService service) {
        return Downstream.call(ApiEnums.word(service), () -> stub(service)
                .listDeadLetters(ListDeadLettersRequest.getDefaultInstance()));
    }

    public ReplayDeadLetterResponse replay(ConsumingService service, ReplayDeadLetterRequest request) {
        return Downstream.call(ApiEnums.word(service), () -> stub(service).replayDeadLetter(request));
    }

    private DeadLettersGrpc.DeadLettersBlockingStub stub(ConsumingService service) {
        DeadLettersGrpc.DeadLettersBlockingStub stub = switch (service) {
            case CATALOG_SERVICE -> catalog;
            case EVAL_SERVICE -> eval;
            case TUNING_SERVICE -> tuning;
            case GOVERNANCE_SERVICE -> governance;
        };
        // reading a dead-letter topic from its start takes longer than an ordinary call
        return stub.withDeadlineAfter(config.downstream().importDeadline().toMillis(), TimeUnit.MILLISECONDS);
    }
}
