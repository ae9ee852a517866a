package io.fmp.gateway.models;

import io.fmp.contracts.errors.Problem;
import io.fmp.gateway.downstream.CatalogClient;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The model catalog's public REST face. */
@Path("/api/v1/models")
@Tag(name = "models", description = "Model cards in the catalog")
public class ModelResource {

    @Inject
    CatalogClient catalog;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a model card",
            description = "Stores the card in the catalog and emits model.registered; governance audits it.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ModelCardRequest.class),
            examples = @ExampleObject(name = "llama", value = """
                    {"name": "Llama 3.1 8B Instruct", "provider": "Meta", "version": "3.1",
                     "parameterCount": 8030000000, "license": "llama3.1", "contextWindow": 131072,
                     "tasks": ["text-generation"]}""")))
    @APIResponse(responseCode = "201", description = "Registered",
            content = @Content(schema = @Schema(implementation = ModelCardResponse.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON or invalid fields, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Name and version already registered",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The catalog is unavailable; see Retry-After",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response register(String body, @Context UriInfo uri) {
        ModelCardResponse model = ModelCardResponse.of(catalog.register(ModelCardRequest.parse(body).toProto()));
        return Response.created(uri.getAbsolutePathBuilder().path(model.id()).build()).entity(model).build();
    }

    /** A page of search results; pass nextPageToken as pageToken for the next page. */
    public record SearchPage(java.util.List<ModelCardResponse> models, String nextPageToken) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Search the catalog",
            description = "Filters: q (words in name, provider, description), task, language, license, commercialUse, "
                    + "minParameters, maxParameters, minContextWindow, deploymentOption, lifecycleState, tag, provider. "
                    + "sort = name | parameters | context-window | registered-at, order = asc | desc, pageSize 1-100, "
                    + "pageToken from the previous page. Pages stay consistent while models are added.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SearchPage.class)))
    @APIResponse(responseCode = "400", description = "Every bad query parameter named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SearchPage search(@Context UriInfo uri) {
        java.util.Map<String, String> query = new java.util.TreeMap<>();
        uri.getQueryParameters().forEach((name, values) -> query.put(name, values.get(values.size() - 1)));
        var page = catalog.search(SearchParameters.of(query));
        return new SearchPage(page.getModelsList().stream().map(ModelCardResponse::of).toList(),
                page.getNextPageToken().isEmpty() ? null : page.getNextPageToken());
    }

    @POST
    @Path("/import")
    @Consumes({"application/yaml", "text/yaml", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import a catalog YAML file (apiVersion fmp.io/v1, kind ModelCatalog)",
            description = "All or nothing: every bad entry is reported with its position (models[3].license) "
                    + "and nothing is imported.")
    @APIResponse(responseCode = "200", description = "The imported cards",
            content = @Content(schema = @Schema(implementation = ModelCardResponse.class)))
    @APIResponse(responseCode = "400", description = "Every bad entry named by position",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public java.util.List<ModelCardResponse> importCatalog(String catalogYaml) {
        return catalog.importModels(catalogYaml).stream().map(ModelCardResponse::of).toList();
    }

    @GET
    @Path("/export")
    @Produces("application/yaml")
    @Operation(summary = "The whole catalog as a catalog YAML file, ready to import elsewhere")
    public String exportCatalog() {
        return catalog.exportModels();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Get a model card")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ModelCardResponse.class)))
    @APIResponse(responseCode = "404", description = "No model with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ModelCardResponse get(@PathParam("id") String id) {
        return ModelCardResponse.of(catalog.get(id));
    }
}
