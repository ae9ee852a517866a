package io.fmp.contracts.errors;

/**
 * The request is well-formed but the resource's current state does not allow it, e.g. moving an
 * alias to a retired model (HTTP 409, gRPC FAILED_PRECONDITION).
 */
public class StateConflictException extends RuntimeException {

    public StateConflictException(String message) {
        super(message);
    }
}
