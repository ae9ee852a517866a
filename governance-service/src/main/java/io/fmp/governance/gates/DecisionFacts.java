package io.fmp.governance.gates;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fmp.contracts.events.GeneralPurposeModel;
import io.fmp.governance.approvals.ApprovalRequest;
import io.fmp.governance.approvals.Approvals;
import io.fmp.governance.facts.EvalFact;
import io.fmp.governance.facts.ModelFact;
import io.fmp.governance.facts.RunComparisons;
import io.fmp.governance.factsheets.Factsheet;
import io.fmp.governance.risk.RiskCatalogue;
import io.fmp.governance.usecases.UseCase;
import io.fmp.governance.usecases.UseCaseState;
import io.fmp.governance.usecases.UseCases;
import io.fmp.platform.storage.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts a decision about a model in a use case rests on, as the CEL variables policies read: useCase
 * (with its obligations and whether their evidence is there), model, evals (suite -> latest result), approvals,
 * factsheet. The same facts feed the factsheet, so what a gate checked is what the factsheet shows.
 */
@ApplicationScoped
public class DecisionFacts {

    /** An obligation and the state of its evidence for one model. */
    public record ObligationStatus(String id, String title, String source, List<String> nist, List<String> genai,
                                   List<String> evidence, List<String> missing) {
        public boolean satisfied() {
            return missing.isEmpty();
        }
    }

    /**
     * The facts of one decision, keyed by the CEL variable names; {@code complete} false when a fact could not be
     * had this time (eval-service did not answer for a comparison), so the decision holds only for now.
     */
    public record Gathered(Map<String, Object> variables, boolean complete) {
    }

    @Inject
    UseCases useCases;

    @Inject
    RunComparisons comparisons;

    /** Every fact, keyed by the CEL variable names. */
    public Map<String, Object> of(UseCase useCase, String modelId, String gate) {
        return gather(useCase, modelId, gate).variables();
    }

    public Gathered gather(UseCase useCase, String modelId, String gate) {
        return gather(useCase, modelId, gate, useCase.state);
    }

    /** The facts as they would be with the use case in {@code state} (a re-evaluation asks: may it return there?). */
    public Gathered gather(UseCase useCase, String modelId, String gate, UseCaseState state) {
        Map<String, Object> facts = new LinkedHashMap<>();
        ModelFact model = ModelFact.findById(modelId);
        facts.put("useCase", useCase(useCase, modelId, state));
        List<String> unanswered = new ArrayList<>();
        facts.put("model", model(model, useCase, unanswered));
        facts.put("evals", evals(modelId));
        ApprovalRequest approved = latestApproved(useCase.id, modelId);
        List<String> approvers = approved == null ? List.of() : Approvals.approvers(approved.id);
        facts.put("approvals", Map.of("distinctApprovers", (long) approvers.size(), "approvers", approvers,
                "requestId", approved == null ? "" : approved.id));
        Factsheet factsheet = Factsheet.latest(useCase.id, modelId);
        facts.put("factsheet", Map.of("generated", factsheet != null, "version", factsheet == null ? 0L
                : (long) factsheet.version, "sha256", factsheet == null ? "" : factsheet.sha256));
        facts.put("gate", Map.of("kind", gate));
        return new Gathered(facts, unanswered.isEmpty());
    }

    /** What an approval request records as the evidence it was made on. */
    public Map<String, Object> evidence(UseCase useCase, String modelId) {
        Map<String, Object> all = of(useCase, modelId, "approval");
        return Map.of("useCase", all.get("useCase"), "model", all.get("model"), "evals", all.get("evals"));
    }

