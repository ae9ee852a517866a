package io.fmp.gateway.evaluation;

import io.fmp.gateway.security.Allowed;
import io.fmp.gateway.validation.ApiEnums.Role;
import io.fmp.contracts.eval.v1.DatasetFormat;
import io.fmp.contracts.eval.v1.DatasetHeader;
import io.fmp.contracts.eval.v1.PreviewDatasetRequest;
import io.fmp.contracts.eval.v1.UploadDatasetResponse;
import io.fmp.gateway.downstream.EvalClient;
import io.fmp.gateway.evaluation.EvaluationJson.DatasetJson;
import io.fmp.gateway.evaluation.EvaluationJson.ExampleJson;
import io.fmp.gateway.evaluation.EvaluationJson.ExamplePage;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.util.List;
import java.util.Set;

/** Evaluation datasets: upload (streamed), versions, preview. */
@Allowed(Role.VIEWER)
@Path("/api/v1/datasets")
@Tag(name = "datasets", description = "Evaluation datasets: JSONL or CSV, versioned by content")
public class DatasetResource {

    @Inject
    EvalClient eval;

    @Schema(name = "DatasetList")
    public record DatasetList(List<DatasetJson> datasets) {
    }

    @Allowed(Role.CONTRIBUTOR)
    @POST
    @Consumes({"application/x-ndjson", "application/jsonl", "text/csv", MediaType.APPLICATION_OCTET_STREAM,
            MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "uploadDataset", summary = "Upload a dataset version",
            description = "The body is the file: JSONL (one object per line) or CSV with a header. Fields: input "
                    + "(CSV also text), reference or references, label (CSV also category), choices, split; anything "
                    + "else is kept as metadata. Streamed through to eval-service, never held whole. All or "
                    + "nothing: every bad row is named by line (line[12].label). The same bytes under the same name "
                    + "answer 200 with the existing version; new bytes become the next version (201).")
    @Parameter(name = "name", in = ParameterIn.QUERY, required = true, example = "support-tickets")
    @Parameter(name = "format", in = ParameterIn.QUERY, description = "Else from the Content-Type",
            schema = @Schema(implementation = ApiEnums.DatasetFormat.class))
    @Parameter(name = "description", in = ParameterIn.QUERY)
    @RequestBody(required = true, content = {
            @Content(mediaType = "application/x-ndjson", schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "201", description = "A new version; Location is it",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DatasetJson.class)))
    @APIResponse(responseCode = "200", description = "These bytes were registered under this name already",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DatasetJson.class)))
    public Response upload(@Context UriInfo uri, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           InputStream body) {
        QueryReader query = QueryReader.of(uri, Set.of("name", "format", "description"));
        query.require("name");
        ApiEnums.DatasetFormat given = query.word("format", ApiEnums.DatasetFormat.class);
        DatasetFormat format = given != null ? ApiEnums.toProto(given, DatasetFormat.class) : formatOf(contentType);
        if (format == null && !uri.getQueryParameters().containsKey("format")) {
            query.require("format");
        }
        query.requireValid();
        UploadDatasetResponse response = eval.upload(DatasetHeader.newBuilder().setName(query.string("name", ""))
                .setFormat(format).setDescription(query.string("description", "")).build(), body);
        DatasetJson dataset = DatasetJson.of(response.getDataset());
        Response.ResponseBuilder answer = response.getCreated()
                ? Response.created(uri.getBaseUriBuilder().path("api/v1/datasets").path(dataset.name())
                .path("versions").path(Integer.toString(dataset.version())).build())
                : Response.ok();
        return answer.entity(dataset).build();
    }

    private static DatasetFormat formatOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        String type = contentType.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
        return switch (type) {
            case "text/csv" -> DatasetFormat.CSV;
            case "application/x-ndjson", "application/jsonl" -> DatasetFormat.JSONL;
            default -> null;
        };
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listDatasets", summary = "The latest version of every dataset")
    public DatasetList list() {
        return new DatasetList(eval.datasets().stream().map(DatasetJson::of).toList());
    }

    @GET
    @Path("/{name}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getDataset", summary = "The latest version of a dataset")
    @APIResponse(responseCode = "200", description = "The latest version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DatasetJson.class)))
    @APIResponse(responseCode = "404", description = "No such dataset")
    public DatasetJson latest(@PathParam("name") String name) {
        return DatasetJson.of(eval.dataset(name, 0));
    }

    @GET
    @Path("/{name}/versions/{version}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getDatasetVersion", summary = "One version of a dataset")
    @APIResponse(responseCode = "200", description = "The version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DatasetJson.class)))
    @APIResponse(responseCode = "404", description = "No such dataset or version")
    public DatasetJson version(@PathParam("name") String name,
                               @PathParam("version") @Parameter(description = "1, 2, ... or latest") String version) {
        return DatasetJson.of(eval.dataset(name, Versions.parse("version", version)));
    }

    @GET
    @Path("/{name}/versions/{version}/examples")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listDatasetExamples", summary = "A page of a dataset version's examples")
    @Parameter(name = "split", in = ParameterIn.QUERY, description = "All splits when absent")
    @Parameter(name = "offset", in = ParameterIn.QUERY,
            schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0"))
    @Parameter(name = "limit", in = ParameterIn.QUERY,
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500", defaultValue = "20"))
    @APIResponse(responseCode = "200", description = "A page of examples", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExamplePage.class)))
    @APIResponse(responseCode = "404", description = "No such dataset or version")
    public ExamplePage examples(@PathParam("name") String name,
                                @PathParam("version") @Parameter(description = "1, 2, ... or latest") String version,
                                @Context UriInfo uri) {
        QueryReader query = QueryReader.of(uri, Set.of("split", "offset", "limit"));
        int offset = query.integer("offset", 0, 0, Integer.MAX_VALUE);
        int limit = query.integer("limit", 20, 1, 500);
        String split = query.string("split", "");
        int number = Versions.parse("version", version);
        query.requireValid();
        var page = eval.preview(PreviewDatasetRequest.newBuilder().setName(name).setVersion(number).setSplit(split)
                .setOffset(offset).setLimit(limit).build());
        return new ExamplePage(DatasetJson.of(page.getDataset()), page.getExamplesList().stream().map(ExampleJson::of)
                .toList(), page.getTotal(), offset, limit);
    }
}
