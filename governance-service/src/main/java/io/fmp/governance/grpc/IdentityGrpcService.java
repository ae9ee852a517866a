package io.fmp.governance.grpc;

import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.governance.v1.ApiKey;
import io.fmp.contracts.governance.v1.CreateApiKeyRequest;
import io.fmp.contracts.governance.v1.CreatedApiKey;
import io.fmp.contracts.governance.v1.IdentityService;
import io.fmp.contracts.governance.v1.ListApiKeysRequest;
import io.fmp.contracts.governance.v1.ListApiKeysResponse;
import io.fmp.contracts.governance.v1.RevokeApiKeyRequest;
import io.fmp.contracts.governance.v1.Role;
import io.fmp.contracts.governance.v1.VerifyApiKeyRequest;
import io.fmp.contracts.grpc.ProtoTimestamps;
import io.fmp.contracts.identity.Principal;
import io.fmp.governance.identity.ApiKeyRecord;
import io.fmp.governance.identity.ApiKeys;
import io.fmp.platform.identity.Callers;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** gRPC adapter of {@link ApiKeys}. */
@GrpcService
@Blocking
public class IdentityGrpcService implements IdentityService {

    @Inject
    ApiKeys keys;

    @Override
    public Uni<CreatedApiKey> createApiKey(CreateApiKeyRequest request) {
        return GrpcErrors.answer(() -> {
            Callers.require(caller -> caller.platformAdmin() || caller.roles().contains("project-admin")
                            && caller.project().equals(request.getProject()) && request.getRole() != Role.PLATFORM_ADMIN,
                    "a platform administrator, or a project administrator issuing a key of its own project");
            ApiKeys.Issued issued = keys.create(request.getName(), request.getProject(), request.getRole(),
                    request.hasExpiresAt() ? OffsetDateTime.ofInstant(ProtoTimestamps.toInstant(request.getExpiresAt()),
                            ZoneOffset.UTC) : null, request.getRequestsPerMinute(), Callers.actor());
            return CreatedApiKey.newBuilder().setKey(toProto(issued.key())).setSecret(issued.secret()).build();
        });
    }

    @Override
    public Uni<ListApiKeysResponse> listApiKeys(ListApiKeysRequest request) {
        return GrpcErrors.answer(() -> {
            Callers.require(caller -> caller.platformAdmin() || caller.roles().contains("project-admin")
                    && caller.project().equals(request.getProject()) && !request.getProject().isEmpty(),
                    "a platform administrator, or the project's administrator");
            return ListApiKeysResponse.newBuilder()
                    .addAllKeys(keys.list(request.getProject()).stream().map(IdentityGrpcService::toProto).toList()).build();
        });
    }

    @Override
    public Uni<ApiKey> revokeApiKey(RevokeApiKeyRequest request) {
        return GrpcErrors.answer(() -> {
            Principal caller = Callers.require(p -> p.platformAdmin() || p.roles().contains("project-admin"),
                    "a platform administrator, or the key's project administrator");
            if (!caller.platformAdmin() && !keys.get(request.getId()).project.equals(caller.project())) {
                throw Status.NOT_FOUND.withDescription("API key " + request.getId() + " does not exist").asRuntimeException();
            }
            return toProto(keys.revoke(request.getId(), caller.subject()));
        });
    }

    @Override
    public Uni<ApiKey> verifyApiKey(VerifyApiKeyRequest request) {
        return GrpcErrors.answer(() -> {
            // only the gateway (or another service) verifies keys: callers may not probe them here
            Callers.require(Principal::isService, "a platform service");
            try {
                return toProto(keys.verify(request.getSecret()));
            } catch (ApiKeys.NotAuthenticatedException e) {
                throw Status.UNAUTHENTICATED.withDescription(e.getMessage()).asRuntimeException();
            }
        });
    }

    static ApiKey toProto(ApiKeyRecord record) {
        ApiKey.Builder key = ApiKey.newBuilder().setId(record.id).setName(record.name).setProject(record.project)
                .setRole(record.role).setCreatedAt(ProtoTimestamps.of(record.createdAt)).setCreatedBy(record.createdBy)
                .setRequestsPerMinute(record.requestsPerMinute);
        if (record.expiresAt != null) {
            key.setExpiresAt(ProtoTimestamps.of(record.expiresAt));
        }
        if (record.revokedAt != null) {
            key.setRevokedAt(ProtoTimestamps.of(record.revokedAt));
        }
        if (record.lastUsedAt != null) {
            key.setLastUsedAt(ProtoTimestamps.of(record.lastUsedAt));
        }
        return key.build();
    }
}
