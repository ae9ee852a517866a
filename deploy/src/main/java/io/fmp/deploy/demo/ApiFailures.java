package io.fmp.deploy.demo;

import io.fmp.client.ApiClient;
import io.fmp.client.ApiException;
import io.fmp.client.model.Problem;

/** What a failed gateway call says to a person: the problem document's title, detail and fields. */
public final class ApiFailures {

    private ApiFailures() {
    }

    public static String describe(ApiClient client, String doing, ApiException e) {
        if (e.getCode() == 0) {
            return doing + ": the gateway at " + client.getBaseUri() + " does not answer (" + e.getMessage()
                    + "); is the platform up? ./fmp status";
        }
        Problem problem = problem(client, e);
        return doing + " failed: HTTP " + e.getCode() + (problem == null ? " " + e.getResponseBody()
                : " " + problem.getTitle() + ": " + problem.getDetail()
                + (problem.getErrors() == null ? "" : " " + problem.getErrors()));
    }

    /** The problem+json body of an error answer, or null when it has none. */
    public static Problem problem(ApiClient client, ApiException e) {
        try {
            return e.getResponseBody() == null || e.getResponseBody().isBlank() ? null
                    : client.getObjectMapper().readValue(e.getResponseBody(), Problem.class);
        } catch (java.io.IOException notAProblem) {
            return null;
        }
    }
}
