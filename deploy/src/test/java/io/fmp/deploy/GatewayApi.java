package io.fmp.deploy;

import io.fmp.client.ApiClient;
import io.fmp.deploy.demo.GatewayClient;
import io.fmp.client.ApiException;
import io.fmp.client.api.AuditApi;
import io.fmp.client.api.DatasetsApi;
import io.fmp.client.api.LeaderboardsApi;
import io.fmp.client.api.ModelsApi;
import io.fmp.client.api.RunsApi;
import io.fmp.client.api.SelectionApi;
import io.fmp.client.api.SuitesApi;
import io.fmp.client.api.TuningJobsApi;
import io.fmp.client.model.Problem;
import org.junit.jupiter.api.function.ThrowingSupplier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The end-to-end tests' way into the platform: the Java client generated from the gateway's OpenAPI
 * document, so every call the tests make also proves the document. (Checks of the wire itself, such as
 * malformed bodies and headers, use plain HTTP.)
 */
final class GatewayApi {

    final ApiClient client;
    final ModelsApi models;
    final AuditApi audit;
    final SelectionApi selection;
    final DatasetsApi datasets;
    final SuitesApi suites;
    final RunsApi runs;
    final LeaderboardsApi leaderboards;
    final TuningJobsApi tuningJobs;

    /** As a platform administrator of the suite's identity provider. */
    GatewayApi(String url) {
        this(url, ServiceProcess.adminToken());
    }

    GatewayApi(String url, String credential) {
        client = GatewayClient.create(url, credential, Duration.ofMinutes(2));
        models = new ModelsApi(client);
        audit = new AuditApi(client);
        selection = new SelectionApi(client);
        datasets = new DatasetsApi(client);
        suites = new SuitesApi(client);
        runs = new RunsApi(client);
        leaderboards = new LeaderboardsApi(client);
        tuningJobs = new TuningJobsApi(client);
    }

    /** A call that must succeed; an error answer fails the test with its problem. */
    static <T> T ok(ThrowingCall<T> call) {
        try {
            return call.call();
        } catch (ApiException e) {
            throw new AssertionError("HTTP " + e.getCode() + ": " + e.getResponseBody(), e);
        }
    }

    /** A call that must fail: its status and problem+json body. */
    Failure fails(ThrowingSupplier<?> call) {
        ApiException error = assertThrows(ApiException.class, call::get);
        try {
            return new Failure(error.getCode(), client.getObjectMapper().readValue(error.getResponseBody(),
                    Problem.class));
        } catch (IOException e) {
            throw new UncheckedIOException("not a problem+json body: " + error.getResponseBody(), e);
        }
    }

    record Failure(int status, Problem problem) {
        java.util.List<String> fields() {
            return problem.getErrors().stream().map(io.fmp.client.model.FieldViolation::getField).toList();
        }
    }

    @FunctionalInterface
    interface ThrowingCall<T> {
        T call() throws ApiException;
    }
}
