package io.fmp.contracts.errors;

import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.QuotaFailure;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * Maps domain exceptions to gRPC statuses and back. Field violations travel as
 * {@code google.rpc.BadRequest} details, the standard way gRPC clients read them.
 */
public final class GrpcErrors {

    private GrpcErrors() {
    }

    /** Runs a gRPC handler body, turning domain exceptions into the matching status. */
    public static <T> T call(Callable<T> body) {
        try {
            return body.call();
        } catch (StatusRuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw toStatus(e);
        }
    }

    /** A gRPC answer computed when subscribed to (on the caller's thread), domain exceptions as statuses. */
    public static <T> Uni<T> answer(Callable<T> body) {
        return Uni.createFrom().item(() -> call(body));
    }

    public static StatusRuntimeException toStatus(Throwable error) {
        if (error instanceof InvalidInputException invalid) {
            BadRequest.Builder details = BadRequest.newBuilder();
            invalid.violations().forEach(v -> details.addFieldViolations(
                    BadRequest.FieldViolation.newBuilder().setField(v.field()).setDescription(v.message())));
            return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                    .setCode(Code.INVALID_ARGUMENT_VALUE)
                    .setMessage(invalid.getMessage())
                    .addDetails(com.google.protobuf.Any.pack(details.build()))
                    .build());
        }
        if (error instanceof QuotaExceededException quota) {
            return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                    .setCode(Code.RESOURCE_EXHAUSTED_VALUE)
                    .setMessage(quota.getMessage())
                    .addDetails(com.google.protobuf.Any.pack(QuotaFailure.newBuilder()
                            .addViolations(QuotaFailure.Violation.newBuilder()
                                    .setSubject(quota.subject()).setDescription(quota.getMessage()))
                            .build()))
                    .build());
        }
        if (error instanceof AccessDeniedException) {
            return io.grpc.Status.PERMISSION_DENIED.withDescription(error.getMessage()).asRuntimeException();
        }
        if (error instanceof ResourceNotFoundException) {
            return io.grpc.Status.NOT_FOUND.withDescription(error.getMessage()).asRuntimeException();
        }
        if (error instanceof ConflictException) {
            return io.grpc.Status.ALREADY_EXISTS.withDescription(error.getMessage()).asRuntimeException();
        }
        if (error instanceof StateConflictException) {
            return io.grpc.Status.FAILED_PRECONDITION.withDescription(error.getMessage()).asRuntimeException();
        }
        if (error instanceof StaleRevisionException) {
            return io.grpc.Status.ABORTED.withDescription(error.getMessage()).asRuntimeException();
        }
        return io.grpc.Status.INTERNAL.withDescription("internal error").withCause(error).asRuntimeException();
    }

    /** Whether the status is a quota's refusal (not a service out of capacity, which a retry may pass). */
    public static boolean isQuotaFailure(StatusRuntimeException error) {
        com.google.rpc.Status status = StatusProto.fromThrowable(error);
        return status != null && status.getDetailsList().stream().anyMatch(any -> any.is(QuotaFailure.class));
    }

    /** The field violations carried by an INVALID_ARGUMENT status; empty when there are none. */
    public static List<FieldViolation> fieldViolations(StatusRuntimeException error) {
        com.google.rpc.Status status = StatusProto.fromThrowable(error);
        if (status == null) {
            return List.of();
        }
        return status.getDetailsList().stream()
                .filter(any -> any.is(BadRequest.class))
                .flatMap(any -> {
                    try {
                        return any.unpack(BadRequest.class).getFieldViolationsList().stream();
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        return java.util.stream.Stream.empty();
                    }
                })
                .map(v -> new FieldViolation(v.getField(), v.getDescription()))
                .toList();
    }
}