    public List<ObligationStatus> obligations(UseCase useCase, String modelId) {
        UseCases.StoredAssessment assessment = UseCases.assessment(useCase);
        if (assessment == null) {
            return List.of();
        }
        RiskCatalogue catalogue = useCases.catalogue();
        List<ObligationStatus> statuses = new ArrayList<>();
        for (String id : assessment.obligations()) {
            RiskCatalogue.Obligation obligation = catalogue.obligation(id).orElse(null);
            if (obligation == null) {
                // an obligation of an older catalogue: shown, never satisfied until the use case is assessed again
                statuses.add(new ObligationStatus(id, id, "", List.of(), List.of(), List.of("assessment"), List.of("assessment")));
                continue;
            }
            List<String> missing = obligation.evidence().stream().filter(kind -> !present(kind, obligation.id(),
                    useCase, modelId)).toList();
            statuses.add(new ObligationStatus(id, obligation.title(), obligation.source(), obligation.nist(),
                    obligation.genai(), obligation.evidence(), missing));
        }
        return statuses;
    }

    private boolean present(String kind, String obligation, UseCase useCase, String modelId) {
        return switch (kind) {
            case "assessment" -> useCase.tier != null;
            case "eval-result" -> modelId != null && useCase.suites().stream().allMatch(s ->
                    EvalFact.findById(new EvalFact.Key(modelId, s)) != null);
            case "approval" -> modelId != null && latestApproved(useCase.id, modelId) != null;
            case "factsheet" -> modelId != null && Factsheet.latest(useCase.id, modelId) != null;
            // the platform's verifiable audit log records every event of the use case and its models
            case "audit-log" -> true;
            case "document" -> useCase.details().documents().stream().anyMatch(d -> d.obligation().equals(obligation));
            default -> false;
        };
    }

    private Map<String, Object> useCase(UseCase useCase, String modelId, UseCaseState state) {
        UseCases.StoredAssessment assessment = UseCases.assessment(useCase);
        Map<String, Object> fact = new LinkedHashMap<>();
        fact.put("id", useCase.id);
        fact.put("name", useCase.name);
        fact.put("project", useCase.project);
        fact.put("state", state.word());
        fact.put("tier", useCase.tier == null ? "" : useCase.tier);
        fact.put("quorum", assessment == null ? 1L : (long) Math.max(1, assessment.quorum()));
        fact.put("task", useCase.task);
        fact.put("threshold", useCase.threshold);
        fact.put("suites", useCase.suites());
        fact.put("approaches", useCase.approaches());
        fact.put("dataCategories", useCase.details().dataCategories());
        fact.put("obligations", obligations(useCase, modelId).stream().map(o -> Map.of("id", o.id(), "satisfied",
                o.satisfied(), "missing", o.missing())).toList());
        return fact;
    }

    private Map<String, Object> model(ModelFact model, UseCase useCase, List<String> unanswered) {
        Map<String, Object> fact = new LinkedHashMap<>();
        fact.put("id", model == null ? "" : model.modelId);
        fact.put("name", model == null ? "" : model.name);
        fact.put("version", model == null ? "" : model.version);
        fact.put("project", model == null ? "" : model.project);
        fact.put("license", model == null || model.license == null ? "" : model.license);
        fact.put("commercialUse", model != null && model.commercialUse);
        fact.put("trainingData", model == null ? "none" : model.trainingData);
        fact.put("ipIndemnity", model != null && model.ipIndemnity);
        fact.put("generalPurpose", generalPurpose(model));
        fact.put("baseModelId", model == null || model.baseModelId == null ? "" : model.baseModelId);
        fact.put("method", model == null || model.method == null ? "" : model.method);
        fact.put("datasetSha256", model == null || model.datasetSha256 == null ? "" : model.datasetSha256);
        fact.put("tuned", model != null && model.baseModelId != null);
        fact.put("known", model != null);
        fact.put("baseEvals", model == null || model.baseModelId == null ? Map.of() : evals(model.baseModelId));
        fact.put("comparisons", model == null || model.baseModelId == null ? Map.of()
                : comparisons(model.modelId, model.baseModelId, useCase.suites(), unanswered));
        return fact;
    }

