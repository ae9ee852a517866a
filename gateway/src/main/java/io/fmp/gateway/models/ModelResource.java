package io.fmp.gateway.models;

import io.fmp.gateway.security.Allowed;
import io.fmp.gateway.validation.ApiEnums.Role;
import io.fmp.contracts.catalog.v1.GetModelRequest;
import io.fmp.contracts.catalog.v1.ImportHuggingFaceCardRequest;
import io.fmp.contracts.catalog.v1.ModelCard;
import io.fmp.contracts.catalog.v1.SetAliasRequest;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.gateway.downstream.CatalogClient;
import io.fmp.gateway.validation.ApiEnums;
import io.fmp.gateway.validation.QueryReader;
import io.grpc.StatusRuntimeException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
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

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The model catalog's public REST face. */
@Allowed(Role.VIEWER)
@Path("/api/v1/models")
@Tag(name = "models", description = "Model cards in the catalog: versions, aliases, lineage, import and export")
public class ModelResource {

    private static final String MERGE_PATCH = "application/merge-patch+json";

    @Inject
    CatalogClient catalog;

    @Allowed(Role.CONTRIBUTOR)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "registerModel", summary = "Register a model card",
            description = "Stores the card in the catalog and emits model.registered; governance audits it.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ModelCardRequest.class),
            examples = @ExampleObject(name = "llama", value = """
                    {"name": "Llama 3.1 8B Instruct", "provider": "Meta", "version": "3.1",
                     "parameterCount": 8030000000, "license": "llama3.1", "contextWindow": 131072,
                     "tasks": ["text-generation"]}""")))
    @APIResponse(responseCode = "201", description = "Registered; Location is the new version",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ModelCardResponse.class)))
    @APIResponse(responseCode = "409", description = "Name and version already registered")
    public Uni<Response> register(ModelCardRequest body, @Context UriInfo uri) {
        return catalog.register(body.proto()).map(ModelCardResponse::of).map(model ->
                Response.created(uri.getAbsolutePathBuilder().path(model.id()).build()).entity(model).build());
    }

    /** A page of search results; pass nextPageToken as pageToken for the next page. */
    @Schema(name = "ModelSearchPage")
    public record SearchPage(@Schema(required = true) List<ModelCardResponse> models,
                             @Schema(description = "Absent on the last page") String nextPageToken) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "searchModels", summary = "Search the catalog",
            description = "Filters combine (and). Pages stay consistent while models are added.")
    @Parameter(name = "q", in = ParameterIn.QUERY, description = "Words in name, provider or description")
    @Parameter(name = "task", in = ParameterIn.QUERY, description = "A Hugging Face pipeline tag",
            example = "text-classification")
    @Parameter(name = "language", in = ParameterIn.QUERY, description = "ISO 639-1 code")
    @Parameter(name = "license", in = ParameterIn.QUERY, description = "Licence id")
    @Parameter(name = "commercialUse", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.BOOLEAN))
    @Parameter(name = "minParameters", in = ParameterIn.QUERY,
            schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0"))
    @Parameter(name = "maxParameters", in = ParameterIn.QUERY,
            schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0"))
    @Parameter(name = "minContextWindow", in = ParameterIn.QUERY,
            schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "0"))
    @Parameter(name = "deploymentOption", in = ParameterIn.QUERY,
            schema = @Schema(implementation = ApiEnums.DeploymentOption.class))
    @Parameter(name = "lifecycleState", in = ParameterIn.QUERY,
            schema = @Schema(implementation = ApiEnums.LifecycleState.class))
    @Parameter(name = "tag", in = ParameterIn.QUERY)
    @Parameter(name = "provider", in = ParameterIn.QUERY)
    @Parameter(name = "name", in = ParameterIn.QUERY, description = "Exact name: every version of it")
    @Parameter(name = "baseModelId", in = ParameterIn.QUERY, description = "Models derived from this one")
    @Parameter(name = "sort", in = ParameterIn.QUERY, schema = @Schema(implementation = ApiEnums.ModelSort.class))
    @Parameter(name = "order", in = ParameterIn.QUERY, schema = @Schema(implementation = ApiEnums.SortOrder.class))
    @Parameter(name = "pageSize", in = ParameterIn.QUERY,
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100", defaultValue = "20"))
    @Parameter(name = "pageToken", in = ParameterIn.QUERY, description = "nextPageToken of the previous page")
    public Uni<SearchPage> search(@Context UriInfo uri) {
        Map<String, String> query = new TreeMap<>();
        uri.getQueryParameters().forEach((name, values) -> query.put(name, values.get(values.size() - 1)));
        return catalog.search(SearchParameters.of(query)).map(page -> new SearchPage(
                page.getModelsList().stream().map(ModelCardResponse::of).toList(),
                page.getNextPageToken().isEmpty() ? null : page.getNextPageToken()));
    }

    @Allowed(Role.CONTRIBUTOR)
    @POST
    @Path("/import")
    @Consumes({"application/yaml", "text/yaml", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "importModels", summary = "Import a catalog YAML file (apiVersion fmp.io/v1, kind ModelCatalog)",
            description = "All or nothing: every bad entry is reported with its position (models[3].license) "
                    + "and nothing is imported.")
    @RequestBody(required = true, content = @Content(mediaType = "application/yaml",
            schema = @Schema(type = SchemaType.STRING, description = "A catalog YAML document, as export writes it")))
    @APIResponse(responseCode = "200", description = "The imported cards", content = @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = ModelCardResponse.class)))
    public Uni<List<ModelCardResponse>> importCatalog(String catalogYaml) {
        return catalog.importModels(catalogYaml).map(cards -> cards.stream().map(ModelCardResponse::of).toList());
    }

    @GET
    @Path("/export")
    @Produces("application/yaml")
    @Operation(operationId = "exportModels", summary = "The whole catalog as a catalog YAML file, ready to import elsewhere")
    @APIResponse(responseCode = "200", description = "Catalog YAML",
            content = @Content(mediaType = "application/yaml", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Uni<String> exportCatalog() {
        return catalog.exportModels();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getModel", summary = "Get a model version",
            description = "The ETag header carries the revision for If-Match.")
    @APIResponse(responseCode = "200", description = "The version",
            headers = @Header(name = "ETag", description = "The revision", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ModelCardResponse.class)))
    @APIResponse(responseCode = "404", description = "No model with this id")
    public Uni<Response> get(@PathParam("id") String id) {
        return catalog.get(id).map(ModelResource::withRevision);
    }

    @Allowed(Role.CONTRIBUTOR)
    @PATCH
    @Path("/{id}")
    @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateModel", summary = "Change a version's metadata or lifecycle state",
            description = "A merge patch: the fields present change (facts.description, facts.tags, facts.apiPrice, "
                    + "facts.dataRegions, facts.deploymentOptions, facts.hardware, endpoints, properties, documentation, "
                    + "lifecycleState); a field sent as null is cleared. Content is immutable: register a new version "
                    + "instead. If-Match: \"<revision>\" makes the change conditional. Emits model.updated and, for a "
                    + "lifecycle move, model.state-changed.")
    @Parameter(name = "If-Match", in = ParameterIn.HEADER, description = "The revision from the ETag, e.g. \"3\"")
    @RequestBody(required = true, content = {
            @Content(mediaType = MERGE_PATCH, schema = @Schema(implementation = ModelPatchRequest.class),
                    examples = {@ExampleObject(name = "endpoint", value = """
                            {"endpoints": [{"protocol": "openai-chat", "url": "https://granite.internal/v1",
                                            "secretRef": "k8s:granite-gateway/api-key"}],
                             "facts": {"tags": ["banking", "chat"]}}"""),
                            @ExampleObject(name = "deprecate", value = """
                                    {"lifecycleState": "deprecated", "reason": "superseded by 3.1"}""")}),
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ModelPatchRequest.class))})
    @APIResponse(responseCode = "200", description = "The changed version",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ModelCardResponse.class)))
    @APIResponse(responseCode = "404", description = "No model with this id")
    @APIResponse(responseCode = "409", description = "A lifecycle move the rules do not allow")
    @APIResponse(responseCode = "412", description = "If-Match names an older revision")
    public Uni<Response> update(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, String body) {
        var request = ModelPatchRequest.parse(id, body, revision(ifMatch));
        return catalog.update(request).map(ModelResource::withRevision).onFailure(StatusRuntimeException.class)
                .transform(e -> maskPathsAsFields((StatusRuntimeException) e, request.getUpdateMask().getPathsList()));
    }

    @Allowed(Role.CONTRIBUTOR)
    @PUT
    @Path("/{id}/aliases/{alias}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "setModelAlias", summary = "Point an alias of the model's name at this version",
            description = "e.g. PUT /api/v1/models/{id}/aliases/production. Emits model.alias-moved; repeating it "
                    + "changes nothing.")
    @APIResponse(responseCode = "200", description = "The version, with its aliases",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ModelCardResponse.class)))
    @APIResponse(responseCode = "404", description = "No model with this id")
    @APIResponse(responseCode = "409", description = "A retired version cannot hold an alias")
    public Uni<ModelCardResponse> setAlias(@PathParam("id") String id,
                                      @PathParam("alias") @Parameter(example = "production") String alias) {
        return catalog.get(id).chain(model -> catalog.setAlias(SetAliasRequest.newBuilder().setName(model.getCard().getName())
                .setAlias(alias).setModelId(id).build())).map(ModelCardResponse::of);
    }

    @GET
    @Path("/versions")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listModelVersions", summary = "Every version of a model name, newest first, with its aliases")
    @Parameter(name = "name", in = ParameterIn.QUERY, required = true, example = "Granite 3.0 8B Instruct")
    @APIResponse(responseCode = "200", description = "The versions, possibly none", content = @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = ModelCardResponse.class)))
    public Uni<List<ModelCardResponse>> versions(@Context UriInfo uri) {
        QueryReader query = QueryReader.of(uri, Set.of("name"));
        query.require("name");
        query.requireValid();
        return catalog.versions(query.string("name", "")).map(cards -> cards.stream().map(ModelCardResponse::of).toList());
    }

    @GET
    @Path("/resolve")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "resolveModel", summary = "The version a name and alias (or version) stand for",
            description = "e.g. ?name=Granite 3.0 8B Instruct&alias=production")
    @Parameter(name = "name", in = ParameterIn.QUERY, required = true)
    @Parameter(name = "alias", in = ParameterIn.QUERY, description = "e.g. production; or give version")
    @Parameter(name = "version", in = ParameterIn.QUERY)
    @APIResponse(responseCode = "200", description = "The version",
            headers = @Header(name = "ETag", description = "The revision", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ModelCardResponse.class)))
    @APIResponse(responseCode = "404", description = "No such version or alias")
    public Uni<Response> resolve(@Context UriInfo uri) {
        QueryReader query = QueryReader.of(uri, Set.of("name", "alias", "version"));
        query.require("name");
        query.requireValid();
        GetModelRequest.Builder request = GetModelRequest.newBuilder().setName(query.string("name", ""))
                .setAlias(query.string("alias", "")).setVersion(query.string("version", ""));
        return catalog.get(request.build()).map(ModelResource::withRevision);
    }

    @Allowed(Role.CONTRIBUTOR)
    @POST
    @Path("/import/huggingface")
    @Consumes({"text/markdown", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "importHuggingFaceCard",
            summary = "Register a Hugging Face model card (README.md with YAML front matter)",
            description = "repoId (owner/name), version, parameterCount and contextWindow come as query parameters "
                    + "unless the front matter's fmp block states them; model-index results become reportedResults, "
                    + "other front matter keys are kept as hf:<key> properties.")
    @Parameter(name = "repoId", in = ParameterIn.QUERY, example = "ibm-granite/granite-3.0-8b-instruct")
    @Parameter(name = "version", in = ParameterIn.QUERY)
    @Parameter(name = "parameterCount", in = ParameterIn.QUERY,
            schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "1"))
    @Parameter(name = "contextWindow", in = ParameterIn.QUERY,
            schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "1"))
    @RequestBody(required = true, content = @Content(mediaType = "text/markdown",
            schema = @Schema(type = SchemaType.STRING, description = "README.md with YAML front matter")))
    @APIResponse(responseCode = "201", description = "Registered; Location is the new version",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ModelCardResponse.class)))
    @APIResponse(responseCode = "409", description = "Name and version already registered")
    public Uni<Response> importHuggingFace(@Context UriInfo uri, String readme) {
        QueryReader query = QueryReader.of(uri, Set.of("repoId", "version", "parameterCount", "contextWindow"));
        long parameterCount = query.longInteger("parameterCount", 0);
        int contextWindow = query.integer("contextWindow", 0, 0, Integer.MAX_VALUE);
        query.requireValid();
        ImportHuggingFaceCardRequest request = ImportHuggingFaceCardRequest.newBuilder()
                .setReadme(readme == null ? "" : readme).setRepoId(query.string("repoId", ""))
                .setVersion(query.string("version", "")).setParameterCount(parameterCount)
                .setContextWindow(contextWindow).build();
        return catalog.importHuggingFace(request).map(ModelCardResponse::of).map(model -> Response.created(
                uri.getBaseUriBuilder().path("api/v1/models").path(model.id()).build()).entity(model).build());
    }

    @GET
    @Path("/{id}/huggingface")
    @Produces("text/markdown")
    @Operation(operationId = "exportHuggingFaceCard",
            summary = "The version as a Hugging Face README.md; importing it again gives an equal card")
    @APIResponse(responseCode = "200", description = "README.md",
            content = @Content(mediaType = "text/markdown", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "404", description = "No model with this id")
    public Uni<String> exportHuggingFace(@PathParam("id") String id) {
        return catalog.exportHuggingFace(id);
    }

    private static Response withRevision(ModelCard card) {
        ModelCardResponse model = ModelCardResponse.of(card);
        return Response.ok(model).tag(new EntityTag(Long.toString(model.revision()))).build();
    }

    private static Long revision(String ifMatch) {
        if (ifMatch == null) {
            return null;
        }
        String value = ifMatch.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("If-Match", "must be the revision from the ETag, e.g. \"3\"");
        }
    }

    /** The catalog names bad mask entries updateMask.paths[i]; a REST caller knows them by field name. */
    private static RuntimeException maskPathsAsFields(StatusRuntimeException e, List<String> paths) {
        if (e.getStatus().getCode() != io.grpc.Status.Code.INVALID_ARGUMENT) {
            return e;
        }
        var violations = GrpcErrors.fieldViolations(e);
        if (violations.isEmpty()) {
            return e;
        }
        return new InvalidInputException(violations.stream().map(v -> {
            var index = java.util.regex.Pattern.compile("updateMask\\.paths\\[(\\d+)]").matcher(v.field());
            return index.matches() ? new FieldViolation(paths.get(Integer.parseInt(index.group(1))), v.message()) : v;
        }).toList());
    }
}
