package io.fmp.governance.grpc;

import io.fmp.contracts.governance.v1.Answer;
import io.fmp.contracts.governance.v1.Approval;
import io.fmp.contracts.governance.v1.ApprovalDecision;
import io.fmp.contracts.governance.v1.Assessment;
import io.fmp.contracts.governance.v1.Factsheet;
import io.fmp.contracts.governance.v1.GateDecision;
import io.fmp.contracts.governance.v1.GateFailure;
import io.fmp.contracts.governance.v1.Guardrails;
import io.fmp.contracts.guardrails.GuardrailPolicy;
import io.fmp.contracts.governance.v1.Obligation;
import io.fmp.contracts.governance.v1.Policy;
import io.fmp.contracts.governance.v1.RiskCatalogue;
import io.fmp.contracts.governance.v1.UseCase;
import io.fmp.contracts.governance.v1.UseCaseDocument;
import io.fmp.contracts.governance.v1.UseCaseTransition;
import io.fmp.contracts.grpc.ProtoTimestamps;
import io.fmp.governance.approvals.ApprovalRequest;
import io.fmp.governance.approvals.Approvals;
import io.fmp.governance.gates.DecisionFacts;
import io.fmp.governance.gates.Gates;
import io.fmp.governance.policies.PolicyVersion;
import io.fmp.governance.usecases.UseCases;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Governance's domain objects as contract messages (and answers back). */
@ApplicationScoped
public class GovernanceMessages {

    @Inject
    Approvals approvals;

    @Inject
    UseCases useCases;

    @Inject
    DecisionFacts facts;

    public UseCase useCase(io.fmp.governance.usecases.UseCase useCase) {
        var details = useCase.details();
        UseCase.Builder proto = UseCase.newBuilder().setId(useCase.id).setProject(useCase.project)
                .setName(useCase.name).setPurpose(useCase.purpose).setOwner(useCase.owner).setTask(useCase.task)
                .addAllAffectedPeople(details.affectedPeople()).addAllDataCategories(details.dataCategories())
                .setDeploymentContext(details.deploymentContext() == null ? "" : details.deploymentContext())
                .addAllDocuments(details.documents().stream().map(d -> UseCaseDocument.newBuilder()
                        .setObligation(d.obligation()).setTitle(d.title()).setUri(d.uri()).build()).toList())
                .addAllSuites(useCase.suites()).addAllApproaches(useCase.approaches()).setThreshold(useCase.threshold)
                .setGuardrails(guardrails(useCase.guardrails()))
                .setState(useCase.state.word()).setTier(useCase.tier == null ? "" : useCase.tier)
                .setCreatedBy(useCase.createdBy).setCreatedAt(ProtoTimestamps.of(useCase.createdAt))
                .setUpdatedAt(ProtoTimestamps.of(useCase.updatedAt));
        UseCases.StoredAssessment assessment = UseCases.assessment(useCase);
        if (assessment != null) {
            Assessment.Builder stored = Assessment.newBuilder().setCatalogueVersion(assessment.catalogueVersion())
                    .setTier(assessment.tier()).setQuorum(assessment.quorum()).setAssessedBy(assessment.assessedBy())
                    .setAssessedAt(ProtoTimestamps.of(java.time.OffsetDateTime.parse(assessment.assessedAt())));
            assessment.answers().forEach((question, answer) -> stored.putAnswers(question, Answer.newBuilder()
                    .addAllValues(answer instanceof List<?> list ? list.stream().map(String::valueOf).toList()
                            : List.of(String.valueOf(answer))).build()));
            proto.setAssessment(stored);
        }
        if (useCase.nextReviewAt != null) {
            proto.setNextReviewAt(ProtoTimestamps.of(useCase.nextReviewAt));
        }
        List<String> approaches = useCase.approaches();
        String latest = approaches.isEmpty() ? null : approaches.get(approaches.size() - 1);
        facts.obligations(useCase, latest).forEach(o -> proto.addObligations(obligation(o)));
        useCases.history(useCase.id).forEach(t -> proto.addTransitions(UseCaseTransition.newBuilder()
                .setFromState(t.fromState.word()).setToState(t.toState.word()).setActor(t.actor).setReason(t.reason)
                .setAt(ProtoTimestamps.of(t.at))));
        approvals.forUseCase(useCase.id).forEach(r -> proto.addApprovals(approval(r)));
        return proto.build();
    }

    static Obligation obligation(DecisionFacts.ObligationStatus o) {
        return Obligation.newBuilder().setId(o.id()).setTitle(o.title()).setSource(o.source()).addAllNist(o.nist())
                .addAllGenai(o.genai()).addAllEvidence(o.evidence()).addAllMissing(o.missing()).build();
    }

