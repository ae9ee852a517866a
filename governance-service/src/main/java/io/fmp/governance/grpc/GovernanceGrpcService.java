package io.fmp.governance.grpc;

import com.google.protobuf.ByteString;
import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.governance.v1.Approval;
import io.fmp.contracts.governance.v1.AssessUseCaseRequest;
import io.fmp.contracts.governance.v1.AuditCheckpoint;
import io.fmp.contracts.governance.v1.AuditLogEntry;
import io.fmp.contracts.governance.v1.AuditLogKey;
import io.fmp.contracts.governance.v1.AuditProof;
import io.fmp.contracts.governance.v1.AuditRecord;
import io.fmp.contracts.governance.v1.CreateUseCaseRequest;
import io.fmp.contracts.governance.v1.DecideApprovalRequest;
import io.fmp.contracts.governance.v1.DecideGateRequest;
import io.fmp.contracts.governance.v1.Factsheet;
import io.fmp.contracts.governance.v1.GateDecision;
import io.fmp.contracts.governance.v1.GenerateFactsheetRequest;
import io.fmp.contracts.governance.v1.GetAuditCheckpointRequest;
import io.fmp.contracts.governance.v1.GetAuditConsistencyProofRequest;
import io.fmp.contracts.governance.v1.GetAuditInclusionProofRequest;
import io.fmp.contracts.governance.v1.GetAuditLogKeyRequest;
import io.fmp.contracts.governance.v1.FactsheetPdf;
import io.fmp.contracts.governance.v1.GetFactsheetRequest;
import io.fmp.contracts.governance.v1.GetRiskCatalogueRequest;
import io.fmp.contracts.governance.v1.GetUseCaseRequest;
import io.fmp.contracts.governance.v1.GovernanceService;
import io.fmp.contracts.governance.v1.ListAuditLogEntriesRequest;
import io.fmp.contracts.governance.v1.ListAuditLogEntriesResponse;
import io.fmp.contracts.governance.v1.ListAuditRecordsRequest;
import io.fmp.contracts.governance.v1.ListAuditRecordsResponse;
import io.fmp.contracts.governance.v1.ListPoliciesRequest;
import io.fmp.contracts.governance.v1.ListPoliciesResponse;
import io.fmp.contracts.governance.v1.ListUseCasesRequest;
import io.fmp.contracts.governance.v1.ListUseCasesResponse;
import io.fmp.contracts.governance.v1.Policy;
import io.fmp.contracts.governance.v1.PutPolicyRequest;
import io.fmp.contracts.governance.v1.RequestApprovalRequest;
import io.fmp.contracts.governance.v1.RevokeApprovalRequest;
import io.fmp.contracts.governance.v1.RiskCatalogue;
import io.fmp.contracts.governance.v1.TransitionUseCaseRequest;
import io.fmp.contracts.governance.v1.UseCase;
import io.fmp.contracts.governance.v1.VerifyAuditChainRequest;
import io.fmp.contracts.governance.v1.VerifyAuditChainResponse;
import io.fmp.contracts.grpc.ProtoTimestamps;
import io.fmp.contracts.identity.Principal;
import io.fmp.governance.approvals.Approvals;
import io.fmp.governance.audit.AuditLog;
import io.fmp.governance.audit.AuditTrail;
import io.fmp.governance.factsheets.Factsheets;
import io.fmp.governance.factsheets.FactsheetRenderer;
import io.fmp.governance.gates.Gates;
import io.fmp.governance.policies.Policies;
import io.fmp.governance.usecases.UseCaseSpec;
import io.fmp.governance.usecases.UseCases;
import io.fmp.platform.identity.Callers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.grpc.GrpcService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.List;

/** gRPC adapter of governance: the audit trail and log, use cases, approvals, policies, gates, factsheets. */
@GrpcService
@Blocking
public class GovernanceGrpcService implements GovernanceService {

    @Inject
    AuditTrail trail;

    @Inject
    AuditLog log;

    @Inject
    UseCases useCases;

    @Inject
    Approvals approvals;

    @Inject
    Policies policies;

    @Inject
    Gates gates;

    @Inject
    Factsheets factsheets;

    @Inject
    GovernanceMessages messages;

    private final Timer gateDecisions;

