package io.fmp.gateway.evaluation;

import io.fmp.gateway.security.Allowed;
import io.fmp.gateway.validation.ApiEnums.Role;
import io.fmp.contracts.eval.v1.CreateSuiteResponse;
import io.fmp.gateway.downstream.EvalClient;
import io.fmp.gateway.evaluation.EvaluationJson.SuiteJson;
import io.fmp.gateway.validation.QueryReader;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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

import java.util.List;
import java.util.Set;

/** Benchmark suites: dataset + task + prompt + metrics + decoding, versioned. */
@Allowed(Role.VIEWER)
@Path("/api/v1/suites")
@Tag(name = "suites", description = "Benchmark suites, versioned by definition")
public class SuiteResource {

    @Inject
    EvalClient eval;

    @Schema(name = "SuiteList")
    public record SuiteList(List<SuiteJson> suites) {
    }

    @Allowed(Role.CONTRIBUTOR)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createSuite", summary = "Create a suite version",
            description = "promptTemplate placeholders: {{input}}, {{choices}}, {{labels}}, {{examples}} (few-shot "
                    + "block). perplexity needs decoding.logprobs. The dataset version is pinned (latest when not "
                    + "given). An identical definition answers 200 with the existing version; a changed one is the "
                    + "next (201).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = EvaluationRequests.SuiteRequest.class),
            examples = @ExampleObject(name = "summaries", value = """
                    {"name": "support-summaries", "dataset": "tickets", "split": "test", "taskType": "generation",
                     "promptTemplate": "Summarise the ticket in one sentence.\\n\\n{{input}}\\n\\nSummary:",
                     "metrics": ["rougeL", "bleu", "pii_leakage"], "decoding": {"temperature": 0, "maxTokens": 80}}""")))
    @APIResponse(responseCode = "201", description = "A new version; Location is it",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SuiteJson.class)))
    @APIResponse(responseCode = "200", description = "An identical definition: the existing version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SuiteJson.class)))
    public Response create(EvaluationRequests.SuiteRequest body, @Context UriInfo uri) {
        CreateSuiteResponse created = eval.createSuite(body.proto());
        SuiteJson suite = SuiteJson.of(created.getSuite());
        Response.ResponseBuilder answer = created.getCreated()
                ? Response.created(uri.getAbsolutePathBuilder().path(suite.name())
                .queryParam("version", suite.version()).build())
                : Response.ok();
        return answer.entity(suite).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listSuites", summary = "The latest version of every suite")
    public SuiteList list() {
        return new SuiteList(eval.suites().stream().map(SuiteJson::of).toList());
    }

    @GET
    @Path("/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getSuite", summary = "A suite version")
    @Parameter(name = "version", in = ParameterIn.QUERY, description = "The latest when absent",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
    @APIResponse(responseCode = "200", description = "The suite version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SuiteJson.class)))
    @APIResponse(responseCode = "404", description = "No such suite or version")
    public SuiteJson get(@PathParam("name") String name, @Context UriInfo uri) {
        QueryReader query = QueryReader.of(uri, Set.of("version"));
        int version = query.integer("version", 0, 1, Integer.MAX_VALUE);
        query.requireValid();
        return SuiteJson.of(eval.suite(name, version));
    }
}
