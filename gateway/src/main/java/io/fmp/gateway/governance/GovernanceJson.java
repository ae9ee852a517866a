package io.fmp.gateway.governance;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fmp.contracts.governance.v1.Answer;
import io.fmp.contracts.governance.v1.Approval;
import io.fmp.contracts.governance.v1.Factsheet;
import io.fmp.contracts.governance.v1.GateDecision;
import io.fmp.contracts.governance.v1.Guardrails;
import io.fmp.contracts.governance.v1.Obligation;
import io.fmp.contracts.governance.v1.Policy;
import io.fmp.contracts.governance.v1.RiskCatalogue;
import io.fmp.contracts.governance.v1.UseCase;
import io.fmp.contracts.governance.v1.UseCaseDocument;
import io.fmp.contracts.grpc.ProtoTimestamps;
import io.fmp.gateway.validation.ApiEnums;
import io.fmp.gateway.validation.JsonRequest;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The governance API's bodies, and the contract messages they map to. */
public final class GovernanceJson {

    private GovernanceJson() {
    }

    @Schema(name = "UseCaseDocument", description = "A document the use case names as evidence for an obligation")
    public record DocumentJson(
            @Schema(required = true, example = "art50-disclosure") String obligation,
            @Schema(required = true, example = "Chat banner: you are talking to an AI assistant") String title,
            @Schema(required = true, example = "https://intranet.example/notices/ai-assistant") String uri) {

        static DocumentJson of(UseCaseDocument d) {
            return new DocumentJson(d.getObligation(), d.getTitle(), d.getUri());
        }

        UseCaseDocument proto() {
            return UseCaseDocument.newBuilder().setObligation(obligation).setTitle(title).setUri(uri).build();
        }
    }

    @Schema(name = "GuardrailPii", description = "off, redact (personal data masked before it reaches the model and in"
            + " answers) or block (the call refused)")
    public enum PiiMode {
        @JsonProperty("off") OFF,
        @JsonProperty("redact") REDACT,
        @JsonProperty("block") BLOCK
    }

    @Schema(name = "Guardrails", description = "Checks the gateway makes on every call of a deployment, with the metrics"
            + " library's detectors: personal data (e-mail, phone, IBAN, card numbers) and toxicity-lexicon terms, in"
            + " what is sent and in whole answers")
    public record GuardrailsJson(PiiMode pii, Boolean blockToxicity) {
        public static GuardrailsJson of(Guardrails g) {
            return new GuardrailsJson(g.getPii().isEmpty() ? PiiMode.OFF : PiiMode.valueOf(g.getPii()
                    .toUpperCase(java.util.Locale.ROOT)), g.getBlockToxicity());
        }

        public Guardrails proto() {
            return Guardrails.newBuilder().setPii(pii == null ? "" : ApiEnums.word(pii))
                    .setBlockToxicity(Boolean.TRUE.equals(blockToxicity)).build();
        }
    }

    @Schema(name = "UseCaseRequest", description = "A use case to register (state draft, in the caller's project)")
    public record UseCaseRequest(
            @Schema(required = true, example = "Banking77 customer-query routing") String name,
            @Schema(required = true, example = "Route customers' messages to the right banking team") String purpose,
            @Schema(required = true, example = "customer-service") String owner,
            @Schema(required = true, description = "classification, multiple-choice, extraction or generation",
                    example = "classification") String task,
            List<String> affectedPeople,
            @Schema(description = "none, personal, special-category, biometric, children, financial, health, "
                    + "confidential-business") List<String> dataCategories,
            String deploymentContext,
            List<DocumentJson> documents,
            @Schema(required = true, description = "eval-service suites that measure the use case") List<String> suites,
            @Schema(description = "Catalog model ids that serve or may serve it") List<String> approaches,
            @Schema(description = "The primary metric's lower 95% bound must reach it on every suite (0 to 1)",
                    minimum = "0", maximum = "1") Double threshold,
            @Schema(description = "What deployments serving it must check; absent: personal data redacted when"
                    + " dataCategories name any, toxic text blocked for generation") GuardrailsJson guardrails)
            implements JsonRequest {
    }

    @Schema(name = "UseCaseTransitionRequest")
    public record TransitionRequest(
            @Schema(required = true, example = "approved-for-development") String state,
            @Schema(required = true, example = "risk owner agreed in the intake meeting") String reason)
            implements JsonRequest {
    }

