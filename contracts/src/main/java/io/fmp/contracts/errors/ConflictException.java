package io.fmp.contracts.errors;

/** The request clashes with existing state, e.g. a duplicate name (HTTP 409, gRPC ALREADY_EXISTS). */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
