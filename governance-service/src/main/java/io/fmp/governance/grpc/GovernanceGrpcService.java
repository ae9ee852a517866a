package io.fmp.governance.grpc;

import io.fmp.contracts.errors.GrpcErrors;
import com.google.protobuf.ByteString;
import io.fmp.contracts.governance.v1.AuditCheckpoint;
import io.fmp.contracts.governance.v1.AuditLogEntry;
import io.fmp.contracts.governance.v1.AuditLogKey;
import io.fmp.contracts.governance.v1.AuditProof;
import io.fmp.contracts.governance.v1.AuditRecord;
import io.fmp.contracts.governance.v1.GetAuditCheckpointRequest;
import io.fmp.contracts.governance.v1.GetAuditConsistencyProofRequest;
import io.fmp.contracts.governance.v1.GetAuditInclusionProofRequest;
import io.fmp.contracts.governance.v1.GetAuditLogKeyRequest;
import io.fmp.contracts.governance.v1.ListAuditLogEntriesRequest;
import io.fmp.contracts.governance.v1.ListAuditLogEntriesResponse;
import io.fmp.contracts.governance.v1.GovernanceService;
import io.fmp.contracts.governance.v1.ListAuditRecordsRequest;
import io.fmp.contracts.governance.v1.ListAuditRecordsResponse;
import io.fmp.contracts.governance.v1.VerifyAuditChainRequest;
import io.fmp.contracts.governance.v1.VerifyAuditChainResponse;
import io.fmp.contracts.grpc.ProtoTimestamps;
import io.fmp.contracts.identity.Principal;
import io.fmp.governance.audit.AuditLog;
import io.fmp.governance.audit.AuditTrail;
import io.fmp.platform.identity.Callers;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

import java.util.List;

/** gRPC adapter of {@link AuditTrail}. */
@GrpcService
@Blocking
public class GovernanceGrpcService implements GovernanceService {

    @Inject
    AuditTrail trail;

    @Inject
    AuditLog log;

    @Override
    public Uni<ListAuditRecordsResponse> listAuditRecords(ListAuditRecordsRequest request) {
        return Uni.createFrom().item(() -> GrpcErrors.call(() -> ListAuditRecordsResponse.newBuilder()
                .addAllRecords(trail.forSubject(Callers.require(Principal.VIEWER), request.getSubject()).stream().map(GovernanceGrpcService::toProto).toList())
                .build()));
    }

    @Override
    public Uni<VerifyAuditChainResponse> verifyAuditChain(VerifyAuditChainRequest request) {
        return Uni.createFrom().item(() -> GrpcErrors.call(() -> {
            // the whole chain, every project's records: the platform's own checks and its administrators
            Callers.require(caller -> caller.platformAdmin() || caller.isService(), "a platform administrator");
            long broken = trail.firstBrokenSequence();
            return VerifyAuditChainResponse.newBuilder()
                    .setIntact(broken == 0)
                    .setRecordsChecked(trail.size())
                    .setFirstBrokenSequence(broken)
                    .build();
        }));
    }

    // the key, checkpoints and proofs carry hashes only: any member may check them; the entries carry
    // every project's records, so only administrators (and the platform's own verifiers) read them

    @Override
    public Uni<AuditLogKey> getAuditLogKey(GetAuditLogKeyRequest request) {
        return GrpcErrors.answer(() -> {
            Callers.require(Principal.VIEWER);
            return AuditLogKey.newBuilder().setVerifierKey(log.verifierKey()).build();
        });
    }

    @Override
    public Uni<AuditCheckpoint> getAuditCheckpoint(GetAuditCheckpointRequest request) {
        return GrpcErrors.answer(() -> {
            Callers.require(Principal.VIEWER);
            return AuditCheckpoint.newBuilder().setNote(log.checkpoint()).build();
        });
    }

    @Override
    public Uni<ListAuditLogEntriesResponse> listAuditLogEntries(ListAuditLogEntriesRequest request) {
        return GrpcErrors.answer(() -> {
            Callers.require(caller -> caller.platformAdmin() || caller.isService(), "a platform administrator");
            return ListAuditLogEntriesResponse.newBuilder().addAllEntries(log.entries(request.getStart(),
                    request.getEnd()).stream().map(e -> AuditLogEntry.newBuilder().setIndex(e.index())
                    .setLeaf(ByteString.copyFrom(e.leaf())).setRecord(toProto(e.record())).build()).toList()).build();
        });
    }

    @Override
    public Uni<AuditProof> getAuditInclusionProof(GetAuditInclusionProofRequest request) {
        return GrpcErrors.answer(() -> {
            Callers.require(Principal.VIEWER);
            return proof(log.inclusionProof(request.getIndex(), request.getTreeSize()));
        });
    }

    @Override
    public Uni<AuditProof> getAuditConsistencyProof(GetAuditConsistencyProofRequest request) {
        return GrpcErrors.answer(() -> {
            Callers.require(Principal.VIEWER);
            return proof(log.consistencyProof(request.getFrom(), request.getTo()));
        });
    }

    private static AuditProof proof(List<byte[]> hashes) {
        return AuditProof.newBuilder().addAllHashes(hashes.stream().map(ByteString::copyFrom).toList()).build();
    }

    private static AuditRecord toProto(io.fmp.governance.audit.AuditRecord record) {
        AuditRecord.Builder proto = AuditRecord.newBuilder()
                .setSequence(record.sequence)
                .setSubject(record.subject)
                .setEventId(record.eventId)
                .setEventType(record.eventType)
                .setEventSource(record.eventSource)
                .setEventTime(ProtoTimestamps.of(record.eventTime))
                .setRecordedAt(ProtoTimestamps.of(record.recordedAt))
                .setDataJson(record.dataJson)
                .setHash(record.hash)
                .setPreviousHash(record.previousHash);
        if (record.traceId != null) {
            proto.setTraceId(record.traceId);
        }
        if (record.actor != null) {
            proto.setActor(record.actor);
        }
        return proto.build();
    }
}
