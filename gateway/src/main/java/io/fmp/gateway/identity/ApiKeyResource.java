package io.fmp.gateway.identity;

import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.governance.v1.ApiKey;
import io.fmp.contracts.governance.v1.CreateApiKeyRequest;
import io.fmp.contracts.governance.v1.CreatedApiKey;
import io.fmp.contracts.grpc.ProtoTimestamps;
import io.fmp.gateway.downstream.IdentityClient;
import io.fmp.gateway.security.Allowed;
import io.fmp.gateway.security.Caller;
import io.fmp.gateway.security.CurrentCaller;
import io.fmp.gateway.validation.ApiEnums.Role;
import io.fmp.gateway.validation.ApiEnums;
import io.fmp.gateway.validation.JsonRequest;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/**
 * API keys for machines and scripts: a project administrator issues and revokes its project's keys, a
 * platform administrator any key, including platform-wide administrator keys.
 */
@Path("/api/v1/api-keys")
@Tag(name = "identity", description = "API keys: issued to a project and a role, shown once, revocable")
@Allowed(Role.PROJECT_ADMIN)
public class ApiKeyResource {

    @Inject
    IdentityClient identity;

    @Inject
    CurrentCaller current;

    @Schema(name = "ApiKey", description = "An API key without its secret")
    public record ApiKeyJson(
            @Schema(required = true, description = "The public part of the key (fmp_<id>_...)") String id,
            @Schema(required = true) String name,
            @Schema(required = true, description = "Empty for a platform-admin key") String project,
            @Schema(required = true) Role role,
            @Schema(required = true) Instant createdAt,
            @Schema(required = true) String createdBy,
            Instant expiresAt,
            Instant revokedAt,
            @Schema(description = "Recorded at most once a minute") Instant lastUsedAt,
            @Schema(description = "Its own request rate limit; absent: the platform's default") Integer requestsPerMinute) {

        static ApiKeyJson of(ApiKey key) {
            return new ApiKeyJson(key.getId(), key.getName(), key.getProject(), ApiEnums.fromProto(key.getRole(), Role.class),
                    ProtoTimestamps.toInstant(key.getCreatedAt()), key.getCreatedBy(),
                    key.hasExpiresAt() ? ProtoTimestamps.toInstant(key.getExpiresAt()) : null,
                    key.hasRevokedAt() ? ProtoTimestamps.toInstant(key.getRevokedAt()) : null,
                    key.hasLastUsedAt() ? ProtoTimestamps.toInstant(key.getLastUsedAt()) : null,
                    key.getRequestsPerMinute() == 0 ? null : key.getRequestsPerMinute());
        }
    }

    @Schema(name = "ApiKeyRequest", description = "A key to issue")
    public record ApiKeyRequest(
            @Schema(required = true, example = "nightly evaluation job") String name,
            @Schema(description = "The project the key acts in; omitted for a platform-admin key", example = "support")
            String project,
            @Schema(required = true) Role role,
            @Schema(description = "When the key stops working; never when absent") OffsetDateTime expiresAt,
            @Schema(description = "Requests it may make per minute (429 above it); the platform's default when absent",
                    minimum = "1", maximum = "1000000", example = "600") Integer requestsPerMinute)
            implements JsonRequest {
    }

    @Schema(name = "IssuedApiKey")
    public record IssuedApiKey(
            @Schema(required = true) ApiKeyJson key,
            @Schema(required = true, description = "The whole key, for Authorization: Bearer. Shown this once; only "
                    + "a keyed hash of it is kept") String secret) {
    }

    @Schema(name = "ApiKeyList")
    public record ApiKeyList(@Schema(required = true) List<ApiKeyJson> keys) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createApiKey", summary = "Issue an API key",
            description = "A project administrator issues keys of its own project; a platform administrator any "
                    + "key. The answer holds the key once.")
    @APIResponse(responseCode = "201", description = "Issued", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IssuedApiKey.class)))
    public Response create(ApiKeyRequest body) {
        // whose project it may be is governance-service's decision, for the caller the call carries (403 there)
        CreateApiKeyRequest.Builder request = CreateApiKeyRequest.newBuilder().setName(body.name())
                .setProject(body.project() == null ? "" : body.project())
                .setRole(ApiEnums.toProto(body.role(), io.fmp.contracts.governance.v1.Role.class));
        if (body.expiresAt() != null) {
            request.setExpiresAt(ProtoTimestamps.of(body.expiresAt()));
        }
        if (body.requestsPerMinute() != null) {
            if (body.requestsPerMinute() < 1) {
                // 0 means "the default" on the wire; here the default is an absent field
                throw new InvalidInputException("requestsPerMinute", "must be between 1 and 1000000 (absent: the"
                        + " platform's default)");
            }
            request.setRequestsPerMinute(body.requestsPerMinute());
        }
        CreatedApiKey created = identity.create(request.build());
        return Response.status(201).entity(new IssuedApiKey(ApiKeyJson.of(created.getKey()), created.getSecret())).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listApiKeys", summary = "A project's API keys, newest first, without secrets")
    @Parameter(name = "project", in = ParameterIn.QUERY,
            description = "A platform administrator may name any project, or none for every key")
    @APIResponse(responseCode = "200", description = "The keys", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiKeyList.class)))
    public ApiKeyList list(@Context UriInfo uri) {
        QueryReader query = QueryReader.of(uri, Set.of("project"));
        query.requireValid();
        Caller caller = current.get();
        String project = caller.platformAdmin() ? query.string("project", "") : caller.project();
        return new ApiKeyList(identity.list(project).stream().map(ApiKeyJson::of).toList());
    }

    @POST
    @Path("/{id}/revoke")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key for good",
            description = "Gateways believe a verified key for fmp.gateway.auth.cache-ttl (30 s) at most.")
    @APIResponse(responseCode = "200", description = "Revoked (a second revocation keeps the first)", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiKeyJson.class)))
    @APIResponse(responseCode = "404", description = "No such key in the caller's project")
    public ApiKeyJson revoke(@PathParam("id") String id) {
        // governance-service answers 404 for another project's key, for the caller the call carries
        return ApiKeyJson.of(identity.revoke(id));
    }
}
