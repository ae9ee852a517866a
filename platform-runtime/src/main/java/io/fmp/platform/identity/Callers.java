package io.fmp.platform.identity;

import io.fmp.contracts.identity.Principal;
import io.grpc.Context;
import io.grpc.Status;

import java.util.function.Predicate;
import java.util.function.Supplier;

/** The principal of the gRPC call being handled, as {@link CallerAuthentication} verified it. */
public final class Callers {

    static final Context.Key<Principal> KEY = Context.key("fmp-caller");

    private Callers() {
    }

    /** The caller of the current gRPC call; null outside one (a consumer, a worker). */
    public static Principal current() {
        return KEY.get();
    }

    /**
     * Refuses the call (PERMISSION_DENIED, naming what it needs) unless the caller passes: each service
     * authorizes for itself what the gateway already did, so a caller reaching a gRPC port directly gets
     * no further than through the gateway.
     */
    public static Principal require(Predicate<Principal> allowed, String needs) {
        Principal caller = current();
        if (caller == null || !allowed.test(caller)) {
            throw Status.PERMISSION_DENIED.withDescription("this call needs " + needs
                    + (caller == null ? "" : "; " + caller.subject() + " may not")).asRuntimeException();
        }
        return caller;
    }

    /** Refuses the call unless the caller holds {@code role} in the project it acts in (see {@link Principal#may}). */
    public static Principal require(String role) {
        return require(caller -> caller.may(role), "the role " + role + " in the project it acts in");
    }

    /** The caller of the current gRPC call, or this service's own account outside one (a worker). */
    public static Principal currentOr(String service) {
        Principal caller = current();
        return caller != null ? caller : Principal.service(service);
    }

    /**
     * Runs work for a principal: gRPC calls it makes carry that principal, and {@link #current()} is it (a
     * consumer acting for whoever caused an event; tests acting as a person). A null principal changes
     * nothing.
     */
    public static <T> T as(Principal principal, Supplier<T> work) {
        if (principal == null) {
            return work.get();
        }
        Context previous = Context.current().withValue(KEY, principal).attach();
        try {
            return work.get();
        } finally {
            Context.current().detach(previous);
        }
    }

    /** The subject to record as who did something: the caller's, or null for the service's own work. */
    public static String actor() {
        Principal caller = current();
        return caller == null ? null : caller.subject();
    }
}
