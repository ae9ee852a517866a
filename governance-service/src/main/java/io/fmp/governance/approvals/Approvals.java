package io.fmp.governance.approvals;

import io.fmp.contracts.errors.AccessDeniedException;
import io.fmp.contracts.errors.ConflictException;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.errors.ResourceNotFoundException;
import io.fmp.contracts.errors.StateConflictException;
import io.fmp.contracts.events.ApprovalChanged;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.GovernanceModelDecided;
import io.fmp.contracts.identity.Principal;
import io.fmp.governance.GovernanceConfig;
import io.fmp.governance.facts.ModelFact;
import io.fmp.governance.gates.DecisionFacts;
import io.fmp.governance.usecases.Reviews;
import io.fmp.governance.usecases.UseCase;
import io.fmp.governance.usecases.UseCaseState;
import io.fmp.governance.usecases.UseCases;
import io.fmp.platform.outbox.Outbox;
import io.fmp.platform.storage.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Approvals of a model for a use case's production: a request with its evidence, decided by approvers of the
 * use case's project. Separation of duties: the requester does not decide, nobody decides twice; the tier's
 * quorum of distinct approvers approves, one rejection rejects; requests expire.
 */
@ApplicationScoped
public class Approvals {

    /** Use cases whose model may be put up for approval: in validation, or under review. */
    static final Set<UseCaseState> REQUESTABLE = EnumSet.of(UseCaseState.IN_VALIDATION, UseCaseState.UNDER_REVIEW);

    @Inject
    UseCases useCases;

    @Inject
    Reviews reviews;

    @Inject
    DecisionFacts facts;

    @Inject
    Outbox outbox;

    @Inject
    GovernanceConfig config;

