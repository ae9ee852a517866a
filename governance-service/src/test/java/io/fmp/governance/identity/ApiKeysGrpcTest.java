package io.fmp.governance.identity;

import com.google.protobuf.Timestamp;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.governance.v1.ApiKey;
import io.fmp.contracts.governance.v1.CreateApiKeyRequest;
import io.fmp.contracts.governance.v1.CreatedApiKey;
import io.fmp.contracts.governance.v1.GovernanceServiceGrpc;
import io.fmp.contracts.governance.v1.IdentityServiceGrpc;
import io.fmp.contracts.governance.v1.ListApiKeysRequest;
import io.fmp.contracts.governance.v1.ListAuditRecordsRequest;
import io.fmp.contracts.governance.v1.RevokeApiKeyRequest;
import io.fmp.contracts.governance.v1.Role;
import io.fmp.contracts.governance.v1.VerifyApiKeyRequest;
import io.fmp.contracts.identity.Principal;
import io.fmp.platform.identity.Callers;
import io.fmp.platform.testing.Eventually;
import io.fmp.platform.testing.KafkaBrokerResource;
import io.fmp.platform.testing.PostgresDatabaseResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "fmp_governance_test"))
class ApiKeysGrpcTest {

    @GrpcClient("governance")
    IdentityServiceGrpc.IdentityServiceBlockingStub identity;

    @GrpcClient("governance")
    GovernanceServiceGrpc.GovernanceServiceBlockingStub governance;

    static final Principal ALICE = new Principal("alice", "", List.of(), true);
    static final Principal BOB = new Principal("bob", "", List.of(), true);

    private CreatedApiKey create(String project, Role role) {
        return Callers.as(ALICE, () -> identity.createApiKey(CreateApiKeyRequest.newBuilder().setName("ci job")
                .setProject(project).setRole(role).build()));
    }

