package io.fmp.gateway.downstream;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.function.Supplier;

/** Classifies gRPC failures of a downstream call: transport trouble is retryable, answers are not. */
final class Downstream {

    private Downstream() {
    }

    static <T> T call(String service, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
                    || code == Status.Code.RESOURCE_EXHAUSTED) {
                throw new DownstreamUnavailableException(service, e);
            }
            throw e;
        }
    }
}