    @Transactional
    public ApprovalRequest request(Principal caller, String useCaseId, String modelId, String reason) {
        UseCase useCase = useCases.get(caller, useCaseId);
        List<FieldViolation> violations = new ArrayList<>();
        ModelFact model = modelId == null ? null : ModelFact.findById(modelId);
        if (model == null || !caller.sees(model.project)) {
            violations.add(new FieldViolation("modelId", "is no catalog model this caller may use"));
        }
        if (reason == null || reason.isBlank()) {
            violations.add(new FieldViolation("reason", "is required"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        if (!caller.mayChange(useCase.project)) {
            throw new AccessDeniedException("use case " + useCaseId + " belongs to project " + useCase.project);
        }
        if (!REQUESTABLE.contains(useCase.state)) {
            throw new StateConflictException("a model is put up for approval while its use case is in validation or"
                    + " under review; this one is " + useCase.state.word());
        }
        UseCases.StoredAssessment assessment = UseCases.assessment(useCase);
        if (assessment == null) {
            throw new StateConflictException("the use case has not been assessed");
        }
        if (ApprovalRequest.count("useCaseId = ?1 and modelId = ?2 and state = ?3", useCaseId, modelId,
                ApprovalRequest.PENDING) > 0) {
            throw new ConflictException("a request to approve this model for this use case is pending already");
        }
        useCases.addApproach(useCase, modelId);
        OffsetDateTime now = UseCases.now();
        ApprovalRequest request = new ApprovalRequest();
        request.id = UUID.randomUUID().toString();
        request.useCaseId = useCaseId;
        request.modelId = modelId;
        request.requestedBy = caller.subject();
        request.reason = reason;
        request.quorum = Math.max(1, assessment.quorum());
        request.state = ApprovalRequest.PENDING;
        request.evidenceJson = Json.write(facts.evidence(useCase, modelId));
        request.createdAt = now;
        request.expiresAt = now.plus(config.approvals().expireAfter());
        request.persist();
        announce(EventTypes.GOVERNANCE_APPROVAL_REQUESTED, request, useCase, caller.subject(), null, reason);
        return request;
    }

    @Transactional
    public ApprovalRequest decide(Principal caller, String requestId, String decision, String reason) {
        ApprovalRequest request = requestId == null ? null : ApprovalRequest.findById(requestId);
        UseCase useCase = request == null ? null : UseCase.findById(request.useCaseId);
        if (useCase == null || !caller.sees(useCase.project)) {
            throw new ResourceNotFoundException("approval request", requestId);
        }
        List<FieldViolation> violations = new ArrayList<>();
        if (!ApprovalDecision.APPROVE.equals(decision) && !ApprovalDecision.REJECT.equals(decision)) {
            violations.add(new FieldViolation("decision", "must be approve or reject"));
        }
        if (reason == null || reason.isBlank()) {
            violations.add(new FieldViolation("reason", "is required: every decision says why"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        if (!caller.may(Principal.APPROVER) || !caller.mayChange(useCase.project) && !caller.seesEveryProject()) {
            throw new AccessDeniedException("deciding needs the approver role in project " + useCase.project);
        }
        if (caller.subject().equals(request.requestedBy)) {
            throw new AccessDeniedException("separation of duties: " + caller.subject() + " requested this approval"
                    + " and may not decide it");
        }
        if (ApprovalDecision.findById(new ApprovalDecision.Key(requestId, caller.subject())) != null) {
            throw new ConflictException(caller.subject() + " has decided on this request already");
        }
        OffsetDateTime now = UseCases.now();
        if (request.expired(now)) {
            request.state = ApprovalRequest.EXPIRED;
        }
        if (!ApprovalRequest.PENDING.equals(request.state)) {
            throw new StateConflictException("the request is " + request.state + "; no decision may be taken on it");
        }
        ApprovalDecision made = new ApprovalDecision();
        made.requestId = requestId;
        made.approver = caller.subject();
        made.decision = decision;
        made.reason = reason;
        made.decidedAt = now;
        made.persist();
        if (ApprovalDecision.REJECT.equals(decision)) {
            request.state = ApprovalRequest.REJECTED;
            request.decidedAt = now;
            outbox.emit(EventTypes.GOVERNANCE_MODEL_DECIDED, request.modelId, new GovernanceModelDecided(request.id,
                    request.modelId, GovernanceModelDecided.REJECTED, caller.subject(), reason));
        } else {
            List<String> approvers = approvers(requestId);
            if (approvers.size() >= request.quorum) {
                request.state = ApprovalRequest.APPROVED;
                request.decidedAt = now;
                useCases.move(useCase, UseCaseState.APPROVED_FOR_PRODUCTION, caller.subject(), "approved by "
                        + String.join(", ", approvers) + " (quorum " + request.quorum + ")");
                outbox.emit(EventTypes.GOVERNANCE_MODEL_DECIDED, request.modelId, new GovernanceModelDecided(request.id,
                        request.modelId, GovernanceModelDecided.APPROVED, String.join(", ", approvers), reason));
            }
        }
        announce(EventTypes.GOVERNANCE_APPROVAL_DECIDED, request, useCase, caller.subject(), decision, reason);
        return request;
    }

    /**
     * Withdraws an approval (an approver of the use case's project; the evidence it rested on no
     * longer holds): the model loses it, so its gates deny, the use case goes under review, and the catalog hears
     * governance.model-decided (revoked).
     */
    @Transactional
    public ApprovalRequest revoke(Principal caller, String requestId, String reason) {
        ApprovalRequest request = get(caller, requestId);
        UseCase useCase = UseCase.findById(request.useCaseId);
        if (reason == null || reason.isBlank()) {
            throw new InvalidInputException("reason", "is required: a revocation says why");
        }
        if (!caller.may(Principal.APPROVER) || !caller.mayChange(useCase.project) && !caller.seesEveryProject()) {
            throw new AccessDeniedException("revoking needs the approver role in project " + useCase.project);
        }
        if (!ApprovalRequest.APPROVED.equals(request.state)) {
            throw new StateConflictException("the request is " + request.state + "; only an approved one is revoked");
        }
        request.state = ApprovalRequest.REVOKED;
        request.revokedBy = caller.subject();
        request.revokedAt = UseCases.now();
        request.revokeReason = reason;
        outbox.emit(EventTypes.GOVERNANCE_MODEL_DECIDED, request.modelId, new GovernanceModelDecided(request.id,
                request.modelId, GovernanceModelDecided.REVOKED, caller.subject(), reason));
        announce(EventTypes.GOVERNANCE_APPROVAL_DECIDED, request, useCase, caller.subject(), "revoke", reason);
        reviews.approvalRevoked(useCase, request.modelId, caller.subject(), reason);
        return request;
    }

    public ApprovalRequest get(Principal caller, String requestId) {
        ApprovalRequest request = requestId == null ? null : ApprovalRequest.findById(requestId);
        UseCase useCase = request == null ? null : UseCase.findById(request.useCaseId);
        if (useCase == null || !caller.sees(useCase.project)) {
            throw new ResourceNotFoundException("approval request", requestId);
        }
        return request;
    }

    public List<ApprovalRequest> forUseCase(String useCaseId) {
        return ApprovalRequest.list("useCaseId = ?1 order by createdAt", useCaseId);
    }

    public List<ApprovalDecision> decisions(String requestId) {
        return ApprovalDecision.list("requestId = ?1 order by decidedAt", requestId);
    }

    /** The distinct approvers who approved a request, in the order they did. */
    public static List<String> approvers(String requestId) {
        return ApprovalDecision.<ApprovalDecision>list("requestId = ?1 and decision = ?2 order by decidedAt", requestId,
                ApprovalDecision.APPROVE).stream().map(d -> d.approver).toList();
    }

    private void announce(String type, ApprovalRequest request, UseCase useCase, String by, String decision,
                          String reason) {
        outbox.emit(type, request.id, new ApprovalChanged(request.id, request.useCaseId, request.modelId,
                useCase.project, by, decision, reason, approvers(request.id).size(), request.quorum, request.state));
    }
}
