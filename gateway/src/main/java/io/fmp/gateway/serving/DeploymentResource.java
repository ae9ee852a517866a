package io.fmp.gateway.serving;

import io.fmp.contracts.serving.v1.ClassifyRequest;
import io.fmp.contracts.serving.v1.ScaleDeploymentRequest;
import io.fmp.gateway.downstream.EvalClient;
import io.fmp.gateway.downstream.ServingClient;
import io.fmp.gateway.security.Allowed;
import io.fmp.gateway.security.CurrentCaller;
import io.fmp.gateway.validation.ApiEnums.Role;
import io.fmp.gateway.validation.QueryReader;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Set;

/**
 * Deployments of approved models (local, on the cluster's GPUs, or an external endpoint), their classification
 * route, and the project's metered usage. The OpenAI-compatible route is {@link OpenAiRoute}.
 */
@Allowed(Role.VIEWER)
@Path("/api/v1")
@Tag(name = "deployments", description = "Serving approved models: deployments, classification, usage")
public class DeploymentResource {

    private static final String EXAMPLE = """
            {"name": "banking77-router", "modelId": "5b0e6c1e-2f0e-4c62-9a57-0d2f5a0e3c11", "executor": "local"}""";

    @Inject
    ServingClient serving;

    @Inject
    UsageMeter meter;

    @Inject
    InputSampler sampler;

    @Inject
    EvalClient eval;

    @Inject
    CurrentCaller caller;

    @Inject
    DeploymentDirectory directory;

