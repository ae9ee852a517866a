package io.fmp.gateway.downstream;

import io.fmp.contracts.errors.GrpcErrors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.smallrye.mutiny.Uni;

import java.util.function.Supplier;

/** Classifies gRPC failures of a downstream call: transport trouble is retryable, answers are not. */
final class Downstream {

    private Downstream() {
    }

    static <T> T call(String service, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            throw classified(service, e);
        }
    }

    /**
     * The same for a call that does not block. The call is made anew for each subscription, so a
     * retry gets a fresh deadline.
     */
    static <T> Uni<T> async(String service, Supplier<Uni<? extends T>> call) {
        return Uni.createFrom().<T>deferred(call).onFailure(StatusRuntimeException.class)
                .transform(e -> classified(service, (StatusRuntimeException) e));
    }

    private static RuntimeException classified(String service, StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        if (code == Status.Code.RESOURCE_EXHAUSTED && (tooLarge(e) || GrpcErrors.isQuotaFailure(e))) {
            return e; // the request itself is too big, or over its project's quota: asking again cannot help
        }
        if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
                || code == Status.Code.RESOURCE_EXHAUSTED) {
            return new DownstreamUnavailableException(service, e);
        }
        return e;
    }

    /** gRPC's answer to a message above the receiver's limit (grpc-java: "... exceeds maximum size ..."). */
    private static boolean tooLarge(StatusRuntimeException e) {
        String description = e.getStatus().getDescription();
        return description != null && description.contains("exceeds maximum size");
    }
}
