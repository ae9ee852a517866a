package io.fmp.contracts.errors;

/**
 * An update named the revision it was based on and the resource has moved on since
 * (HTTP 412 for If-Match, gRPC ABORTED): re-read and retry.
 */
public class StaleRevisionException extends RuntimeException {

    public StaleRevisionException(String message) {
        super(message);
    }
}
