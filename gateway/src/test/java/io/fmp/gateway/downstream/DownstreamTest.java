package io.fmp.gateway.downstream;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DownstreamTest {

    private static RuntimeException failure(Status status) {
        return assertThrows(RuntimeException.class, () -> Downstream.call("catalog-service", () -> {
            throw new StatusRuntimeException(status);
        }));
    }

    @Test
    void transportTroubleIsRetryableButAMessageAboveTheLimitIsNot() {
        assertEquals(DownstreamUnavailableException.class, failure(Status.UNAVAILABLE).getClass());
        assertEquals(DownstreamUnavailableException.class, failure(Status.DEADLINE_EXCEEDED).getClass());
        assertEquals(DownstreamUnavailableException.class,
                failure(Status.RESOURCE_EXHAUSTED.withDescription("quota exceeded")).getClass());
        // asking again with the same body cannot succeed: it goes to the client as 413, not 503 + Retry-After
        RuntimeException tooLarge = failure(Status.RESOURCE_EXHAUSTED
                .withDescription("gRPC message exceeds maximum size 17825792: 20000000"));
        assertEquals(StatusRuntimeException.class, tooLarge.getClass());
    }
}
