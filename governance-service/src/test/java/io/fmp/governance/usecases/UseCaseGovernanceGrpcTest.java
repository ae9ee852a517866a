package io.fmp.governance.usecases;

import io.fmp.contracts.events.DatasetRegistered;
import io.fmp.contracts.events.EvalCompleted;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.GeneralPurposeModel;
import io.fmp.contracts.events.ModelCardFacts;
import io.fmp.contracts.events.ModelRegistered;
import io.fmp.contracts.events.ModelServing;
import io.fmp.contracts.events.SuiteRegistered;
import io.fmp.contracts.events.Topics;
import io.fmp.contracts.governance.v1.Answer;
import io.fmp.contracts.governance.v1.Approval;
import io.fmp.contracts.governance.v1.AssessUseCaseRequest;
import io.fmp.contracts.governance.v1.CreateUseCaseRequest;
import io.fmp.contracts.governance.v1.DecideApprovalRequest;
import io.fmp.contracts.governance.v1.DecideGateRequest;
import io.fmp.contracts.governance.v1.Factsheet;
import io.fmp.contracts.governance.v1.FactsheetPdf;
import io.fmp.contracts.governance.v1.GateDecision;
import io.fmp.contracts.governance.v1.Guardrails;
import io.fmp.contracts.events.InputDriftMeasured;
import io.fmp.contracts.errors.FieldViolation;
import io.fmp.contracts.errors.GrpcErrors;
import io.fmp.contracts.governance.v1.GateFailure;
import io.fmp.contracts.governance.v1.GenerateFactsheetRequest;
import io.fmp.contracts.governance.v1.GetFactsheetRequest;
import io.fmp.contracts.governance.v1.GetUseCaseRequest;
import io.fmp.contracts.governance.v1.GovernanceServiceGrpc;
import io.fmp.contracts.governance.v1.ListAuditRecordsRequest;
import io.fmp.contracts.governance.v1.PutPolicyRequest;
import io.fmp.contracts.governance.v1.RequestApprovalRequest;
import io.fmp.contracts.governance.v1.RevokeApprovalRequest;
import io.fmp.contracts.governance.v1.TransitionUseCaseRequest;
import io.fmp.contracts.governance.v1.UseCase;
import io.fmp.contracts.governance.v1.UseCaseDocument;
import io.fmp.contracts.identity.Principal;
import io.fmp.platform.hashing.Sha256;
import io.fmp.platform.identity.Callers;
import io.fmp.platform.testing.Eventually;
import io.fmp.platform.testing.KafkaBrokerResource;
import io.fmp.platform.testing.KafkaTestClient;
import io.fmp.platform.testing.PostgresDatabaseResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The governance cycle over gRPC with real Kafka and PostgreSQL: a high-risk use case assessed, its gate denied
 * with every failed rule, approved by two distinct approvers (the requester may not), a factsheet generated, the
 * gate allowing, a new version of its suite's dataset and then a new version of the base model putting the use
 * case under review.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@QuarkusTestResource(value = PostgresDatabaseResource.class,
        initArgs = @ResourceArg(name = "database", value = "fmp_governance_test"))
class UseCaseGovernanceGrpcTest {

    static final Principal CAROL = new Principal("carol", "hr", List.of(Principal.CONTRIBUTOR), false);
    static final Principal ERIN = new Principal("erin", "hr", List.of(Principal.CONTRIBUTOR, Principal.APPROVER), false);
    static final Principal ANNA = new Principal("anna", "hr", List.of(Principal.APPROVER), false);
    static final Principal OMAR = new Principal("omar", "hr", List.of(Principal.APPROVER), false);
    static final Principal OUTSIDER = new Principal("otto", "sales", List.of(Principal.APPROVER), false);
    static final Principal CATALOG = Principal.service("catalog-service");

    @GrpcClient("governance")
    GovernanceServiceGrpc.GovernanceServiceBlockingStub governance;

    private final KafkaTestClient kafka = new KafkaTestClient(KafkaBrokerResource.broker().bootstrapServers());

    private static EventEnvelope event(String type, String source, String subject, Object payload) {
        return new EventEnvelope(UUID.randomUUID().toString(), type, source, subject,
                Instant.now().truncatedTo(ChronoUnit.MICROS), null, EventCodec.toData(payload));
    }

