package io.fmp.contracts.errors;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrpcErrorsTest {

    @Test
    void fieldViolationsSurviveTheTripThroughGrpcStatusDetails() {
        List<FieldViolation> violations = List.of(
                new FieldViolation("name", "must not be blank"),
                new FieldViolation("contextWindow", "must be between 1 and 10000000, was 0"));

        StatusRuntimeException status = GrpcErrors.toStatus(new InvalidInputException(violations));

        assertEquals(Status.Code.INVALID_ARGUMENT, status.getStatus().getCode());
        assertEquals(violations, GrpcErrors.fieldViolations(status));
    }

    @Test
    void domainErrorsMapToTheirCodes() {
        assertEquals(Status.Code.NOT_FOUND,
                GrpcErrors.toStatus(new ResourceNotFoundException("model", "x")).getStatus().getCode());
        assertEquals(Status.Code.ALREADY_EXISTS,
                GrpcErrors.toStatus(new ConflictException("taken")).getStatus().getCode());
        assertEquals(Status.Code.FAILED_PRECONDITION,
                GrpcErrors.toStatus(new StateConflictException("retired")).getStatus().getCode());
        assertEquals(Status.Code.ABORTED,
                GrpcErrors.toStatus(new StaleRevisionException("revision 3, not 2")).getStatus().getCode());
        StatusRuntimeException internal = GrpcErrors.toStatus(new IllegalStateException("db password is hunter2"));
        assertEquals(Status.Code.INTERNAL, internal.getStatus().getCode());
        assertEquals("internal error", internal.getStatus().getDescription(), "internal details must not leak");
    }

    @Test
    void callPassesStatusesThroughAndTranslatesTheRest() {
        StatusRuntimeException unavailable = Status.UNAVAILABLE.asRuntimeException();
        assertSame(unavailable, assertThrows(StatusRuntimeException.class, () -> GrpcErrors.call(() -> {
            throw unavailable;
        })));
        StatusRuntimeException translated = assertThrows(StatusRuntimeException.class,
                () -> GrpcErrors.call(() -> {
                    throw new InvalidInputException("subject", "must not be blank");
                }));
        assertEquals(Status.Code.INVALID_ARGUMENT, translated.getStatus().getCode());
        assertTrue(GrpcErrors.fieldViolations(Status.NOT_FOUND.asRuntimeException()).isEmpty());
    }

    @Test
    void problemSummarisesTheNumberOfBadFields() {
        Problem problem = Problem.invalid(List.of(new FieldViolation("a", "x"), new FieldViolation("b", "y")));
        assertEquals(400, problem.status());
        assertEquals("2 fields are invalid", problem.detail());
    }
}