    public Approval approval(ApprovalRequest request) {
        Approval.Builder proto = Approval.newBuilder().setId(request.id).setUseCaseId(request.useCaseId)
                .setModelId(request.modelId).setRequestedBy(request.requestedBy).setReason(request.reason)
                .setQuorum(request.quorum).setState(request.expired(java.time.OffsetDateTime.now())
                        ? ApprovalRequest.EXPIRED : request.state)
                .setCreatedAt(ProtoTimestamps.of(request.createdAt)).setExpiresAt(ProtoTimestamps.of(request.expiresAt))
                .setEvidenceJson(request.evidenceJson);
        if (request.revokedAt != null) {
            proto.setRevokedBy(request.revokedBy).setRevokeReason(request.revokeReason)
                    .setRevokedAt(ProtoTimestamps.of(request.revokedAt));
        }
        approvals.decisions(request.id).forEach(d -> proto.addDecisions(ApprovalDecision.newBuilder()
                .setApprover(d.approver).setDecision(d.decision).setReason(d.reason)
                .setDecidedAt(ProtoTimestamps.of(d.decidedAt))));
        return proto.build();
    }

    static Policy policy(PolicyVersion version) {
        return Policy.newBuilder().setProject(version.project).setName(version.name).setSha256(version.sha256)
                .setDocument(version.document).setCreatedBy(version.createdBy)
                .setCreatedAt(ProtoTimestamps.of(version.createdAt)).build();
    }

    static GuardrailPolicy guardrails(Guardrails g) {
        return new GuardrailPolicy(g.getPii(), g.getBlockToxicity());
    }

    static Guardrails guardrails(GuardrailPolicy g) {
        return Guardrails.newBuilder().setPii(g.pii()).setBlockToxicity(g.blockToxicity()).build();
    }

    static GateDecision gate(Gates.Decision decision) {
        return GateDecision.newBuilder().setAllowed(decision.allowed()).addAllUseCaseIds(decision.useCaseIds())
                .setGuardrails(guardrails(decision.guardrails())).addAllSuites(decision.suites())
                .addAllFailures(decision.failures().stream().map(f -> GateFailure.newBuilder()
                        .setUseCaseId(f.useCaseId()).setUseCase(f.useCase()).setPolicy(f.policy())
                        .setPolicySha256(f.policySha256()).setRule(f.rule()).setMessage(f.message())
                        .setReason(f.reason()).setDenies(f.denies()).build()).toList()).build();
    }

    static Factsheet factsheet(io.fmp.governance.factsheets.Factsheet sheet) {
        return Factsheet.newBuilder().setId(sheet.id).setUseCaseId(sheet.useCaseId).setModelId(sheet.modelId)
                .setVersion(sheet.version).setSha256(sheet.sha256).setMarkdown(sheet.markdown).setHtml(sheet.html)
                .setCreatedBy(sheet.createdBy).setCreatedAt(ProtoTimestamps.of(sheet.createdAt)).build();
    }

    static RiskCatalogue catalogue(io.fmp.governance.risk.RiskCatalogue catalogue) {
        RiskCatalogue.Builder proto = RiskCatalogue.newBuilder().setVersion(catalogue.version())
                .putAllSources(catalogue.sources());
        catalogue.applicationDates().forEach(d -> proto.addApplicationDates(RiskCatalogue.ApplicationDate.newBuilder()
                .setProvisions(d.provisions()).setFrom(d.from()).setSource(d.source())));
        catalogue.questions().forEach(q -> proto.addQuestions(RiskCatalogue.Question.newBuilder().setId(q.id())
                .setText(q.text()).setKind(q.kind()).addAllOptions(q.options())
                .setRequiredWhen(q.requiredWhen() == null ? "" : q.requiredWhen()).setSource(q.source())));
        catalogue.tiers().forEach(t -> proto.addTiers(RiskCatalogue.Tier.newBuilder().setId(t.id()).setWhen(t.when())
                .setSource(t.source()).setQuorum(t.quorum()).setReviewEvery(t.reviewEvery())));
        catalogue.obligations().forEach(o -> proto.addObligations(Obligation.newBuilder().setId(o.id())
                .setTitle(o.title()).setSource(o.source()).addAllNist(o.nist()).addAllGenai(o.genai())
                .addAllEvidence(o.evidence())));
        return proto.build();
    }

    /** Answers as the assessor takes them: one string, or a list for several values. */
    static Map<String, Object> answers(Map<String, Answer> answers) {
        Map<String, Object> plain = new LinkedHashMap<>();
        answers.forEach((question, answer) -> plain.put(question, answer.getValuesCount() == 1
                ? answer.getValues(0) : answer.getValuesList()));
        return plain;
    }
}
