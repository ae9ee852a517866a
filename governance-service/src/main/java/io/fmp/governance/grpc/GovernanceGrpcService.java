package io.fmp.governance.grpc;

import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.governance.v1.AuditRecord;
import io.fmp.contracts.governance.v1.GovernanceService;
import io.fmp.contracts.governance.v1.ListAuditRecordsRequest;
import io.fmp.contracts.governance.v1.ListAuditRecordsResponse;
import io.fmp.contracts.governance.v1.VerifyAuditChainRequest;
import io.fmp.contracts.governance.v1.VerifyAuditChainResponse;
import io.fmp.contracts.grpc.ProtoTimestamps;
import io.fmp.contracts.identity.Principal;
import io.fmp.governance.audit.AuditTrail;
import io.fmp.platform.identity.Callers;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** gRPC adapter of {@link AuditTrail}. */
@GrpcService
@Blocking
public class GovernanceGrpcService implements GovernanceService {

    @Inject
    AuditTrail trail;

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