    /** A general-purpose AI model whose provider published what AI Act Art. 53 asks; tuned models state nothing. */
    private void registered(String id, String name, String version, String baseId) {
        ModelCardFacts card = baseId != null ? null : new ModelCardFacts(true, "summary", false, new GeneralPurposeModel(
                false, 1.2e24, "https://mistral.example/docs", "https://mistral.example/copyright",
                "https://mistral.example/training-content"));
        kafka.send(Topics.CATALOG, event(EventTypes.MODEL_REGISTERED, "catalog-service", id, new ModelRegistered(id,
                name, "Mistral AI", version, 7_000_000_000L, "apache-2.0", 32768, List.of("text-generation"),
                new ModelServing(List.of(), null, null, baseId == null ? null : "adapter", null, baseId), "hr", card)));
    }

    private void evaluated(String modelId, double value, double pii) {
        kafka.send(Topics.EVAL, event(EventTypes.EVAL_COMPLETED, "eval-service", modelId, new EvalCompleted(
                UUID.randomUUID().toString(), modelId, "cv-summaries", "rougeL", value, null, 400, 1, value - 0.05,
                value + 0.05, Map.of("rougeL", value, "pii_leakage", pii, "toxicity", 0.0))));
    }

    private static <T> T as(Principal who, Supplier<T> call) {
        return Callers.as(who, call);
    }

    private GateDecision gate(String modelId) {
        return as(CATALOG, () -> governance.decideGate(DecideGateRequest.newBuilder().setGate("production-alias")
                .setModelId(modelId).build()));
    }

    private static List<String> messages(GateDecision decision) {
        return decision.getFailuresList().stream().map(f -> f.getPolicy() + ": " + f.getMessage()).toList();
    }

    private static Status.Code code(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus().getCode();
    }

    private static UseCaseDocument document(String obligation, String title) {
        return UseCaseDocument.newBuilder().setObligation(obligation).setTitle(title)
                .setUri("https://intranet.example/governance/" + obligation).build();
    }

