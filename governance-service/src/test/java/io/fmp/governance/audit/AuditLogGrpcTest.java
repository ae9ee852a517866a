package io.fmp.governance.audit;

import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.ModelRegistered;
import io.fmp.contracts.events.Topics;
import io.fmp.contracts.governance.v1.AuditLogEntry;
import io.fmp.contracts.governance.v1.GetAuditCheckpointRequest;
import io.fmp.contracts.governance.v1.GetAuditConsistencyProofRequest;
import io.fmp.contracts.governance.v1.GetAuditInclusionProofRequest;
import io.fmp.contracts.governance.v1.GetAuditLogKeyRequest;
import io.fmp.contracts.governance.v1.GovernanceServiceGrpc;
import io.fmp.contracts.governance.v1.ListAuditLogEntriesRequest;
import io.fmp.contracts.governance.v1.ListAuditRecordsRequest;
import io.fmp.contracts.identity.Principal;
import io.fmp.contracts.transparency.Checkpoint;
import io.fmp.contracts.transparency.MerkleTree;
import io.fmp.contracts.transparency.NoteVerifier;
import io.fmp.platform.errors.RootCause;
import io.fmp.platform.identity.Callers;
import io.fmp.platform.testing.Eventually;
import io.fmp.platform.testing.KafkaBrokerResource;
import io.fmp.platform.testing.KafkaTestClient;
import io.fmp.platform.testing.PostgresDatabaseResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit log as an outsider checks it: the checkpoint verifies with the published key, every entry's
 * leaf is in the tree the checkpoint commits to, a later checkpoint extends the earlier one, and a record
 * rewritten in the database no longer fits the checkpoint signed before.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "fmp_governance_test"))
class AuditLogGrpcTest {

    @GrpcClient("governance")
    GovernanceServiceGrpc.GovernanceServiceBlockingStub governance;

    @Inject
    EntityManager entityManager;

    private final KafkaTestClient kafka = new KafkaTestClient(KafkaBrokerResource.broker().bootstrapServers());

    private String register() {
        String modelId = UUID.randomUUID().toString();
        kafka.send(Topics.CATALOG, new EventEnvelope(UUID.randomUUID().toString(), EventTypes.MODEL_REGISTERED,
                "catalog-service", modelId, Instant.now().truncatedTo(ChronoUnit.MICROS), null,
                EventCodec.toData(new ModelRegistered(modelId, "Log model", "Test", "1", 1_000_000L, "apache-2.0", 512,
                        List.of("text-generation"), null, "shared"))));
        Eventually.await(() -> governance.listAuditRecords(ListAuditRecordsRequest.newBuilder().setSubject(modelId)
                .build()).getRecordsCount(), count -> count == 1, Duration.ofSeconds(30));
        return modelId;
    }

    private Checkpoint checkpoint(NoteVerifier verifier) {
        return Checkpoint.parse(verifier.open(governance.getAuditCheckpoint(GetAuditCheckpointRequest.getDefaultInstance())
                .getNote()));
    }

    private static List<byte[]> hashes(io.fmp.contracts.governance.v1.AuditProof proof) {
        return proof.getHashesList().stream().map(com.google.protobuf.ByteString::toByteArray).toList();
    }

