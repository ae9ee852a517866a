package io.fmp.contracts.errors;

/**
 * The caller may see the resource but not change it, e.g. a project member and a model of the shared
 * catalog (HTTP 403, gRPC PERMISSION_DENIED).
 */
public class AccessDeniedException extends RuntimeException {

    public AccessDeniedException(String message) {
        super(message);
    }
}
