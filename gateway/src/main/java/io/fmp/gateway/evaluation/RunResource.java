package io.fmp.gateway.evaluation;

import io.fmp.contracts.errors.Problem;
import io.fmp.contracts.eval.v1.CompareRunsRequest;
import io.fmp.contracts.eval.v1.ListRunResultsRequest;
import io.fmp.contracts.eval.v1.ListRunsRequest;
import io.fmp.contracts.eval.v1.RunState;
import io.fmp.gateway.downstream.EvalClient;
import io.fmp.gateway.evaluation.EvaluationJson.ComparisonJson;
import io.fmp.gateway.evaluation.EvaluationJson.ResultJson;
import io.fmp.gateway.evaluation.EvaluationJson.ResultPage;
import io.fmp.gateway.evaluation.EvaluationJson.RunJson;
import io.fmp.gateway.evaluation.EvaluationJson.RunList;
import io.fmp.gateway.validation.QueryReader;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Set;

/** Evaluation runs: start, watch, cancel, read per-example results, compare. */
@Path("/api/v1/runs")
@Tag(name = "runs", description = "Evaluation runs of a suite on a catalog model")
public class RunResource {

    @Inject
    EvalClient eval;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a run",
            description = "Queues a run of a suite version (latest when suiteVersion is absent) on a catalog model, "
                    + "through the first of the model's endpoints that can do the suite's task. Answers are cached by "
                    + "(model version, prompt, decoding), so a rerun costs nothing and a run interrupted by a restart "
                    + "resumes where it stopped. Send an Idempotency-Key header to make a retried request return the "
                    + "same run. Progress: GET /api/v1/runs/{id} and eval.progress events.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "banking77", value = """
                    {"suite": "banking77-intent", "modelId": "<catalog model id>",
                     "settings": {"concurrency": 8, "timeoutMs": 30000, "maxRetries": 4, "requestsPerSecond": 20}}""")))
    @APIResponse(responseCode = "202", description = "Queued; Location is the run",
            content = @Content(schema = @Schema(implementation = RunJson.class)))
    @APIResponse(responseCode = "400", description = "Every bad field named (unknown suite or model, no usable endpoint)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response start(String body, @HeaderParam("Idempotency-Key") String idempotencyKey, @Context UriInfo uri) {
        RunJson run = RunJson.of(eval.startRun(EvaluationRequests.run(body, idempotencyKey)));
        return Response.accepted(run).location(uri.getAbsolutePathBuilder().path(run.id()).build()).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Runs, newest first", description = "Query: suite, modelId, state (queued, running, "
            + "succeeded, failed, cancelled), limit 1-500 (default 50).")
    public RunList list(@Context UriInfo uri) {
        QueryReader query = QueryReader.of(uri, Set.of("suite", "modelId", "state", "limit"));
        RunState state = query.word("state", EvaluationRequests.RUN_STATES, RunState.RUN_STATE_UNSPECIFIED);
        int limit = query.integer("limit", 50, 1, 500);
        query.requireValid();
        return new RunList(eval.runs(ListRunsRequest.newBuilder().setSuite(query.string("suite", ""))
                .setModelId(query.string("modelId", "")).setState(state).setLimit(limit).build())
                .stream().map(RunJson::of).toList());
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A run with its progress (done, total, rate, ETA) and, once finished, its metrics")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RunJson.class)))
    @APIResponse(responseCode = "404", description = "No such run",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RunJson get(@PathParam("id") String id) {
        return RunJson.of(eval.run(id));
    }

    @POST
    @Path("/{id}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cancel a queued or running run", description = "What it stored stays; 409 when finished.")
    public RunJson cancel(@PathParam("id") String id) {
        return RunJson.of(eval.cancelRun(id));
    }

    @GET
    @Path("/{id}/results")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Per-example results in dataset order",
            description = "Query: offset, limit 1-500 (default 50), errorsOnly (true: only failed examples).")
    public ResultPage results(@PathParam("id") String id, @Context UriInfo uri) {
        QueryReader query = QueryReader.of(uri, Set.of("offset", "limit", "errorsOnly"));
        int offset = query.integer("offset", 0, 0, Integer.MAX_VALUE);
        int limit = query.integer("limit", 50, 1, 500);
        boolean errorsOnly = query.bool("errorsOnly");
        query.requireValid();
        var page = eval.results(ListRunResultsRequest.newBuilder().setRunId(id).setOffset(offset).setLimit(limit)
                .setErrorsOnly(errorsOnly).build());
        return new ResultPage(page.getResultsList().stream().map(ResultJson::of).toList(), page.getTotal(), offset,
                limit);
    }

    @GET
    @Path("/compare")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Compare two finished runs of the same suite version",
            description = "Paired bootstrap over the examples both scored (sacreBLEU's paired-bs), per metric: "
                    + "values, delta, the system's 95 % interval, p-value. Query: baseline, system (run ids), "
                    + "resamples (default 1000), seed.")
    public ComparisonJson compare(@Context UriInfo uri) {
        QueryReader query = QueryReader.of(uri, Set.of("baseline", "system", "resamples", "seed"));
        query.require("baseline");
        query.require("system");
        int resamples = query.integer("resamples", 0, 100, 100_000);
        long seed = query.longInteger("seed", 0);
        query.requireValid();
        return ComparisonJson.of(eval.compare(CompareRunsRequest.newBuilder().setBaselineRunId(query.string("baseline",
                "")).setSystemRunId(query.string("system", "")).setResamples(resamples).setSeed(seed).build()));
    }
}
