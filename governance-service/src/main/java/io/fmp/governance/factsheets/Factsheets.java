package io.fmp.governance.factsheets;

import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.errors.ResourceNotFoundException;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.FactsheetGenerated;
import io.fmp.contracts.identity.Principal;
import io.fmp.governance.gates.DecisionFacts;
import io.fmp.governance.usecases.UseCase;
import io.fmp.governance.usecases.UseCaseState;
import io.fmp.governance.usecases.UseCases;
import io.fmp.platform.hashing.Sha256;
import io.fmp.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Factsheets per use case and model version, generated from the facts the gates decide on; each new content
 * is a new version, hashed and announced (so its SHA-256 is in the audit log). Unchanged facts give the
 * existing version back.
 */
@ApplicationScoped
public class Factsheets {

    @Inject
    UseCases useCases;

    @Inject
    DecisionFacts facts;

    @Inject
    Outbox outbox;

    @Transactional
    public Factsheet generate(Principal caller, String useCaseId, String modelId) {
        UseCase useCase = useCases.get(caller, useCaseId);
        if (modelId == null || !useCase.approaches().contains(modelId)) {
            throw new InvalidInputException("modelId", "must be one of the use case's approaches " + useCase.approaches());
        }
        Factsheet latest = Factsheet.latest(useCaseId, modelId);
        int version = latest == null ? 1 : latest.version + 1;
        FactsheetRenderer.Input input = input(useCase, modelId);
        String markdown = FactsheetRenderer.markdown(input, version);
        // the version line differs by construction; compare what the facts say
        if (latest != null && latest.markdown.equals(FactsheetRenderer.markdown(input, latest.version))) {
            return latest;
        }
        Factsheet sheet = new Factsheet();
        sheet.id = UUID.randomUUID().toString();
        sheet.useCaseId = useCaseId;
        sheet.modelId = modelId;
        sheet.version = version;
        sheet.markdown = markdown;
        sheet.sha256 = Sha256.hex(markdown);
        sheet.html = FactsheetRenderer.html(markdown);
        sheet.createdBy = caller.subject();
        sheet.createdAt = UseCases.now();
        sheet.persist();
        outbox.emit(EventTypes.GOVERNANCE_FACTSHEET_GENERATED, useCaseId, new FactsheetGenerated(sheet.id, useCaseId,
                modelId, useCase.project, version, sheet.sha256));
        return sheet;
    }

    public Factsheet latest(Principal caller, String useCaseId, String modelId) {
        useCases.get(caller, useCaseId);
        Factsheet sheet = Factsheet.latest(useCaseId, modelId);
        if (sheet == null) {
            throw new ResourceNotFoundException("factsheet of model " + modelId + " in use case", useCaseId);
        }
        return sheet;
    }

    private FactsheetRenderer.Input input(UseCase useCase, String modelId) {
        Map<String, Object> all = facts.of(useCase, modelId, "factsheet");
        @SuppressWarnings("unchecked")
        Map<String, Object> useCaseFacts = new LinkedHashMap<>((Map<String, Object>) all.get("useCase"));
        UseCase.Details details = useCase.details();
        useCaseFacts.put("purpose", useCase.purpose);
        useCaseFacts.put("owner", useCase.owner);
        useCaseFacts.put("affectedPeople", details.affectedPeople());
        useCaseFacts.put("deploymentContext", details.deploymentContext());
        @SuppressWarnings("unchecked")
        Map<String, Object> approvals = (Map<String, Object>) all.get("approvals");
        @SuppressWarnings("unchecked")
        List<String> approvers = (List<String>) approvals.get("approvers");
        List<String> history = useCases.history(useCase.id).stream().map(t -> t.at.toLocalDate() + " "
                + t.fromState.word() + " -> " + t.toState.word() + " by " + t.actor + ": " + t.reason).toList();
        List<String> openReviews = useCase.state == UseCaseState.UNDER_REVIEW
                ? List.of("under review since " + history.get(history.size() - 1)) : List.of();
        UseCases.StoredAssessment assessment = UseCases.assessment(useCase);
        @SuppressWarnings("unchecked")
        Map<String, Object> model = (Map<String, Object>) all.get("model");
        @SuppressWarnings("unchecked")
        Map<String, Object> evals = (Map<String, Object>) all.get("evals");
        // the factsheet is itself the evidence its obligations ask for
        List<DecisionFacts.ObligationStatus> obligations = facts.obligations(useCase, modelId).stream()
                .map(o -> new DecisionFacts.ObligationStatus(o.id(), o.title(), o.source(), o.nist(), o.genai(),
                        o.evidence(), o.missing().stream().filter(kind -> !kind.equals("factsheet")).toList())).toList();
        return new FactsheetRenderer.Input(useCaseFacts, model, evals, obligations, approvers,
                history, openReviews, assessment == null ? null : assessment.catalogueVersion());
    }
}