    private static Status.Code refusal(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    @Test
    void anIssuedKeyVerifiesUntilRevokedAndOnlyItsKeyedHashIsStored() {
        CreatedApiKey created = create("support", Role.CONTRIBUTOR);
        ApiKey verified = identity.verifyApiKey(VerifyApiKeyRequest.newBuilder().setSecret(created.getSecret()).build());
        assertEquals(created.getKey().getId(), verified.getId());
        assertEquals(0, verified.getRequestsPerMinute(), "no limit of its own: the gateway's default");
        CreatedApiKey throttled = Callers.as(ALICE, () -> identity.createApiKey(CreateApiKeyRequest.newBuilder()
                .setName("slow job").setProject("support").setRole(Role.VIEWER).setRequestsPerMinute(60).build()));
        assertEquals(60, identity.verifyApiKey(VerifyApiKeyRequest.newBuilder().setSecret(throttled.getSecret()).build())
                .getRequestsPerMinute(), "the gateway learns the key's own limit when it verifies it");
        assertEquals("support", verified.getProject());
        assertEquals(Role.CONTRIBUTOR, verified.getRole());
        assertTrue(verified.hasLastUsedAt(), "its use is recorded");
        String stored = QuarkusTransaction.requiringNew().call(() -> ((ApiKeyRecord) ApiKeyRecord
                .findById(created.getKey().getId())).secretHash);
        assertFalse(created.getSecret().contains(stored) || stored.contains(created.getSecret().substring(17)));
        assertTrue(Callers.as(ALICE, () -> identity.listApiKeys(ListApiKeysRequest.newBuilder().setProject("support")
                .build())).getKeysList().stream().anyMatch(k -> k.getId().equals(created.getKey().getId())));

        ApiKey revoked = Callers.as(BOB, () -> identity.revokeApiKey(RevokeApiKeyRequest.newBuilder()
                .setId(created.getKey().getId()).build()));
        assertTrue(revoked.hasRevokedAt());
        assertEquals(Status.Code.UNAUTHENTICATED, refusal(() -> identity.verifyApiKey(VerifyApiKeyRequest.newBuilder()
                .setSecret(created.getSecret()).build())));
        // issue and revocation, with who did them, are in the audit trail (never the secret)
        List<String> audited = Eventually.await(() -> governance.listAuditRecords(ListAuditRecordsRequest.newBuilder()
                        .setSubject(created.getKey().getId()).build()).getRecordsList().stream()
                        .map(r -> r.getEventType() + " " + (r.getDataJson().contains("\"actor\":\"bob\"") ? "bob" : "alice")
                                + (r.getDataJson().contains(created.getSecret().substring(17)) ? " LEAKED" : ""))
                        .toList(),
                records -> records.size() == 2, Duration.ofSeconds(30));
        assertEquals(List.of(EventTypes.GOVERNANCE_API_KEY_CREATED + " alice", EventTypes.GOVERNANCE_API_KEY_REVOKED + " bob"),
                audited);
    }

    @Test
    void unknownWrongExpiredAndMalformedKeysAreRefusedAlike() {
        CreatedApiKey created = create("support", Role.VIEWER);
        String secret = created.getSecret();
        String wrongSecret = secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A");
        CreatedApiKey soonExpired = create("support", Role.VIEWER);
        QuarkusTransaction.requiringNew().run(() -> ((ApiKeyRecord) ApiKeyRecord.findById(soonExpired.getKey().getId()))
                .expiresAt = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1));
        for (String presented : List.of(wrongSecret, soonExpired.getSecret(), "fmp_unknown00000_" + "a".repeat(43),
                "not a key", "")) {
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
                    () -> identity.verifyApiKey(VerifyApiKeyRequest.newBuilder().setSecret(presented).build()));
            assertEquals(Status.Code.UNAUTHENTICATED, refused.getStatus().getCode(), presented);
            assertEquals("the API key is not valid (unknown, expired or revoked)", refused.getStatus().getDescription());
        }
    }

    @Test
    void badRequestsNameEveryBadField() {
        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> Callers.as(ALICE,
                () -> identity.createApiKey(CreateApiKeyRequest.newBuilder().setName("").setProject("Not A Project")
                        .setRole(Role.VIEWER).setExpiresAt(Timestamp.newBuilder()
                                .setSeconds(Instant.now().minusSeconds(60).getEpochSecond())).setRequestsPerMinute(-1)
                        .build())));
        assertEquals(List.of("name", "project", "expiresAt", "requestsPerMinute"),
                GrpcErrors.fieldViolations(bad).stream().map(FieldViolation::field).toList());
        assertEquals(List.of("project"), GrpcErrors.fieldViolations(assertThrows(StatusRuntimeException.class,
                () -> create("support", Role.PLATFORM_ADMIN))).stream().map(FieldViolation::field).toList(),
                "a platform-admin key names no project");
        assertEquals(List.of("role"), GrpcErrors.fieldViolations(assertThrows(StatusRuntimeException.class,
                () -> create("support", Role.ROLE_UNSPECIFIED))).stream().map(FieldViolation::field).toList());
        assertEquals(Status.Code.NOT_FOUND, refusal(() -> Callers.as(ALICE, () -> identity.revokeApiKey(
                RevokeApiKeyRequest.newBuilder().setId("nosuchkey000").build()))));
    }

    @Test
    void eachCallIsAuthorizedForItsCallerAndACallWithoutAValidCallerTokenIsUnauthenticated() throws Exception {
        Principal supportAdmin = new Principal("carol", "support", List.of("project-admin"), false);
        Principal supportViewer = new Principal("dave", "support", List.of("viewer"), false);
        // a project administrator issues and lists its own project's keys, not another's, not an administrator's
        assertEquals("support", Callers.as(supportAdmin, () -> issue(identity, "support", Role.VIEWER)).getKey()
                .getProject());
        for (Runnable denied : List.<Runnable>of(
                () -> Callers.as(supportAdmin, () -> issue(identity, "billing", Role.VIEWER)),
                () -> Callers.as(supportAdmin, () -> issue(identity, "", Role.PLATFORM_ADMIN)),
                () -> Callers.as(supportViewer, () -> issue(identity, "support", Role.VIEWER)),
                () -> Callers.as(supportViewer, () -> identity.listApiKeys(ListApiKeysRequest.newBuilder()
                        .setProject("support").build())),
                // keys are verified by platform services only: a person cannot probe them here
                () -> Callers.as(supportAdmin, () -> identity.verifyApiKey(VerifyApiKeyRequest.newBuilder()
                        .setSecret(BOOTSTRAP).build())))) {
            assertEquals(Status.Code.PERMISSION_DENIED, refusal(denied));
        }
        // a caller reaching the port without the platform's caller token gets nowhere
        io.grpc.ManagedChannel bare = io.grpc.ManagedChannelBuilder.forAddress("localhost", 9184).usePlaintext().build();
        try {
            StatusRuntimeException anonymous = assertThrows(StatusRuntimeException.class, () -> IdentityServiceGrpc
                    .newBlockingStub(bare).verifyApiKey(VerifyApiKeyRequest.newBuilder().setSecret(BOOTSTRAP).build()));
            assertEquals(Status.Code.UNAUTHENTICATED, anonymous.getStatus().getCode());
            io.grpc.Metadata forged = new io.grpc.Metadata();
            forged.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "Bearer "
                    + new io.fmp.contracts.identity.InternalTokens("a-secret-that-is-not-the-platforms-0123456789",
                    Duration.ofMinutes(1)).mint(Principal.service("gateway")));
            StatusRuntimeException forgedCall = assertThrows(StatusRuntimeException.class, () -> IdentityServiceGrpc
                    .newBlockingStub(bare).withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(forged))
                    .verifyApiKey(VerifyApiKeyRequest.newBuilder().setSecret(BOOTSTRAP).build()));
            assertEquals(Status.Code.UNAUTHENTICATED, forgedCall.getStatus().getCode());
        } finally {
            bare.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static CreatedApiKey issue(IdentityServiceGrpc.IdentityServiceBlockingStub identity, String project,
                                         Role role) {
        return identity.createApiKey(CreateApiKeyRequest.newBuilder().setName("k").setProject(project).setRole(role)
                .build());
    }

    @Test
    void theBootstrapAdministratorKeyFromTheConfigurationIsRegisteredOnce() {
        ApiKey admin = identity.verifyApiKey(VerifyApiKeyRequest.newBuilder().setSecret(BOOTSTRAP).build());
        assertEquals(Role.PLATFORM_ADMIN, admin.getRole());
        assertEquals("", admin.getProject());
        assertEquals("bootstrap", admin.getCreatedBy());
    }

    /** The same as %test.fmp.governance.identity.bootstrap-admin-key. */
    static final String BOOTSTRAP = "fmp_testadmin001_" + "T".repeat(43);
}
