package io.fmp.gateway.tuning;

import io.fmp.contracts.errors.Problem;
import io.fmp.contracts.tuning.v1.Artifact;
import io.fmp.contracts.tuning.v1.JobState;
import io.fmp.contracts.tuning.v1.ListJobsRequest;
import io.fmp.gateway.downstream.TuningClient;
import io.fmp.gateway.tuning.TuningJson.EstimateJson;
import io.fmp.gateway.tuning.TuningJson.JobJson;
import io.fmp.gateway.tuning.TuningJson.JobList;
import io.fmp.gateway.tuning.TuningJson.MetricsJson;
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

/** Tuning jobs: estimate, submit, watch, cancel, loss curves, artifacts. */
@Path("/api/v1/tuning-jobs")
@Tag(name = "tuning-jobs", description = "Tuning a catalog model on a dataset: a classifier head on the CPU, "
        + "prompt tuning, LoRA, QLoRA or full fine-tuning on Kubernetes GPUs")
public class TuningJobResource {

    private static final String EXAMPLE = """
            {"baseModelId": "<catalog id of all-MiniLM-L6-v2>", "method": "classifier-head",
             "dataset": {"name": "banking77"}, "evalSuite": "banking77-intent",
             "outputName": "Banking77 intent router"}""";

    @Inject
    TuningClient tuning;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a tuning job",
            description = "Validates the job against its base model (a head needs an encoder, QLoRA a decoder), its "
                    + "dataset (format, size, labels) and, for GPU jobs, the catalog's GPU-fit estimate; places it on "
                    + "a GPU profile, estimates cost and energy, and queues it. Nothing is queued on bad input. Send an "
                    + "Idempotency-Key header to make a retried request return the same job. On success the tuned "
                    + "model is registered in the catalog with its lineage, and eval-service runs evalSuite on it.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "banking77 head", value = EXAMPLE)))
    @APIResponse(responseCode = "202", description = "Queued; Location is the job",
            content = @Content(schema = @Schema(implementation = JobJson.class)))
    @APIResponse(responseCode = "400", description = "Every bad field named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response submit(String body, @HeaderParam("Idempotency-Key") String idempotencyKey, @Context UriInfo uri) {
        JobJson job = JobJson.of(tuning.submit(TuningRequests.job(body, idempotencyKey)));
        return Response.accepted(job).location(uri.getAbsolutePathBuilder().path(job.id()).build()).build();
    }

    @POST
    @Path("/estimate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Estimate a job without submitting it",
            description = "The same validation as submitting; answers the cost (GPU or CPU hours, USD, kWh, kg CO2, "
                    + "and how it was reckoned), the examples it trains on and the GPU memory it needs and gets.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "banking77 head", value = EXAMPLE)))
    public EstimateJson estimate(String body) {
        return EstimateJson.of(tuning.estimate(TuningRequests.job(body, null)));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Jobs, newest first", description = "Query: state (queued, running, registering, succeeded, "
            + "failed, cancelled), baseModelId, limit 1-500 (default 50).")
    public JobList list(@Context UriInfo uri) {
        QueryReader query = QueryReader.of(uri, Set.of("state", "baseModelId", "limit"));
        JobState state = query.word("state", TuningRequests.STATES, JobState.JOB_STATE_UNSPECIFIED);
        int limit = query.integer("limit", 50, 1, 500);
        query.requireValid();
        return new JobList(tuning.jobs(ListJobsRequest.newBuilder().setState(state)
                .setBaseModelId(query.string("baseModelId", "")).setLimit(limit).build())
                .stream().map(JobJson::of).toList());
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A job with its progress (phase, epoch, step, loss, eval loss, percent, ETA), its cost "
            + "estimate and, once finished, what it cost, its metrics and the tuned model's catalog id")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = JobJson.class)))
    @APIResponse(responseCode = "404", description = "No such job",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public JobJson get(@PathParam("id") String id) {
        return JobJson.of(tuning.job(id));
    }

    @POST
    @Path("/{id}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cancel a queued or running job", description = "Its Kubernetes Job is deleted; 409 when "
            + "finished or registering its model.")
    public JobJson cancel(@PathParam("id") String id) {
        return JobJson.of(tuning.cancel(id));
    }

    @GET
    @Path("/{id}/metrics")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The job's metric series (loss, eval_loss, eval_accuracy, learning_rate, ...) by step")
    public MetricsJson metrics(@PathParam("id") String id) {
        return MetricsJson.of(tuning.metrics(id));
    }

    @GET
    @Path("/{id}/artifacts/{name}")
    @Operation(summary = "A stored artifact of the job, e.g. head.json (the classifier head's portable format)")
    public Response artifact(@PathParam("id") String id, @PathParam("name") String name) {
        Artifact artifact = tuning.artifact(id, name);
        return Response.ok(artifact.getContent().toByteArray(), artifact.getMediaType())
                .header("ETag", "\"" + artifact.getSha256() + "\"").build();
    }
}