    @Allowed(Role.CONTRIBUTOR)
    @POST
    @Path("/deployments")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createDeployment", summary = "Deploy a catalog model",
            description = "Validates the request (every bad field named), resolves and places the model (kubernetes:"
                    + " GPUs from the catalog's fit estimate), estimates its cost, and asks governance's deployment"
                    + " gate for the model, its canary and adapters: a model no approved use case relies on is refused"
                    + " (409, every denying rule named) and nothing is created. local and external deployments are"
                    + " ready at once; kubernetes ones are pending until the cluster reports them ready.")
    @Parameter(name = "Idempotency-Key", in = ParameterIn.HEADER, description = "A retried request with the same key "
            + "returns the first request's deployment", schema = @Schema(type = SchemaType.STRING, maxLength = 200))
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DeploymentJson.Request.class),
            examples = @ExampleObject(name = "banking77 router, in the platform", value = EXAMPLE)))
    @APIResponse(responseCode = "201", description = "Created; Location is the deployment",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DeploymentJson.Response.class)))
    @APIResponse(responseCode = "409", description = "Governance denied the model (every denying rule named), or the"
            + " name is taken in the project")
    public Response create(DeploymentJson.Request body, @HeaderParam("Idempotency-Key") String idempotencyKey,
                           @Context UriInfo uri) {
        DeploymentJson.Response created = DeploymentJson.Response.of(serving.create(body.proto(idempotencyKey)));
        return Response.status(201).entity(created).location(uri.getBaseUriBuilder().path("api/v1/deployments")
                .path(created.name()).build()).build();
    }

    @POST
    @Path("/deployments/estimate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "estimateDeployment", summary = "Estimate a deployment without creating it",
            description = "The same validation as creating; answers GPU-hours, dollars, kWh and kg CO2 per hour at the"
                    + " minimum replicas, dollars per million tokens (the catalog's cost model), the GPU profile and"
                    + " the tensor parallel size. Governance is not asked.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DeploymentJson.Request.class)))
    public DeploymentJson.EstimateJson estimate(DeploymentJson.Request body) {
        return DeploymentJson.EstimateJson.of(serving.estimate(body.proto(null)));
    }

    @GET
    @Path("/deployments")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listDeployments", summary = "Deployments of the caller's project (and shared ones),"
            + " newest first")
    @Parameter(name = "state", in = ParameterIn.QUERY, description = "pending, ready, drained, failed or deleted")
    public DeploymentJson.ListJson list(@Context UriInfo uri) {
        QueryReader query = QueryReader.of(uri, Set.of("state"));
        String state = query.string("state", "");
        query.requireValid();
        return new DeploymentJson.ListJson(serving.list(state).stream().map(DeploymentJson.Response::of).toList());
    }

    @GET
    @Path("/deployments/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getDeployment", summary = "A deployment (by name or id) with its state, endpoint,"
            + " replicas, estimate and what it has cost so far")
    @APIResponse(responseCode = "200", description = "The deployment", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeploymentJson.Response.class)))
    @APIResponse(responseCode = "404", description = "No such deployment in the caller's project")
    public DeploymentJson.Response get(@PathParam("name") String name) {
        return DeploymentJson.Response.of(serving.get(name));
    }

    @Allowed(Role.CONTRIBUTOR)
    @PUT
    @Path("/deployments/{name}/scaling")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "scaleDeployment", summary = "Change a kubernetes deployment's replicas",
            description = "Governance's deployment gate is asked again; a drained deployment stays drained (409).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DeploymentJson.ScalingJson.class)))
    @APIResponse(responseCode = "200", description = "The deployment with its new replica bounds", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeploymentJson.Response.class)))
    @APIResponse(responseCode = "404", description = "No such deployment in the caller's project")
    @APIResponse(responseCode = "409", description = "Drained, not running, or governance denied the model now")
    public DeploymentJson.Response scale(@PathParam("name") String name, DeploymentJson.ScalingJson body) {
        return DeploymentJson.Response.of(serving.scale(ScaleDeploymentRequest.newBuilder().setId(name)
                .setScaling(body.proto()).build()));
    }

    @Allowed(Role.CONTRIBUTOR)
    @DELETE
    @Path("/deployments/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "deleteDeployment", summary = "Delete a deployment (its cluster objects too)")
    @APIResponse(responseCode = "200", description = "The deleted deployment, with what it cost", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeploymentJson.Response.class)))
    @APIResponse(responseCode = "404", description = "No such deployment in the caller's project")
    public DeploymentJson.Response delete(@PathParam("name") String name) {
        return DeploymentJson.Response.of(serving.delete(name));
    }

    @POST
    @Path("/deployments/{name}/classify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "classifyText", summary = "Classify texts with a deployed classifier head",
            description = "The classification route the OpenAI API has no verb for: each text's label with its"
                    + " probability and the next two labels, computed by the same encoder and head evaluation scored."
                    + " Metered like the OpenAI route (tokens by the encoder's tokenizer).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DeploymentJson.ClassifyJson.class),
            examples = @ExampleObject(name = "two queries", value = """
                    {"texts": ["I still have not received my new card", "Which currencies can I hold?"]}""")))
    @APIResponse(responseCode = "200", description = "One classification per text, in order", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeploymentJson.ClassificationsJson.class)))
    @APIResponse(responseCode = "400", description = "A text the deployment's guardrails block (personal data, toxicity)")
    @APIResponse(responseCode = "404", description = "No such deployment in the caller's project")
    @APIResponse(responseCode = "409", description = "The deployment is not a ready local classifier (or was drained)")
    @APIResponse(responseCode = "403", description = "The caller's role does not allow it, or the project's token"
            + " budget for the month is used up")
    public Uni<DeploymentJson.ClassificationsJson> classify(@PathParam("name") String name, DeploymentJson.ClassifyJson body) {
        var who = caller.get();
        String overBudget = meter.overBudget(who.project());
        if (overBudget != null) {
            throw new io.fmp.contracts.errors.QuotaExceededException(who.project(), "tokens-per-month", overBudget,
                    "on the first of the month (UTC)");
        }
        java.util.List<String> texts = new java.util.ArrayList<>(body.texts() == null ? java.util.List.of() : body.texts());
        return directory.find(who.project(), name).flatMap(route -> {
            if (route != null) {
                Guardrails.Verdict checked = Guardrails.texts(texts, Guardrails.of(route.deployment()));
                if (checked.blocked() != null) {
                    meter.blocked(route.project(), route.name(), who.subject(), "guardrails");
                    throw new io.fmp.contracts.errors.InvalidInputException("texts", "blocked by deployment " + name
                            + "'s guardrails: " + checked.blocked());
                }
                sampler.offer(route.deployment(), () -> texts);
            }
            return serving.classify(ClassifyRequest.newBuilder().setDeployment(name).addAllTexts(texts).build());
        }).invoke(r -> meter.record(who.project(), name, who.subject(), r.getTokens(), 0, false))
                .map(r -> DeploymentJson.ClassificationsJson.of(name, r));
    }

    @GET
    @Path("/deployments/{name}/drift")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getInputDrift", summary = "Input drift of a deployment that captures its inputs",
            description = "The latest measurements, newest first: each window of sampled inputs against the suite's"
                    + " dataset in the reference encoder's embedding space (centroid distance, permutation-test p-value,"
                    + " share out of domain), and how many inputs wait for the next window. A drifted window puts the"
                    + " use cases relying on the model under review and re-evaluates them.")
    @APIResponse(responseCode = "200", description = "The measurements", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeploymentJson.DriftJson.class)))
    @APIResponse(responseCode = "404", description = "Nothing was captured from a deployment of this name in the"
            + " caller's project")
    public DeploymentJson.DriftJson drift(@PathParam("name") String name,
                                          @Parameter(description = "At most this many measurements (1 to 500)")
                                          @QueryParam("limit") @DefaultValue("20") int limit) {
        if (limit < 1 || limit > 500) {
            throw new io.fmp.contracts.errors.InvalidInputException("limit", "must be between 1 and 500");
        }
        return DeploymentJson.DriftJson.of(eval.inputDrift(name, limit));
    }

    @GET
    @Path("/usage")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getUsage", summary = "The project's token use this month",
            description = "Requests, prompt and completion tokens, blocked and failed calls per deployment and caller"
                    + " (API key or token subject), metered by the gateway, and the monthly token budget.")
    public DeploymentJson.UsageJson usage() {
        return DeploymentJson.UsageJson.of(serving.usage(""));
    }
}
