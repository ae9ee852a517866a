package io.fmp.contracts.errors;

/**
 * A project's quota refuses the request (HTTP 403, gRPC RESOURCE_EXHAUSTED with a
 * {@code google.rpc.QuotaFailure}). The message names the limit, what is used and when it resets.
 *
 * @param limit  the quota's name, e.g. {@code concurrent-runs}
 * @param usage  what is allowed, what is used and what the request would add, in words
 * @param resets when the quota frees up again, in words ("when a run of the project finishes", a date)
 */
public class QuotaExceededException extends RuntimeException {

    private final String project;
    private final String limit;

    public QuotaExceededException(String project, String limit, String usage, String resets) {
        super("project " + project + " is over its quota " + limit + ": " + usage + "; it resets " + resets);
        this.project = project;
        this.limit = limit;
    }

    /** The {@code google.rpc.QuotaFailure} subject: {@code project:<project>/<limit>}. */
    public String subject() {
        return "project:" + project + "/" + limit;
    }
}