    @Inject
    GovernanceGrpcService(MeterRegistry metrics) {
        gateDecisions = Timer.builder("fmp.governance.gate.decisions")
                .description("Gate decisions answered at governance-service, the commit of their record included")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(2),
                        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(100))
                .register(metrics);
    }

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

    // --- use cases, assessments, approvals, policies, gates, factsheets: one transaction per call, so what an
    // answer shows is what the call committed

    @Override
    public Uni<RiskCatalogue> getRiskCatalogue(GetRiskCatalogueRequest request) {
        return GrpcErrors.answer(() -> {
            Callers.require(Principal.VIEWER);
            return GovernanceMessages.catalogue(useCases.catalogue());
        });
    }

    @Override
    public Uni<UseCase> createUseCase(CreateUseCaseRequest request) {
        return inTransaction(() -> messages.useCase(useCases.create(Callers.require(Principal.CONTRIBUTOR),
                new UseCaseSpec(request.getName(), request.getPurpose(), request.getOwner(), request.getTask(),
                        request.getAffectedPeopleList(), request.getDataCategoriesList(),
                        request.getDeploymentContext().isBlank() ? null : request.getDeploymentContext(),
                        request.getDocumentsList().stream().map(d -> new io.fmp.governance.usecases.UseCase.Document(
                                blankToNull(d.getObligation()), blankToNull(d.getTitle()), blankToNull(d.getUri()))).toList(),
                        request.getSuitesList(), request.getApproachesList(), request.getThreshold(),
                        request.hasGuardrails() ? GovernanceMessages.guardrails(request.getGuardrails()) : null))));
    }

    @Override
    public Uni<UseCase> getUseCase(GetUseCaseRequest request) {
        return inTransaction(() -> messages.useCase(useCases.get(Callers.require(Principal.VIEWER), request.getId())));
    }

    @Override
    public Uni<ListUseCasesResponse> listUseCases(ListUseCasesRequest request) {
        return inTransaction(() -> ListUseCasesResponse.newBuilder().addAllUseCases(useCases.list(
                Callers.require(Principal.VIEWER)).stream().map(messages::useCase).toList()).build());
    }

    @Override
    public Uni<UseCase> transitionUseCase(TransitionUseCaseRequest request) {
        return inTransaction(() -> messages.useCase(useCases.transition(Callers.require(Principal.CONTRIBUTOR),
                request.getId(), request.getState(), request.getReason())));
    }

    @Override
    public Uni<UseCase> assessUseCase(AssessUseCaseRequest request) {
        return inTransaction(() -> messages.useCase(useCases.assess(Callers.require(Principal.CONTRIBUTOR),
                request.getId(), GovernanceMessages.answers(request.getAnswersMap()))));
    }

    @Override
    public Uni<Approval> requestApproval(RequestApprovalRequest request) {
        return inTransaction(() -> messages.approval(approvals.request(Callers.require(Principal.CONTRIBUTOR),
                request.getUseCaseId(), request.getModelId(), request.getReason())));
    }

    @Override
    public Uni<Approval> revokeApproval(RevokeApprovalRequest request) {
        return inTransaction(() -> messages.approval(approvals.revoke(Callers.require(Principal.APPROVER),
                request.getId(), request.getReason())));
    }

    @Override
    public Uni<Approval> decideApproval(DecideApprovalRequest request) {
        return inTransaction(() -> messages.approval(approvals.decide(Callers.require(Principal.APPROVER),
                request.getId(), request.getDecision(), request.getReason())));
    }

    @Override
    public Uni<Policy> putPolicy(PutPolicyRequest request) {
        return inTransaction(() -> GovernanceMessages.policy(policies.put(Callers.require(Principal.PROJECT_ADMIN),
                request.getDocument())));
    }

    @Override
    public Uni<ListPoliciesResponse> listPolicies(ListPoliciesRequest request) {
        return inTransaction(() -> {
            Principal caller = Callers.require(Principal.VIEWER);
            ListPoliciesResponse.Builder response = ListPoliciesResponse.newBuilder();
            policies.builtIn().forEach(p -> response.addPolicies(Policy.newBuilder().setProject("builtin")
                    .setName(p.document().metadata().name()).setSha256(p.sha256()).setCreatedBy("platform")));
            policies.list(caller).forEach(p -> response.addPolicies(GovernanceMessages.policy(p)));
            return response.build();
        });
    }

    @Override
    public Uni<GateDecision> decideGate(DecideGateRequest request) {
        // timed with the commit of its record: what the caller waits for at this service (docs/bench/governance.md)
        return GrpcErrors.answer(() -> gateDecisions.recordCallable(() -> QuarkusTransaction.joiningExisting().call(() -> {
            Callers.require(Principal.CONTRIBUTOR);
            return GovernanceMessages.gate(gates.decide(request.getGate(), request.getModelId()));
        })));
    }

    @Override
    public Uni<Factsheet> generateFactsheet(GenerateFactsheetRequest request) {
        return inTransaction(() -> GovernanceMessages.factsheet(factsheets.generate(
                Callers.require(Principal.CONTRIBUTOR), request.getUseCaseId(), request.getModelId())));
    }

    @Override
    public Uni<Factsheet> getFactsheet(GetFactsheetRequest request) {
        return inTransaction(() -> GovernanceMessages.factsheet(factsheets.latest(Callers.require(Principal.VIEWER),
                request.getUseCaseId(), request.getModelId())));
    }

    @Override
    public Uni<FactsheetPdf> getFactsheetPdf(GetFactsheetRequest request) {
        return inTransaction(() -> {
            io.fmp.governance.factsheets.Factsheet sheet = factsheets.latest(Callers.require(Principal.VIEWER),
                    request.getUseCaseId(), request.getModelId());
            return FactsheetPdf.newBuilder().setVersion(sheet.version).setSha256(sheet.sha256)
                    .setPdf(ByteString.copyFrom(io.fmp.governance.factsheets.FactsheetPdf.render(
                            FactsheetRenderer.html(sheet.markdown)))).build();
        });
    }

    private static <T> Uni<T> inTransaction(java.util.concurrent.Callable<T> body) {
        return GrpcErrors.answer(() -> QuarkusTransaction.joiningExisting().call(body));
    }

    private static String blankToNull(String value) {
        return value.isBlank() ? null : value;
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
