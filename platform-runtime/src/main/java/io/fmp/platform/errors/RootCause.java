package io.fmp.platform.errors;

/** The innermost cause of a failure, which says what actually went wrong (wrappers only say where). */
public final class RootCause {

    private RootCause() {
    }

    /** {@code ExceptionClass: message} of the innermost cause. */
    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
