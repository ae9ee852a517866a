package io.fmp.gateway.security;

import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current request, for resources that record or scope by it. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    /** The caller, or null before authentication. */
    public Caller orNull() {
        return caller;
    }

    /** The caller; every {@code /api/v1} operation has one (the access filter ran first). */
    public Caller get() {
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller in this request");
        }
        return caller;
    }
}