    @Test
    void checkpointsVerifyEntriesAreIncludedLaterTreesExtendEarlierOnesAndARewriteIsCaught() {
        register();
        register();
        NoteVerifier verifier = NoteVerifier.parse(governance.getAuditLogKey(GetAuditLogKeyRequest.getDefaultInstance())
                .getVerifierKey());
        assertEquals("fmp/audit", verifier.name());
        Checkpoint first = checkpoint(verifier);
        assertEquals("fmp/audit", first.origin());
        List<AuditLogEntry> entries = governance.listAuditLogEntries(ListAuditLogEntriesRequest.newBuilder()
                .setStart(0).setEnd(first.size()).build()).getEntriesList();
        assertEquals(first.size(), entries.size());
        for (AuditLogEntry entry : entries) {
            assertEquals(entry.getIndex() + 1, entry.getRecord().getSequence());
            assertTrue(MerkleTree.verifyInclusion((int) entry.getIndex(), (int) first.size(),
                    MerkleTree.leafHash(entry.getLeaf().toByteArray()), hashes(governance.getAuditInclusionProof(
                            GetAuditInclusionProofRequest.newBuilder().setIndex(entry.getIndex())
                                    .setTreeSize(first.size()).build())), first.rootHash()), "entry " + entry.getIndex());
        }

        register();
        Checkpoint second = checkpoint(verifier);
        assertTrue(second.size() > first.size());
        assertTrue(MerkleTree.verifyConsistency((int) first.size(), (int) second.size(), hashes(
                governance.getAuditConsistencyProof(GetAuditConsistencyProofRequest.newBuilder()
                        .setFrom(first.size()).setTo(second.size()).build())), first.rootHash(), second.rootHash()));

        // a record rewritten where it is stored: its entry no longer fits the checkpoint signed before
        long index = first.size() - 1;
        String original = QuarkusTransaction.requiringNew().call(() -> (String) entityManager.createNativeQuery(
                "SELECT data_json FROM audit_record WHERE sequence = ?1").setParameter(1, index + 1).getSingleResult());
        // the service's database user cannot: the table is append-only
        Exception refused = assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("UPDATE audit_record SET data_json = ?1 WHERE sequence = ?2")
                .setParameter(1, original.replace("Log model", "Forged model")).setParameter(2, index + 1).executeUpdate()));
        assertTrue(RootCause.describe(refused).contains("audit records are append-only: UPDATE"), RootCause.describe(refused));
        assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("DELETE FROM audit_record WHERE sequence = ?1").setParameter(1, index + 1).executeUpdate()));
        // the table's owner, dropping the guard, can; the signed checkpoint still gives it away
        tamper("UPDATE audit_record SET data_json = ?1 WHERE sequence = ?2", original.replace("Log model", "Forged model"),
                index + 1);
        try {
            AuditLogEntry rewritten = governance.listAuditLogEntries(ListAuditLogEntriesRequest.newBuilder()
                    .setStart(index).setEnd(index + 1).build()).getEntries(0);
            assertFalse(MerkleTree.verifyInclusion((int) index, (int) first.size(), MerkleTree.leafHash(
                    rewritten.getLeaf().toByteArray()), hashes(governance.getAuditInclusionProof(
                    GetAuditInclusionProofRequest.newBuilder().setIndex(index).setTreeSize(first.size()).build())),
                    first.rootHash()));
        } finally {
            tamper("UPDATE audit_record SET data_json = ?1 WHERE sequence = ?2", original, index + 1);
        }
    }

    /** What only the table's owner can do: a write with the append-only trigger dropped for the transaction. */
    private void tamper(String sql, Object... parameters) {
        QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only").executeUpdate();
            var query = entityManager.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            query.executeUpdate();
            entityManager.createNativeQuery("ALTER TABLE audit_record ENABLE TRIGGER audit_record_append_only").executeUpdate();
        });
    }

    @Test
    void membersCheckProofsButOnlyAdministratorsReadEveryProjectsEntriesAndBadRangesAreNamed() {
        register();
        Principal viewer = new Principal("key:viewer", "team", List.of(Principal.VIEWER), false);
        assertFalse(Callers.as(viewer, () -> governance.getAuditCheckpoint(GetAuditCheckpointRequest.getDefaultInstance()))
                .getNote().isEmpty());
        assertEquals(Status.Code.PERMISSION_DENIED, assertThrows(StatusRuntimeException.class, () -> Callers.as(viewer,
                () -> governance.listAuditLogEntries(ListAuditLogEntriesRequest.newBuilder().setStart(0).setEnd(1)
                        .build()))).getStatus().getCode());
        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> governance.listAuditLogEntries(
                ListAuditLogEntriesRequest.newBuilder().setStart(-1).setEnd(-1).build()));
        assertEquals(List.of("start", "end"), GrpcErrors.fieldViolations(bad).stream().map(FieldViolation::field).toList());
        assertEquals(List.of("treeSize"), GrpcErrors.fieldViolations(assertThrows(StatusRuntimeException.class,
                () -> governance.getAuditInclusionProof(GetAuditInclusionProofRequest.newBuilder().setIndex(0)
                        .setTreeSize(Integer.MAX_VALUE).build()))).stream().map(FieldViolation::field).toList());
    }
}
