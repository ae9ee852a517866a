package io.fmp.gateway.security;

/** The request's credentials are missing or may not be used: 401. */
public class NotAuthenticatedException extends Exception {
    public NotAuthenticatedException(String message) {
        super(message);
    }
}
