package io.fmp.gateway.models;

import io.fmp.contracts.catalog.v1.GetModelRequest;
import io.fmp.contracts.catalog.v1.ImportHuggingFaceCardRequest;
import io.fmp.contracts.catalog.v1.ModelCard;
import io.fmp.contracts.catalog.v1.SetAliasRequest;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.errors.Problem;
import io.grpc.StatusRuntimeException;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
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
        ModelCardResponse model = ModelCardResponse.of(catalog.register(ModelCardRequest.parse(body)));
        return Response.created(uri.getAbsolutePathBuilder().path(model.id()).build()).entity(model).build();
    }

    /** A page of search results; pass nextPageToken as pageToken for the next page. */
    public record SearchPage(java.util.List<ModelCardResponse> models, String nextPageToken) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Search the catalog",
            description = "Filters: q (words in name, provider, description), task, language, license, commercialUse, "
                    + "minParameters, maxParameters, minContextWindow, deploymentOption, lifecycleState, tag, provider, "
                    + "name (exact, all versions), baseModelId (models derived from it). "
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
    @Operation(summary = "Get a model version", description = "The ETag header carries the revision for If-Match.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ModelCardResponse.class)))
    @APIResponse(responseCode = "404", description = "No model with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response get(@PathParam("id") String id) {
        return withRevision(ModelCardResponse.of(catalog.get(id)));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a version's metadata or lifecycle state",
            description = "A merge patch: the fields present change (facts.description, facts.tags, facts.apiPrice, "
                    + "facts.dataRegions, facts.deploymentOptions, facts.hardware, endpoints, properties, documentation, "
                    + "lifecycleState). Content is immutable: register a new version instead. If-Match: \"<revision>\" "
                    + "makes the change conditional. Emits model.updated and, for a lifecycle move, model.state-changed.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ModelPatchRequest.class),
            examples = {@ExampleObject(name = "endpoint", value = """
                    {"endpoints": [{"protocol": "openai-chat", "url": "https://granite.internal/v1",
                                    "secretRef": "k8s:granite-gateway/api-key"}],
                     "facts": {"tags": ["banking", "chat"]}}"""),
                    @ExampleObject(name = "deprecate", value = """
                            {"lifecycleState": "deprecated", "reason": "superseded by 3.1"}""")}))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ModelCardResponse.class)))
    @APIResponse(responseCode = "400", description = "Bad values or immutable fields, each named",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A lifecycle move the rules do not allow",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "412", description = "If-Match names an older revision",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response update(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, String body) {
        var request = ModelPatchRequest.parse(id, body, revision(ifMatch));
        try {
            return withRevision(ModelCardResponse.of(catalog.update(request)));
        } catch (StatusRuntimeException e) {
            throw maskPathsAsFields(e, request.getUpdateMask().getPathsList());
        }
    }

    @PUT
    @Path("/{id}/aliases/{alias}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Point an alias of the model's name at this version",
            description = "e.g. PUT /api/v1/models/{id}/aliases/production. Emits model.alias-moved; repeating it "
                    + "changes nothing. 409 for a retired version.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ModelCardResponse.class)))
    public ModelCardResponse setAlias(@PathParam("id") String id, @PathParam("alias") String alias) {
        ModelCard model = catalog.get(id);
        return ModelCardResponse.of(catalog.setAlias(SetAliasRequest.newBuilder().setName(model.getCard().getName())
                .setAlias(alias).setModelId(id).build()));
    }

    @GET
    @Path("/versions")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every version of a model name, newest first, with its aliases")
    public java.util.List<ModelCardResponse> versions(@QueryParam("name") String name) {
        return catalog.versions(name == null ? "" : name).stream().map(ModelCardResponse::of).toList();
    }

    @GET
    @Path("/resolve")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The version a name and alias (or version) stand for",
            description = "e.g. ?name=Granite 3.0 8B Instruct&alias=production")
    @APIResponse(responseCode = "404", description = "No such version or alias",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response resolve(@QueryParam("name") String name, @QueryParam("alias") String alias,
                            @QueryParam("version") String version) {
        GetModelRequest.Builder request = GetModelRequest.newBuilder();
        if (name != null) {
            request.setName(name);
        }
        if (alias != null) {
            request.setAlias(alias);
        }
        if (version != null) {
            request.setVersion(version);
        }
        return withRevision(ModelCardResponse.of(catalog.get(request.build())));
    }

    @POST
    @Path("/import/huggingface")
    @Consumes({"text/markdown", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a Hugging Face model card (README.md with YAML front matter)",
            description = "repoId (owner/name), version, parameterCount and contextWindow come as query parameters "
                    + "unless the front matter's fmp block states them; model-index results become reportedResults, "
                    + "other front matter keys are kept as hf:<key> properties.")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = ModelCardResponse.class)))
    @APIResponse(responseCode = "400", description = "Front matter problems by key and line",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response importHuggingFace(@QueryParam("repoId") String repoId, @QueryParam("version") String version,
                                      @QueryParam("parameterCount") Long parameterCount,
                                      @QueryParam("contextWindow") Integer contextWindow, String readme,
                                      @Context UriInfo uri) {
        ImportHuggingFaceCardRequest.Builder request = ImportHuggingFaceCardRequest.newBuilder()
                .setReadme(readme == null ? "" : readme);
        if (repoId != null) {
            request.setRepoId(repoId);
        }
        if (version != null) {
            request.setVersion(version);
        }
        if (parameterCount != null) {
            request.setParameterCount(parameterCount);
        }
        if (contextWindow != null) {
            request.setContextWindow(contextWindow);
        }
        ModelCardResponse model = ModelCardResponse.of(catalog.importHuggingFace(request.build()));
        return Response.created(uri.getBaseUriBuilder().path("api/v1/models").path(model.id()).build()).entity(model).build();
    }

    @GET
    @Path("/{id}/huggingface")
    @Produces("text/markdown")
    @Operation(summary = "The version as a Hugging Face README.md; importing it again gives an equal card")
    public String exportHuggingFace(@PathParam("id") String id) {
        return catalog.exportHuggingFace(id);
    }

    private static Response withRevision(ModelCardResponse model) {
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
    private static RuntimeException maskPathsAsFields(StatusRuntimeException e, java.util.List<String> paths) {
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
