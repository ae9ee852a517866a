package io.fmp.gateway.downstream;

import io.fmp.contracts.governance.v1.Approval;
import io.fmp.contracts.governance.v1.AssessUseCaseRequest;
import io.fmp.contracts.governance.v1.CreateUseCaseRequest;
import io.fmp.contracts.governance.v1.DecideApprovalRequest;
import io.fmp.contracts.governance.v1.DecideGateRequest;
import io.fmp.contracts.governance.v1.Factsheet;
import io.fmp.contracts.governance.v1.GateDecision;
import io.fmp.contracts.governance.v1.GenerateFactsheetRequest;
import io.fmp.contracts.governance.v1.FactsheetPdf;
import io.fmp.contracts.governance.v1.GetFactsheetRequest;
import io.fmp.contracts.governance.v1.GetRiskCatalogueRequest;
import io.fmp.contracts.governance.v1.GetUseCaseRequest;
import io.fmp.contracts.governance.v1.ListPoliciesRequest;
import io.fmp.contracts.governance.v1.ListUseCasesRequest;
import io.fmp.contracts.governance.v1.Policy;
import io.fmp.contracts.governance.v1.PutPolicyRequest;
import io.fmp.contracts.governance.v1.RequestApprovalRequest;
import io.fmp.contracts.governance.v1.RevokeApprovalRequest;
import io.fmp.contracts.governance.v1.RiskCatalogue;
import io.fmp.contracts.governance.v1.TransitionUseCaseRequest;
import io.fmp.contracts.governance.v1.UseCase;

import jakarta.inject.Inject;
import io.fmp.gateway.GatewayConfig;
import com.google.protobuf.ByteString;
import io.fmp.contracts.governance.v1.AuditLogEntry;
import io.fmp.contracts.governance.v1.AuditRecord;
import io.fmp.contracts.governance.v1.GetAuditCheckpointRequest;
import io.fmp.contracts.governance.v1.GetAuditConsistencyProofRequest;
import io.fmp.contracts.governance.v1.GetAuditInclusionProofRequest;
import io.fmp.contracts.governance.v1.GetAuditLogKeyRequest;
import io.fmp.contracts.governance.v1.ListAuditLogEntriesRequest;
import io.fmp.contracts.governance.v1.GovernanceServiceGrpc;
import io.fmp.contracts.governance.v1.ListAuditRecordsRequest;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * governance-service over gRPC, behind deadlines, retries and a circuit breaker (a retried change is safe: a
 * second create, decision or request is refused as a conflict, never applied twice).
 */
@ApplicationScoped
@Timeout(value = 10, unit = ChronoUnit.SECONDS)
@Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = DownstreamUnavailableException.class)
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
        failOn = DownstreamUnavailableException.class)
public class GovernanceClient {

    @GrpcClient("governance")
    GovernanceServiceGrpc.GovernanceServiceBlockingStub governance;

    @Inject
    GatewayConfig config;

    /** The audit log's verifier key, in the signed-note form. */
    public String auditLogKey() {
        return call(stub -> stub.getAuditLogKey(GetAuditLogKeyRequest.getDefaultInstance()).getVerifierKey());
    }

    /** The audit log's latest signed checkpoint. */
    public String auditCheckpoint() {
        return call(stub -> stub.getAuditCheckpoint(GetAuditCheckpointRequest.getDefaultInstance()).getNote());
    }

    public List<AuditLogEntry> auditLogEntries(long start, long end) {
        return call(stub -> stub.listAuditLogEntries(ListAuditLogEntriesRequest.newBuilder().setStart(start).setEnd(end)
                .build()).getEntriesList());
    }

    public List<ByteString> auditInclusionProof(long index, long treeSize) {
        return call(stub -> stub.getAuditInclusionProof(GetAuditInclusionProofRequest.newBuilder().setIndex(index)
                .setTreeSize(treeSize).build()).getHashesList());
    }

    public List<ByteString> auditConsistencyProof(long from, long to) {
        return call(stub -> stub.getAuditConsistencyProof(GetAuditConsistencyProofRequest.newBuilder().setFrom(from)
                .setTo(to).build()).getHashesList());
    }

    private <T> T call(java.util.function.Function<GovernanceServiceGrpc.GovernanceServiceBlockingStub, T> rpc) {
        return Downstream.call("governance-service", () -> rpc.apply(governance
                .withDeadlineAfter(config.downstream().deadline().toMillis(), TimeUnit.MILLISECONDS)));
    }

    public RiskCatalogue riskCatalogue() {
        return call(stub -> stub.getRiskCatalogue(GetRiskCatalogueRequest.getDefaultInstance()));
    }

    public UseCase createUseCase(CreateUseCaseRequest request) {
        return call(stub -> stub.createUseCase(request));
    }

    public UseCase useCase(String id) {
        return call(stub -> stub.getUseCase(GetUseCaseRequest.newBuilder().setId(id).build()));
    }

    public List<UseCase> useCases() {
        return call(stub -> stub.listUseCases(ListUseCasesRequest.getDefaultInstance()).getUseCasesList());
    }

    public UseCase transitionUseCase(TransitionUseCaseRequest request) {
        return call(stub -> stub.transitionUseCase(request));
    }

    public UseCase assessUseCase(AssessUseCaseRequest request) {
        return call(stub -> stub.assessUseCase(request));
    }

    public Approval requestApproval(RequestApprovalRequest request) {
        return call(stub -> stub.requestApproval(request));
    }

    public Approval revokeApproval(RevokeApprovalRequest request) {
        return call(stub -> stub.revokeApproval(request));
    }

    public Approval decideApproval(DecideApprovalRequest request) {
        return call(stub -> stub.decideApproval(request));
    }

    public Policy putPolicy(String document) {
        return call(stub -> stub.putPolicy(PutPolicyRequest.newBuilder().setDocument(document).build()));
    }

    public List<Policy> policies() {
        return call(stub -> stub.listPolicies(ListPoliciesRequest.getDefaultInstance()).getPoliciesList());
    }

    public GateDecision decideGate(String gate, String modelId) {
        return call(stub -> stub.decideGate(DecideGateRequest.newBuilder().setGate(gate).setModelId(modelId).build()));
    }

    public Factsheet generateFactsheet(String useCaseId, String modelId) {
        return call(stub -> stub.generateFactsheet(GenerateFactsheetRequest.newBuilder().setUseCaseId(useCaseId)
                .setModelId(modelId).build()));
    }

    public Factsheet factsheet(String useCaseId, String modelId) {
        return call(stub -> stub.getFactsheet(GetFactsheetRequest.newBuilder().setUseCaseId(useCaseId)
                .setModelId(modelId).build()));
    }

    public FactsheetPdf factsheetPdf(String useCaseId, String modelId) {
        return call(stub -> stub.getFactsheetPdf(GetFactsheetRequest.newBuilder().setUseCaseId(useCaseId)
                .setModelId(modelId).build()));
    }

    public List<AuditRecord> auditRecords(String subject) {
        return call(stub -> stub.listAuditRecords(ListAuditRecordsRequest.newBuilder().setSubject(subject).build())
                .getRecordsList());
    }
}