    @Test
    void aHighRiskUseCaseGoesThroughItsGateOnlyWithEvidenceAndTwoApprovers() {
        String base = UUID.randomUUID().toString();
        String tuned = UUID.randomUUID().toString();
        registered(base, "Mistral 7B " + base.substring(0, 6), "0.1", null);
        registered(tuned, "Mistral 7B CV " + tuned.substring(0, 6), "1", base);
        evaluated(base, 0.78, 0.0);
        evaluated(tuned, 0.62, 0.01);
        kafka.send(Topics.EVAL, event(EventTypes.SUITE_REGISTERED, "eval-service", "suite-" + tuned, new SuiteRegistered(
                UUID.randomUUID().toString(), "cv-summaries", 1, "hr", "cv-data", 1, "generation", "rougeL",
                List.of("rougeL"), 400)));
        CreateUseCaseRequest create = CreateUseCaseRequest.newBuilder().setName("CV screening " + tuned)
                .setPurpose("Summarise applications for recruiters").setOwner("hr-analytics").setTask("generation")
                .addAffectedPeople("job applicants").addDataCategories("personal")
                .setDeploymentContext("internal recruiting tool").addSuites("cv-summaries").addApproaches(tuned)
                .setThreshold(0.7).addDocuments(document("art4-ai-literacy", "Recruiter training"))
                .addDocuments(document("art10-data-governance", "Data sheet")).addDocuments(document(
                        "art14-human-oversight", "Oversight plan")).build();
        UseCase useCase = Eventually.await(() -> {
            try {
                return as(CAROL, () -> governance.createUseCase(create));
            } catch (StatusRuntimeException e) {
                return null; // the model facts have not arrived yet
            }
        }, u -> u != null, Duration.ofSeconds(30));
        assertEquals("draft", useCase.getState());
        assertEquals("hr", useCase.getProject());
        assertEquals(Guardrails.newBuilder().setPii("redact").setBlockToxicity(true).build(), useCase.getGuardrails(),
                "it handles personal data and generates text: redact, and block toxicity");
        assertEquals(Status.Code.NOT_FOUND, code(() -> as(OUTSIDER, () -> governance.getUseCase(
                GetUseCaseRequest.newBuilder().setId(useCase.getId()).build()))));

        UseCase assessed = as(CAROL, () -> governance.assessUseCase(AssessUseCaseRequest.newBuilder()
                .setId(useCase.getId()).putAllAnswers(answers("annex-iii-area", "employment")).build()));
        assertEquals("assessed", assessed.getState());
        assertEquals("high-risk", assessed.getTier());
        assertEquals(2, assessed.getAssessment().getQuorum());
        assertEquals(8, assessed.getObligationsCount());

        GateDecision denied = gate(tuned);
        assertFalse(denied.getAllowed());
        assertEquals(List.of(
                "builtin-baseline: the use case is assessed",
                "builtin-baseline: approved by 0 of the 2 distinct approvers the high-risk tier needs",
                "builtin-baseline: the lower 95% bound of rougeL on cv-summaries is 0.57, under the use case threshold 0.7",
                "builtin-high-risk: obligation art9-risk-management lacks its evidence (and 3 more)",
                "builtin-high-risk: no factsheet of this model in this use case has been generated (AI Act Art. 11, Annex IV)",
                "builtin-high-risk: the model leaked PII in an evaluation (pii_leakage above 0)",
                "builtin-tuned-model: the tuned model is significantly worse than its base on cv-summaries (0.62 against 0.78)"),
                messages(denied));
        assertTrue(denied.getFailuresList().stream().allMatch(f -> f.getPolicySha256().length() == 64 && f.getDenies()));

        // a better training run: the interval clears the threshold and the base, no PII
        evaluated(tuned, 0.83, 0.0);
        for (String state : List.of("approved-for-development", "in-validation")) {
            as(CAROL, () -> governance.transitionUseCase(TransitionUseCaseRequest.newBuilder().setId(useCase.getId())
                    .setState(state).setReason("ready for " + state).build()));
        }
        assertEquals(Status.Code.FAILED_PRECONDITION, code(() -> as(CAROL, () -> governance.transitionUseCase(
                TransitionUseCaseRequest.newBuilder().setId(useCase.getId()).setState("approved-for-production")
                        .setReason("skip the approvers").build()))));
        Approval request = Eventually.await(() -> as(ERIN, () -> governance.requestApproval(RequestApprovalRequest
                .newBuilder().setUseCaseId(useCase.getId()).setModelId(tuned).setReason("ROUGE-L 0.83").build())),
                r -> r.getEvidenceJson().contains("0.83"), Duration.ofSeconds(30));
        assertEquals("pending", request.getState());

        DecideApprovalRequest.Builder approve = DecideApprovalRequest.newBuilder().setId(request.getId())
                .setDecision("approve").setReason("evidence reviewed");
        StatusRuntimeException own = assertThrows(StatusRuntimeException.class, () -> as(ERIN,
                () -> governance.decideApproval(approve.build())));
        assertEquals(Status.Code.PERMISSION_DENIED, own.getStatus().getCode());
        assertTrue(own.getStatus().getDescription().contains("separation of duties"), own.getStatus().getDescription());
        assertEquals(Status.Code.PERMISSION_DENIED, code(() -> as(CAROL, () -> governance.decideApproval(approve.build()))));
        assertEquals(Status.Code.NOT_FOUND, code(() -> as(OUTSIDER, () -> governance.decideApproval(approve.build()))));
        assertEquals("pending", as(ANNA, () -> governance.decideApproval(approve.build())).getState());
        assertEquals(Status.Code.ALREADY_EXISTS, code(() -> as(ANNA, () -> governance.decideApproval(approve.build()))));
        assertEquals(List.of("builtin-high-risk: no factsheet of this model in this use case has been generated"
                + " (AI Act Art. 11, Annex IV)", "builtin-baseline: the use case is in-validation",
                "builtin-baseline: approved by 0 of the 2 distinct approvers the high-risk tier needs").stream().sorted()
                .toList(), messages(gate(tuned)).stream().filter(m -> !m.contains("obligation")).sorted().toList());

        Approval approved = as(OMAR, () -> governance.decideApproval(approve.build()));
        assertEquals("approved", approved.getState());
        assertEquals(List.of("anna", "omar"), approved.getDecisionsList().stream().map(d -> d.getApprover()).toList());
        assertEquals("approved-for-production", as(CAROL, () -> governance.getUseCase(GetUseCaseRequest.newBuilder()
                .setId(useCase.getId()).build())).getState());

        Factsheet sheet = as(CAROL, () -> governance.generateFactsheet(GenerateFactsheetRequest.newBuilder()
                .setUseCaseId(useCase.getId()).setModelId(tuned).build()));
        assertEquals(1, sheet.getVersion());
        assertEquals(Sha256.hex(sheet.getMarkdown()), sheet.getSha256());
        assertTrue(sheet.getMarkdown().contains("- **Approved by:** anna, omar"), sheet.getMarkdown());
        assertTrue(sheet.getMarkdown().contains("- **General-purpose AI model (Art. 53):** without systemic risk, facts of"
                + " its base model " + base + "\n- **Provider documentation (Art. 53(1)(a), (b)):** https://mistral.example/docs"),
                sheet.getMarkdown());
        assertTrue(sheet.getMarkdown().contains("| art11-technical-documentation: Technical documentation with the"
                + " contents of Annex IV | AIA Art. 11, Annex IV | Govern, Map | Information integrity | factsheet | evidenced |"),
                sheet.getMarkdown());
        assertTrue(sheet.getHtml().contains("<h2>3. Performance (Annex IV point 3; Art. 15)</h2>"));
        assertEquals(1, as(CAROL, () -> governance.generateFactsheet(GenerateFactsheetRequest.newBuilder()
                .setUseCaseId(useCase.getId()).setModelId(tuned).build())).getVersion(), "the same facts, the same version");
        FactsheetPdf pdf = as(CAROL, () -> governance.getFactsheetPdf(GetFactsheetRequest.newBuilder()
                .setUseCaseId(useCase.getId()).setModelId(tuned).build()));
        assertEquals(sheet.getSha256(), pdf.getSha256(), "a rendering of the audited version");
        try (PDDocument document = Loader.loadPDF(pdf.getPdf().toByteArray())) {
            String text = new PDFTextStripper().getText(document);
            assertTrue(text.contains("Approved by: anna, omar"), text);
            assertTrue(text.contains("3. Performance (Annex IV point 3; Art. 15)"), text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("not a PDF", e);
        }

        GateDecision allowed = gate(tuned);
        assertEquals(List.of(), messages(allowed));
        assertTrue(allowed.getAllowed());
        assertEquals(useCase.getGuardrails(), allowed.getGuardrails(), "what serving the model must apply");
        assertEquals(List.of("cv-summaries"), allowed.getSuitesList());
        assertEquals(allowed, gate(tuned), "nothing changed, the same decision");

        // a kept decision gives way to any change: a project policy the model fails, then its next version
        Principal admin = new Principal("pat", "hr", List.of(Principal.PROJECT_ADMIN), false);
        String licences = """
                apiVersion: governance.fmp.io/v1
                kind: GovernancePolicy
                metadata: {name: hr-licences}
                spec:
                  validations:
                    - expression: "model.license in ['mit']"
                      message: "licence not allowed"
                """;
        as(admin, () -> governance.putPolicy(PutPolicyRequest.newBuilder().setDocument(licences).build()));
        assertEquals(List.of("hr-licences: licence not allowed"), messages(gate(tuned)));
        as(admin, () -> governance.putPolicy(PutPolicyRequest.newBuilder().setDocument(licences.replace("['mit']",
                "['mit', 'apache-2.0']")).build()));
        assertTrue(gate(tuned).getAllowed());

        // a newer version of the dataset its suite reads: under review, until its owner has looked
        kafka.send(Topics.EVAL, event(EventTypes.DATASET_REGISTERED, "eval-service", "cv-data-2", new DatasetRegistered(
                UUID.randomUUID().toString(), "cv-data", 2, "hr", "ab".repeat(32), 450)));
        UseCase stale = Eventually.await(() -> as(CAROL, () -> governance.getUseCase(GetUseCaseRequest.newBuilder()
                .setId(useCase.getId()).build())), u -> u.getState().equals("under-review"), Duration.ofSeconds(30));
        assertEquals("new-dataset-version: dataset cv-data has a version 2; suite cv-summaries v1 reads version 1",
                stale.getTransitions(stale.getTransitionsCount() - 1).getReason());
        assertFalse(gate(tuned).getAllowed());
        as(CAROL, () -> governance.transitionUseCase(TransitionUseCaseRequest.newBuilder().setId(useCase.getId())
                .setState("operating").setReason("reviewed: version 2 adds examples, the results stand").build()));

        // a deployment's inputs: a window that did not drift changes nothing, one that drifted puts it under review
        // and starts a re-evaluation round of its suites
        kafka.send(Topics.EVAL, event(EventTypes.EVAL_INPUT_DRIFT, "eval-service", "cv-screening", new InputDriftMeasured(
                "cv-screening", "hr", tuned, "cv-summaries", 1, List.of(useCase.getId()), 200, 0.04, 0.62, 0.01, false)));
        kafka.send(Topics.EVAL, event(EventTypes.EVAL_INPUT_DRIFT, "eval-service", "cv-screening", new InputDriftMeasured(
                "cv-screening", "hr", tuned, "cv-summaries", 1, List.of(useCase.getId()), 200, 0.41, 0.005, 0.37, true)));
        UseCase drifted = Eventually.await(() -> as(CAROL, () -> governance.getUseCase(GetUseCaseRequest.newBuilder()
                .setId(useCase.getId()).build())), u -> u.getState().equals("under-review"), Duration.ofSeconds(30));
        String why = drifted.getTransitions(drifted.getTransitionsCount() - 1).getReason();
        assertTrue(why.startsWith("input-drift: inputs of deployment cv-screening drifted from suite cv-summaries v1"
                + " (200 inputs, centroid distance 0.4100, p = 0.0050, 37 % out of domain); re-evaluating model " + tuned
                + " on cv-summaries"), why);
        assertEquals(1, drifted.getTransitionsList().stream().filter(t -> t.getReason().startsWith("input-drift")).count(),
                "the window that did not drift changed nothing");
        as(CAROL, () -> governance.transitionUseCase(TransitionUseCaseRequest.newBuilder().setId(useCase.getId())
                .setState("operating").setReason("reviewed: a new office joined, its applicants write longer").build()));

        // a new version of the base model: the decision rested on the old one
        registered(UUID.randomUUID().toString(), "Mistral 7B " + base.substring(0, 6), "0.2", null);
        UseCase reviewed = Eventually.await(() -> as(CAROL, () -> governance.getUseCase(GetUseCaseRequest.newBuilder()
                .setId(useCase.getId()).build())), u -> u.getState().equals("under-review"), Duration.ofSeconds(30));
        assertTrue(reviewed.getTransitions(reviewed.getTransitionsCount() - 1).getReason()
                .startsWith("new-model-version: a new version of the base model"));
        assertTrue(messages(gate(tuned)).contains("builtin-baseline: the use case is under-review"));

        // reviewed and back in operation; then an approver withdraws the approval: the gate loses it, the use case
        // goes under review again, the catalog hears it
        as(CAROL, () -> governance.transitionUseCase(TransitionUseCaseRequest.newBuilder().setId(useCase.getId())
                .setState("operating").setReason("reviewed: the new base changes nothing here").build()));
        RevokeApprovalRequest revoke = RevokeApprovalRequest.newBuilder().setId(request.getId())
                .setReason("the PII probe now finds leaks").build();
        assertEquals(Status.Code.PERMISSION_DENIED, code(() -> as(CAROL, () -> governance.revokeApproval(revoke))));
        Approval revoked = as(ANNA, () -> governance.revokeApproval(revoke));
        assertEquals("revoked", revoked.getState());
        assertEquals("anna", revoked.getRevokedBy());
        assertEquals(Status.Code.FAILED_PRECONDITION, code(() -> as(OMAR, () -> governance.revokeApproval(revoke))));
        UseCase withdrawn = as(CAROL, () -> governance.getUseCase(GetUseCaseRequest.newBuilder().setId(useCase.getId())
                .build()));
        assertEquals("under-review", withdrawn.getState());
        assertEquals("approval-revoked: the approval of model " + tuned + " was revoked by anna: the PII probe now finds"
                + " leaks", withdrawn.getTransitions(withdrawn.getTransitionsCount() - 1).getReason());
        assertTrue(messages(gate(tuned)).contains(
                "builtin-baseline: approved by 0 of the 2 distinct approvers the high-risk tier needs"));
        Eventually.await(() -> governance.listAuditRecords(ListAuditRecordsRequest.newBuilder().setSubject(tuned)
                .build()).getRecordsList().stream().filter(r -> r.getEventType().equals(EventTypes.GOVERNANCE_MODEL_DECIDED))
                .count(), n -> n == 2, Duration.ofSeconds(30));
        Eventually.await(() -> governance.listAuditRecords(ListAuditRecordsRequest.newBuilder().setSubject(useCase.getId())
                .build()).getRecordsList().stream().map(r -> r.getEventType()).toList(), types -> types.containsAll(List.of(
                EventTypes.GOVERNANCE_ASSESSMENT_COMPLETED, EventTypes.GOVERNANCE_FACTSHEET_GENERATED,
                EventTypes.GOVERNANCE_REVIEW_REQUIRED, EventTypes.GOVERNANCE_USE_CASE_CHANGED)), Duration.ofSeconds(30));
    }

    @Test
    void aUseCaseDeclaresItsGuardrailsOrGetsThoseOfItsDataAndAnUnknownModeIsNamed() {
        CreateUseCaseRequest.Builder create = CreateUseCaseRequest.newBuilder().setName("Ticket routing "
                + UUID.randomUUID()).setPurpose("Route IT tickets").setOwner("it").setTask("classification")
                .addDataCategories("none").addSuites("tickets").setThreshold(0.5);
        assertEquals(Guardrails.newBuilder().setPii("off").setBlockToxicity(false).build(),
                as(CAROL, () -> governance.createUseCase(create.build())).getGuardrails());
        Guardrails strict = Guardrails.newBuilder().setPii("block").setBlockToxicity(true).build();
        assertEquals(strict, as(CAROL, () -> governance.createUseCase(create.setName("Ticket routing "
                + UUID.randomUUID()).setGuardrails(strict).build())).getGuardrails());
        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> as(CAROL,
                () -> governance.createUseCase(create.setName("Ticket routing " + UUID.randomUUID())
                        .setGuardrails(Guardrails.newBuilder().setPii("mask")).build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
        assertEquals(List.of("guardrails.pii"), GrpcErrors.fieldViolations(bad).stream().map(FieldViolation::field)
                .toList());
    }

    @Test
    void aModelNoUseCaseReliesOnNeverPassesTheGate() {
        GateDecision decision = gate(UUID.randomUUID().toString());
        assertFalse(decision.getAllowed());
        GateFailure failure = decision.getFailures(0);
        assertEquals("NoUseCase", failure.getReason());
    }

    @Test
    void aPolicyThatDoesNotCompileIsRefusedWithItsPositionAndOnlyAdministratorsWritePolicies() {
        String broken = """
                apiVersion: governance.fmp.io/v1
                kind: GovernancePolicy
                metadata: {name: licences}
                spec:
                  validations:
                    - expression: "model.license in ['apache-2.0'"
                      message: "licence not allowed"
                """;
        Principal admin = new Principal("pat", "hr", List.of(Principal.PROJECT_ADMIN), false);
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> as(admin,
                () -> governance.putPolicy(PutPolicyRequest.newBuilder().setDocument(broken).build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        var details = StatusProto.fromThrowable(refused).getDetailsList();
        assertTrue(details.toString().contains("document.spec.validations[0].expression"), details.toString());
        assertTrue(details.toString().contains("line 1, column 31"), details.toString());
        assertEquals(Status.Code.PERMISSION_DENIED, code(() -> as(CAROL, () -> governance.putPolicy(
                PutPolicyRequest.newBuilder().setDocument(broken).build()))));
        String fixed = broken.replace("'apache-2.0'\"", "'apache-2.0']\"");
        var stored = as(admin, () -> governance.putPolicy(PutPolicyRequest.newBuilder().setDocument(fixed).build()));
        assertEquals(Sha256.hex(fixed), stored.getSha256());
        assertEquals("hr", stored.getProject());
    }

    static Map<String, Answer> answers(String... overrides) {
        Map<String, String> plain = new java.util.HashMap<>(Map.of("prohibited-practices", "none", "annex-iii-area", "none",
                "derogation", "none", "profiling", "no", "interacts-with-people", "no", "generates-synthetic-content", "no",
                "emotion-or-biometric-categorisation", "no", "deep-fake", "no"));
        for (int i = 0; i < overrides.length; i += 2) {
            plain.put(overrides[i], overrides[i + 1]);
        }
        Map<String, Answer> answers = new java.util.HashMap<>();
        plain.forEach((k, v) -> answers.put(k, Answer.newBuilder().addValues(v).build()));
        return answers;
    }
}
