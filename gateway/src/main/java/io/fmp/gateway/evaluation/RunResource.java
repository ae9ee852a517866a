package io.fmp.gateway.evaluation;

import io.fmp.gateway.security.Allowed;
import io.fmp.gateway.validation.ApiEnums.Role;
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
import io.fmp.gateway.validation.ApiEnums;
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
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Set;

/** Evaluation runs: start, watch, cancel, read per-example results, compare. */
@Allowed(Role.VIEWER)
@Path("/api/v1/runs")
@Tag(name = "runs", description = "Evaluation runs of a suite on a catalog model")
public class RunResource {

    @Inject
    EvalClient eval;

    @Allowed(Role.CONTRIBUTOR)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "startRun", summary = "Start a run",
            description = "Queues a run of a suite version (latest when suiteVersion is absent) on a catalog model, "
                    + "through the first of the model's endpoints that can do the suite's task. Answers are cached by "
                    + "(model version, prompt, decoding), so a rerun costs nothing and a run interrupted by a restart "
                    + "resumes where it stopped. Send an Idempotency-Key header to make a retried request return the "
                    + "same run. Progress: GET /api/v1/runs/{id} and eval.progress events.")
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = "A retried request with the same key "
            + "returns the first request's run", schema = @Schema(type = SchemaType.STRING, maxLength = 200))
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = EvaluationRequests.RunRequest.class),
            examples = @ExampleObject(name = "banking77", value = """
                    {"suite": "banking77-intent", "modelId": "<catalog model id>",
                     "settings": {"concurrency": 8, "timeoutMs": 30000, "maxRetries": 4, "requestsPerSecond": 20}}""")))
    @APIResponse(responseCode = "202", description = "Queued; Location is the run",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunJson.class)))
    public Response start(EvaluationRequests.RunRequest body, @HeaderParam("Idempotency-Key") String idempotencyKey,
                          @Context UriInfo uri) {
        RunJson run = RunJson.of(eval.startRun(body.proto(idempotencyKey)));
        return Response.accepted(run).location(uri.getAbsolutePathBuilder().path(run.id()).build()).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listRuns", summary = "Runs, newest first")
    @Parameter(name = "suite", in = ParameterIn.QUERY)
    @Parameter(name = "modelId", in = ParameterIn.QUERY)
    @Parameter(name = "state", in = ParameterIn.QUERY, schema = @Schema(implementation = ApiEnums.RunState.class))
    @Parameter(name = "limit", in = ParameterIn.QUERY,
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500", defaultValue = "50"))
    public RunList list(@Context UriInfo uri) {
        QueryReader query = QueryReader.of(uri, Set.of("suite", "modelId", "state", "limit"));
        ApiEnums.RunState wanted = query.word("state", ApiEnums.RunState.class);
        RunState state = wanted == null ? RunState.RUN_STATE_UNSPECIFIED : ApiEnums.toProto(wanted, RunState.class);
        int limit = query.integer("limit", 50, 1, 500);
        query.requireValid();
        return new RunList(eval.runs(ListRunsRequest.newBuilder().setSuite(query.string("suite", ""))
                .setModelId(query.string("modelId", "")).setState(state).setLimit(limit).build())
                .stream().map(RunJson::of).toList());
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getRun",
            summary = "A run with its progress (done, total, rate, ETA) and, once finished, its metrics")
    @APIResponse(responseCode = "200", description = "The run",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunJson.class)))
    @APIResponse(responseCode = "404", description = "No such run")
    public RunJson get(@PathParam("id") String id) {
        return RunJson.of(eval.run(id));
    }

    @Allowed(Role.CONTRIBUTOR)
    @POST
    @Path("/{id}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "cancelRun", summary = "Cancel a queued or running run", description = "What it stored stays.")
    @APIResponse(responseCode = "200", description = "The cancelled run",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunJson.class)))
    @APIResponse(responseCode = "404", description = "No such run")
    @APIResponse(responseCode = "409", description = "The run has finished already")
    public RunJson cancel(@PathParam("id") String id) {
        return RunJson.of(eval.cancelRun(id));
    }

    @GET
    @Path("/{id}/results")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listRunResults", summary = "Per-example results in dataset order")
    @Parameter(name = "offset", in = ParameterIn.QUERY,
            schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0"))
    @Parameter(name = "limit", in = ParameterIn.QUERY,
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500", defaultValue = "50"))
    @Parameter(name = "errorsOnly", in = ParameterIn.QUERY, description = "Only failed examples",
            schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
    @APIResponse(responseCode = "200", description = "A page of results", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ResultPage.class)))
    @APIResponse(responseCode = "404", description = "No such run")
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
    @Operation(operationId = "compareRuns", summary = "Compare two finished runs of the same suite version",
            description = "Paired bootstrap over the examples both scored (sacreBLEU's paired-bs), per metric: "
                    + "values, delta, the system's 95 % interval, p-value.")
    @Parameter(name = "baseline", in = ParameterIn.QUERY, required = true, description = "A run id")
    @Parameter(name = "system", in = ParameterIn.QUERY, required = true, description = "A run id")
    @Parameter(name = "resamples", in = ParameterIn.QUERY,
            schema = @Schema(type = SchemaType.INTEGER, minimum = "100", maximum = "100000", defaultValue = "1000"))
    @Parameter(name = "seed", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.INTEGER, format = "int64"))
    @APIResponse(responseCode = "200", description = "The comparison", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ComparisonJson.class)))
    @APIResponse(responseCode = "404", description = "No such run")
    @APIResponse(responseCode = "409", description = "A run has not finished, or the runs are of different suites")
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
