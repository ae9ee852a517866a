package io.fmp.gateway.tuning;

import io.fmp.gateway.security.Allowed;
import io.fmp.gateway.validation.ApiEnums.Role;
import io.fmp.contracts.tuning.v1.Artifact;
import io.fmp.contracts.tuning.v1.JobState;
import io.fmp.contracts.tuning.v1.ListJobsRequest;
import io.fmp.gateway.downstream.TuningClient;
import io.fmp.gateway.tuning.TuningJson.EstimateJson;
import io.fmp.gateway.tuning.TuningJson.JobJson;
import io.fmp.gateway.tuning.TuningJson.JobList;
import io.fmp.gateway.tuning.TuningJson.MetricsJson;
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

/** Tuning jobs: estimate, submit, watch, cancel, loss curves, artifacts. */
@Allowed(Role.VIEWER)
@Path("/api/v1/tuning-jobs")
@Tag(name = "tuning-jobs", description = "Tuning a catalog model on a dataset: a classifier head on the CPU, "
        + "prompt tuning, LoRA, QLoRA or full fine-tuning on Kubernetes GPUs")
public class TuningJobResource {

    private static final String EXAMPLE = """
            {"baseModelId": "7ee1f778-2f0e-4c62-9a57-0d2f5a0e3c11", "method": "classifier-head",
             "dataset": {"name": "banking77"}, "evalSuite": "banking77-intent",
             "outputName": "Banking77 intent router"}""";

    @Inject
    TuningClient tuning;

    @Allowed(Role.CONTRIBUTOR)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "submitTuningJob", summary = "Submit a tuning job",
            description = "Validates the job against its base model (a head needs an encoder, QLoRA a decoder), its "
                    + "dataset (format, size, labels) and, for GPU jobs, the catalog's GPU-fit estimate; places it on "
                    + "a GPU profile, estimates cost and energy, and queues it. Nothing is queued on bad input. Send an "
                    + "Idempotency-Key header to make a retried request return the same job. On success the tuned "
                    + "model is registered in the catalog with its lineage, and eval-service runs evalSuite on it.")
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = "A retried request with the same key "
            + "returns the first request's job", schema = @Schema(type = SchemaType.STRING, maxLength = 200))
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TuningRequests.JobRequest.class),
            examples = @ExampleObject(name = "banking77 head", value = EXAMPLE)))
    @APIResponse(responseCode = "202", description = "Queued; Location is the job",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobJson.class)))
    public Response submit(TuningRequests.JobRequest body, @HeaderParam("Idempotency-Key") String idempotencyKey,
                           @Context UriInfo uri) {
        JobJson job = JobJson.of(tuning.submit(body.proto(idempotencyKey)));
        return Response.accepted(job).location(uri.getAbsolutePathBuilder().path(job.id()).build()).build();
    }

    @POST
    @Path("/estimate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "estimateTuningJob", summary = "Estimate a job without submitting it",
            description = "The same validation as submitting; answers the cost (GPU or CPU hours, USD, kWh, kg CO2, "
                    + "and how it was reckoned), the examples it trains on and the GPU memory it needs and gets.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TuningRequests.JobRequest.class),
            examples = @ExampleObject(name = "banking77 head", value = EXAMPLE)))
    public EstimateJson estimate(TuningRequests.JobRequest body) {
        return EstimateJson.of(tuning.estimate(body.proto(null)));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listTuningJobs", summary = "Jobs, newest first")
    @Parameter(name = "state", in = ParameterIn.QUERY, schema = @Schema(implementation = ApiEnums.JobState.class))
    @Parameter(name = "baseModelId", in = ParameterIn.QUERY)
    @Parameter(name = "limit", in = ParameterIn.QUERY,
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500", defaultValue = "50"))
    public JobList list(@Context UriInfo uri) {
        QueryReader query = QueryReader.of(uri, Set.of("state", "baseModelId", "limit"));
        ApiEnums.JobState wanted = query.word("state", ApiEnums.JobState.class);
        JobState state = wanted == null ? JobState.JOB_STATE_UNSPECIFIED : ApiEnums.toProto(wanted, JobState.class);
        int limit = query.integer("limit", 50, 1, 500);
        query.requireValid();
        return new JobList(tuning.jobs(ListJobsRequest.newBuilder().setState(state)
                .setBaseModelId(query.string("baseModelId", "")).setLimit(limit).build())
                .stream().map(JobJson::of).toList());
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getTuningJob", summary = "A job with its progress (phase, epoch, step, loss, eval loss, "
            + "percent, ETA), its cost estimate and, once finished, what it cost, its metrics and the tuned model's "
            + "catalog id")
    @APIResponse(responseCode = "200", description = "The job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobJson.class)))
    @APIResponse(responseCode = "404", description = "No such job")
    public JobJson get(@PathParam("id") String id) {
        return JobJson.of(tuning.job(id));
    }

    @Allowed(Role.CONTRIBUTOR)
    @POST
    @Path("/{id}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "cancelTuningJob", summary = "Cancel a queued or running job",
            description = "Its Kubernetes Job is deleted.")
    @APIResponse(responseCode = "200", description = "The cancelled job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobJson.class)))
    @APIResponse(responseCode = "404", description = "No such job")
    @APIResponse(responseCode = "409", description = "The job has finished, or is registering its model")
    public JobJson cancel(@PathParam("id") String id) {
        return JobJson.of(tuning.cancel(id));
    }

    @GET
    @Path("/{id}/metrics")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getTuningJobMetrics",
            summary = "The job's metric series (loss, eval_loss, eval_accuracy, learning_rate, ...) by step")
    @APIResponse(responseCode = "200", description = "The series", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MetricsJson.class)))
    @APIResponse(responseCode = "404", description = "No such job")
    public MetricsJson metrics(@PathParam("id") String id) {
        return MetricsJson.of(tuning.metrics(id));
    }

    @GET
    @Path("/{id}/artifacts/{name}")
    @Operation(operationId = "getTuningJobArtifact",
            summary = "A stored artifact of the job, e.g. head.json (the classifier head's portable format)")
    @APIResponse(responseCode = "200", description = "The artifact's bytes, in its own media type",
            headers = @Header(name = "ETag", description = "SHA-256 of the bytes",
                    schema = @Schema(type = SchemaType.STRING)),
            content = {@Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.STRING, format = "binary",
                            description = "e.g. head.json, format fmp.classifier-head/v1")),
                    @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
                            schema = @Schema(type = SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "404", description = "No such job or artifact")
    public Response artifact(@PathParam("id") String id, @PathParam("name") String name) {
        Artifact artifact = tuning.artifact(id, name);
        return Response.ok(artifact.getContent().toByteArray(), artifact.getMediaType())
                .header("ETag", "\"" + artifact.getSha256() + "\"").build();
    }
}