    @Schema(name = "RiskAnswer", description = "An answer to a question of the risk catalogue")
    public record AnswerJson(
            @Schema(required = true, example = "annex-iii-area") String question,
            @Schema(required = true, description = "One value, or several for a many-of question",
                    example = "[\"none\"]") List<String> values) {

        static List<AnswerJson> of(Map<String, Answer> answers) {
            return answers.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> new AnswerJson(e.getKey(), e.getValue().getValuesList())).toList();
        }
    }

    @Schema(name = "AssessmentRequest")
    public record AssessmentRequest(@Schema(required = true) List<AnswerJson> answers) implements JsonRequest {
    }

    @Schema(name = "ApprovalRequestBody", description = "A model put up for approval for the use case's production")
    public record ApprovalRequestBody(
            @Schema(required = true) String modelId,
            @Schema(required = true, example = "accuracy 0.92 [0.91, 0.93] on banking77-intent") String reason)
            implements JsonRequest {
    }

    @Schema(name = "ApprovalDecisionRequest")
    public record DecisionRequest(
            @Schema(required = true, description = "approve or reject", example = "approve") String decision,
            @Schema(required = true, example = "evidence reviewed") String reason) implements JsonRequest {
    }

    @Schema(name = "ApprovalRevocationRequest")
    public record RevocationRequest(
            @Schema(required = true, example = "the PII probe now finds leaks") String reason) implements JsonRequest {
    }

    @Schema(name = "PolicyRequest")
    public record PolicyRequest(
            @Schema(required = true, description = "A GovernancePolicy document (YAML or JSON) shaped like a Kubernetes "
                    + "ValidatingAdmissionPolicy: matchConditions, variables, validations, validationActions")
            String document) implements JsonRequest {
    }

    @Schema(name = "ModelReference")
    public record ModelRequest(@Schema(required = true) String modelId) implements JsonRequest {
    }

    @Schema(name = "Obligation")
    public record ObligationJson(@Schema(required = true) String id, @Schema(required = true) String title,
                                 @Schema(required = true) String source,
                                 @Schema(required = true, description = "NIST AI RMF functions") List<String> nist,
                                 @Schema(required = true, description = "NIST AI 600-1 risk categories") List<String> genai,
                                 @Schema(required = true, description = "Evidence kinds that satisfy it") List<String> evidence,
                                 @Schema(description = "For a use case: the kinds still missing (empty: evidenced)")
                                 List<String> missing) {
        static ObligationJson of(Obligation o) {
            return new ObligationJson(o.getId(), o.getTitle(), o.getSource(), o.getNistList(), o.getGenaiList(),
                    o.getEvidenceList(), o.getMissingList());
        }
    }

    @Schema(name = "Assessment")
    public record AssessmentJson(@Schema(required = true) String catalogueVersion, @Schema(required = true) String tier,
                                 @Schema(required = true) int quorum, @Schema(required = true) List<AnswerJson> answers,
                                 @Schema(required = true) String assessedBy, @Schema(required = true) Instant assessedAt) {
    }

    @Schema(name = "UseCaseTransition")
    public record TransitionJson(@Schema(required = true) String fromState, @Schema(required = true) String toState,
                                 @Schema(required = true) String actor, @Schema(required = true) String reason,
                                 @Schema(required = true) Instant at) {
    }

    @Schema(name = "ApprovalDecision")
    public record ApprovalDecisionJson(@Schema(required = true) String approver, @Schema(required = true) String decision,
                                       @Schema(required = true) String reason, @Schema(required = true) Instant decidedAt) {
    }

    @Schema(name = "Approval")
    public record ApprovalJson(@Schema(required = true) String id, @Schema(required = true) String useCaseId,
                               @Schema(required = true) String modelId, @Schema(required = true) String requestedBy,
                               @Schema(required = true) String reason,
                               @Schema(required = true, description = "Distinct approvers it needs") int quorum,
                               @Schema(required = true, description = "pending, approved, rejected, expired or revoked")
                               String state,
                               @Schema(required = true) List<ApprovalDecisionJson> decisions,
                               @Schema(required = true) Instant createdAt, @Schema(required = true) Instant expiresAt,
                               @Schema(required = true, description = "The facts it was requested on, as JSON")
                               String evidenceJson,
                               @Schema(description = "Set once revoked") Revocation revocation) {
        static ApprovalJson of(Approval a) {
            return new ApprovalJson(a.getId(), a.getUseCaseId(), a.getModelId(), a.getRequestedBy(), a.getReason(),
                    a.getQuorum(), a.getState(), a.getDecisionsList().stream().map(d -> new ApprovalDecisionJson(
                    d.getApprover(), d.getDecision(), d.getReason(), ProtoTimestamps.toInstant(d.getDecidedAt()))).toList(),
                    ProtoTimestamps.toInstant(a.getCreatedAt()), ProtoTimestamps.toInstant(a.getExpiresAt()),
                    a.getEvidenceJson(), a.hasRevokedAt() ? new Revocation(a.getRevokedBy(), a.getRevokeReason(),
                            ProtoTimestamps.toInstant(a.getRevokedAt())) : null);
        }
    }

    @Schema(name = "ApprovalRevocation")
    public record Revocation(@Schema(required = true) String by, @Schema(required = true) String reason,
                             @Schema(required = true) Instant at) {
    }

    @Schema(name = "UseCase")
    public record UseCaseJson(@Schema(required = true) String id, @Schema(required = true) String project,
                              @Schema(required = true) String name, @Schema(required = true) String purpose,
                              @Schema(required = true) String owner, @Schema(required = true) String task,
                              @Schema(required = true) List<String> affectedPeople,
                              @Schema(required = true) List<String> dataCategories, String deploymentContext,
                              @Schema(required = true) List<DocumentJson> documents,
                              @Schema(required = true) List<String> suites, @Schema(required = true) List<String> approaches,
                              @Schema(required = true) double threshold,
                              @Schema(required = true, description = "draft, proposed, assessed, approved-for-development, "
                                      + "in-validation, approved-for-production, operating, under-review, suspended, "
                                      + "retired, rejected, prohibited") String state,
                              @Schema(description = "prohibited, high-risk, transparency or minimal; absent until assessed")
                              String tier,
                              AssessmentJson assessment,
                              @Schema(required = true, description = "The tier's obligations and their evidence for the "
                                      + "latest approach") List<ObligationJson> obligations,
                              Instant nextReviewAt,
                              @Schema(required = true) List<TransitionJson> transitions,
                              @Schema(required = true) List<ApprovalJson> approvals,
                              @Schema(required = true) String createdBy, @Schema(required = true) Instant createdAt,
                              @Schema(required = true) Instant updatedAt,
                              @Schema(required = true, description = "What deployments serving it check")
                              GuardrailsJson guardrails) {
        static UseCaseJson of(UseCase u) {
            AssessmentJson assessment = u.hasAssessment() ? new AssessmentJson(u.getAssessment().getCatalogueVersion(),
                    u.getAssessment().getTier(), u.getAssessment().getQuorum(), AnswerJson.of(u.getAssessment()
                    .getAnswersMap()), u.getAssessment().getAssessedBy(),
                    ProtoTimestamps.toInstant(u.getAssessment().getAssessedAt())) : null;
            return new UseCaseJson(u.getId(), u.getProject(), u.getName(), u.getPurpose(), u.getOwner(), u.getTask(),
                    u.getAffectedPeopleList(), u.getDataCategoriesList(),
                    u.getDeploymentContext().isEmpty() ? null : u.getDeploymentContext(),
                    u.getDocumentsList().stream().map(DocumentJson::of).toList(), u.getSuitesList(), u.getApproachesList(),
                    u.getThreshold(), u.getState(), u.getTier().isEmpty() ? null : u.getTier(), assessment,
                    u.getObligationsList().stream().map(ObligationJson::of).toList(),
                    u.hasNextReviewAt() ? ProtoTimestamps.toInstant(u.getNextReviewAt()) : null,
                    u.getTransitionsList().stream().map(t -> new TransitionJson(t.getFromState(), t.getToState(),
                            t.getActor(), t.getReason(), ProtoTimestamps.toInstant(t.getAt()))).toList(),
                    u.getApprovalsList().stream().map(ApprovalJson::of).toList(), u.getCreatedBy(),
                    ProtoTimestamps.toInstant(u.getCreatedAt()), ProtoTimestamps.toInstant(u.getUpdatedAt()),
                    GuardrailsJson.of(u.getGuardrails()));
        }
    }

    @Schema(name = "UseCaseList")
    public record UseCaseList(@Schema(required = true) List<UseCaseJson> useCases) {
    }

    @Schema(name = "Policy")
    public record PolicyJson(@Schema(required = true, description = "builtin for the platform's own") String project,
                             @Schema(required = true) String name,
                             @Schema(required = true, description = "SHA-256 of the document: the version") String sha256,
                             @Schema(description = "Absent for built-in policies (they ship with governance-service)")
                             String document, @Schema(required = true) String createdBy, Instant createdAt) {
        static PolicyJson of(Policy p) {
            return new PolicyJson(p.getProject(), p.getName(), p.getSha256(), p.getDocument().isEmpty() ? null
                    : p.getDocument(), p.getCreatedBy(), p.hasCreatedAt() ? ProtoTimestamps.toInstant(p.getCreatedAt()) : null);
        }
    }

    @Schema(name = "PolicyList")
    public record PolicyList(@Schema(required = true) List<PolicyJson> policies) {
    }

    @Schema(name = "GateFailure", description = "A rule that did not hold")
    public record GateFailureJson(@Schema(required = true) String useCaseId, @Schema(required = true) String useCase,
                                  @Schema(required = true) String policy, @Schema(required = true) String policySha256,
                                  @Schema(required = true, description = "The validation's index; -1: the policy could "
                                          + "not be evaluated") int rule,
                                  @Schema(required = true) String message, @Schema(required = true) String reason,
                                  @Schema(required = true, description = "false for Warn and Audit policies") boolean denies) {
    }

    @Schema(name = "GateDecision")
    public record GateDecisionJson(@Schema(required = true) boolean allowed,
                                   @Schema(required = true) List<GateFailureJson> failures,
                                   @Schema(required = true) List<String> useCaseIds) {
        static GateDecisionJson of(GateDecision d) {
            return new GateDecisionJson(d.getAllowed(), d.getFailuresList().stream().map(f -> new GateFailureJson(
                    f.getUseCaseId(), f.getUseCase(), f.getPolicy(), f.getPolicySha256(), f.getRule(), f.getMessage(),
                    f.getReason(), f.getDenies())).toList(), d.getUseCaseIdsList());
        }
    }

    @Schema(name = "Factsheet")
    public record FactsheetJson(@Schema(required = true) String id, @Schema(required = true) String useCaseId,
                                @Schema(required = true) String modelId, @Schema(required = true) int version,
                                @Schema(required = true, description = "SHA-256 of the Markdown, as in the audit log")
                                String sha256,
                                @Schema(required = true) String markdown, @Schema(required = true) String html,
                                @Schema(required = true) String createdBy, @Schema(required = true) Instant createdAt) {
        static FactsheetJson of(Factsheet f) {
            return new FactsheetJson(f.getId(), f.getUseCaseId(), f.getModelId(), f.getVersion(), f.getSha256(),
                    f.getMarkdown(), f.getHtml(), f.getCreatedBy(), ProtoTimestamps.toInstant(f.getCreatedAt()));
        }
    }

    @Schema(name = "RiskQuestion")
    public record QuestionJson(@Schema(required = true) String id, @Schema(required = true) String text,
                               @Schema(required = true, description = "one-of, many-of, yes-no or text") String kind,
                               @Schema(required = true) List<String> options,
                               @Schema(description = "CEL over answers; absent: required unless kind is text")
                               String requiredWhen, @Schema(required = true) String source) {
    }

    @Schema(name = "RiskTier")
    public record TierJson(@Schema(required = true) String id,
                           @Schema(required = true, description = "CEL over answers; tiers are tried in order") String when,
                           @Schema(required = true) String source,
                           @Schema(required = true, description = "Distinct approvers a production decision needs") int quorum,
                           @Schema(required = true, description = "ISO-8601 period between reviews") String reviewEvery) {
    }

    @Schema(name = "ApplicationDate")
    public record ApplicationDateJson(@Schema(required = true) String provisions, @Schema(required = true) String from,
                                      @Schema(required = true) String source) {
    }

    @Schema(name = "RiskCatalogue")
    public record RiskCatalogueJson(@Schema(required = true) String version,
                                    @Schema(required = true) Map<String, String> sources,
                                    @Schema(required = true) List<ApplicationDateJson> applicationDates,
                                    @Schema(required = true) List<QuestionJson> questions,
                                    @Schema(required = true) List<TierJson> tiers,
                                    @Schema(required = true) List<ObligationJson> obligations) {
        static RiskCatalogueJson of(RiskCatalogue c) {
            return new RiskCatalogueJson(c.getVersion(), new java.util.TreeMap<>(c.getSourcesMap()),
                    c.getApplicationDatesList().stream().map(d -> new ApplicationDateJson(d.getProvisions(), d.getFrom(),
                            d.getSource())).toList(),
                    c.getQuestionsList().stream().map(q -> new QuestionJson(q.getId(), q.getText(), q.getKind(),
                            q.getOptionsList(), q.getRequiredWhen().isEmpty() ? null : q.getRequiredWhen(), q.getSource()))
                            .toList(),
                    c.getTiersList().stream().map(t -> new TierJson(t.getId(), t.getWhen(), t.getSource(), t.getQuorum(),
                            t.getReviewEvery())).toList(),
                    c.getObligationsList().stream().map(ObligationJson::of).toList());
        }
    }
}