    /**
     * The model's general-purpose AI facts (EU AI Act Art. 53 / 55): its card's, else, for a tuned model, its base
     * model's ({@code inheritedFrom} names it). {@code present} false for a model that is not one.
     */
    private static Map<String, Object> generalPurpose(ModelFact model) {
        ModelFact stated = model;
        // up the lineage to the first card that states them (bounded: lineage comes from other services' events)
        for (int depth = 0; depth < 8 && stated != null && stated.generalPurposeJson == null
                && stated.baseModelId != null; depth++) {
            stated = ModelFact.findById(stated.baseModelId);
        }
        GeneralPurposeModel gpai = stated == null ? null : stated.generalPurpose();
        Map<String, Object> fact = new LinkedHashMap<>();
        fact.put("present", gpai != null);
        fact.put("systemicRisk", gpai != null && gpai.presumedSystemicRisk());
        fact.put("trainingComputeFlops", gpai == null || gpai.trainingComputeFlops() == null ? 0.0 : gpai.trainingComputeFlops());
        fact.put("technicalDocumentation", gpai == null || gpai.technicalDocumentation() == null ? "" : gpai.technicalDocumentation());
        fact.put("copyrightPolicy", gpai == null || gpai.copyrightPolicy() == null ? "" : gpai.copyrightPolicy());
        fact.put("trainingContentSummary", gpai == null || gpai.trainingContentSummary() == null ? ""
                : gpai.trainingContentSummary());
        fact.put("inheritedFrom", gpai == null || stated == model ? "" : stated.modelId);
        return fact;
    }

    /**
     * Suite -> eval-service's paired bootstrap test of the model's latest run against its base's (same suite
     * version): {@code {metric, delta, pValue, significant, higherIsBetter, worse}}; suites it could not compare
     * are left out, those eval-service did not answer for are added to {@code unanswered}.
     */
    private Map<String, Object> comparisons(String modelId, String baseModelId, List<String> suites,
                                            List<String> unanswered) {
        Map<String, Object> bySuite = new LinkedHashMap<>();
        for (String suite : suites) {
            EvalFact tuned = EvalFact.findById(new EvalFact.Key(modelId, suite));
            EvalFact base = EvalFact.findById(new EvalFact.Key(baseModelId, suite));
            if (tuned == null || base == null || tuned.suiteVersion != base.suiteVersion) {
                continue;
            }
            RunComparisons.Answer answer = comparisons.compare(base.runId, tuned.runId, tuned.metric);
            if (!answer.answered()) {
                unanswered.add(suite);
            }
            answer.comparison().ifPresent(c -> bySuite.put(suite, Map.of("metric", c.metric(), "delta", c.delta(),
                    "pValue", c.pValue(), "significant", c.significant(), "higherIsBetter", c.higherIsBetter(),
                    "worse", c.worse())));
        }
        return bySuite;
    }

    /** Suite -> the model's latest result there. */
    public static Map<String, Object> evals(String modelId) {
        Map<String, Object> evals = new LinkedHashMap<>();
        for (EvalFact fact : EvalFact.<EvalFact>list("modelId", modelId)) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("runId", fact.runId);
            result.put("metric", fact.metric);
            result.put("value", fact.value);
            result.put("ciLower", fact.ciLower == null ? fact.value : fact.ciLower);
            result.put("ciUpper", fact.ciUpper == null ? fact.value : fact.ciUpper);
            result.put("examples", fact.examples);
            result.put("suiteVersion", (long) fact.suiteVersion);
            result.put("metrics", Json.read(fact.metricsJson, new TypeReference<Map<String, Double>>() { }));
            evals.put(fact.suite, result);
        }
        return evals;
    }

    private static ApprovalRequest latestApproved(String useCaseId, String modelId) {
        return ApprovalRequest.<ApprovalRequest>find("useCaseId = ?1 and modelId = ?2 and state = ?3 order by decidedAt desc",
                useCaseId, modelId, ApprovalRequest.APPROVED).firstResult();
    }
}
