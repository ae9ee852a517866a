package io.fmp.governance.usecases;

import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.InputDriftMeasured;
import io.fmp.contracts.events.ReviewRequired;
import io.fmp.contracts.identity.Principal;
import io.fmp.governance.facts.ModelFact;
import io.fmp.governance.facts.SuiteFact;
import io.fmp.platform.outbox.Outbox;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Objects;

/**
 * Continuous re-evaluation: when something a relied-on use case's decision rested on changes (a new version of
 * a model it relies on or of that model's base, a new version of a dataset its suites read, a fresh result under
 * its threshold, its review date), the use
 * case goes under review and {@code governance.review-required} says why. Its gate then denies until it is
 * approved again.
 */
@ApplicationScoped
public class Reviews {

    static final String ACTOR = Principal.service("governance-service").subject();

    @Inject
    UseCases useCases;

    @Inject
    Reevaluations reevaluations;

    @Inject
    Outbox outbox;

    /** A model version was registered: use cases relying on another version of it, or of its base, need review. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void newModelVersion(ModelFact registered) {
        for (UseCase useCase : reliedOn()) {
            for (String approach : useCase.approaches()) {
                ModelFact reliedOn = ModelFact.findById(approach);
                if (reliedOn == null || reliedOn.modelId.equals(registered.modelId)) {
                    continue;
                }
                ModelFact base = reliedOn.baseModelId == null ? null : ModelFact.findById(reliedOn.baseModelId);
                boolean newVersion = reliedOn.name.equals(registered.name);
                boolean newBase = base != null && base.name.equals(registered.name) && !base.modelId.equals(registered.modelId);
                if (newVersion || newBase) {
                    require(useCase, "new-model-version", (newBase ? "a new version of the base model " : "a new version of ")
                            + registered.name + ": " + registered.version + " (" + registered.modelId + ")");
                    break;
                }
            }
        }
    }

    /**
     * A new version of a dataset: use cases measured by a suite that reads an older version of it need review (their
     * results rest on data that has since been corrected or extended; the suite may need a new version).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void newDatasetVersion(String project, String dataset, int version) {
        for (UseCase useCase : reliedOn()) {
            for (String suite : useCase.suites()) {
                SuiteFact fact = SuiteFact.resolve(useCase.project, suite);
                if (fact != null && fact.project.equals(project) && fact.dataset.equals(dataset)
                        && fact.datasetVersion < version) {
                    require(useCase, "new-dataset-version", "dataset " + dataset + " has a version " + version
                            + "; suite " + suite + " v" + fact.version + " reads version " + fact.datasetVersion);
                    break;
                }
            }
        }
    }

    /** A fresh evaluation: under the use case's threshold, the use case needs review. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void freshResult(String modelId, String suite, String metric, double lowerBound) {
        for (UseCase useCase : reliedOn()) {
            if (useCase.approaches().contains(modelId) && useCase.suites().contains(suite) && lowerBound < useCase.threshold) {
                require(useCase, "eval-below-threshold", "model " + modelId + " on " + suite + ": lower 95% bound of "
                        + metric + " " + lowerBound + " under the threshold " + useCase.threshold);
            }
        }
    }

    /** An approval of one of its models was revoked: a relied-on use case needs review. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void approvalRevoked(UseCase useCase, String modelId, String by, String reason) {
        if (UseCaseState.RELIED_ON.contains(useCase.state)) {
            require(useCase, "approval-revoked", "the approval of model " + modelId + " was revoked by " + by + ": "
                    + reason);
        }
    }

    /**
     * A window of a deployment's inputs drifted from its suite's dataset: the measurements the use cases rest on may
     * no longer describe what the model sees. Each relied-on use case goes under review and is re-evaluated.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void inputDrift(InputDriftMeasured drift) {
        if (!drift.drifted()) {
            return;
        }
        for (String id : drift.useCaseIds()) {
            UseCase useCase = UseCase.findById(id);
            if (useCase == null || !UseCaseState.RELIED_ON.contains(useCase.state)) {
                continue;
            }
            String reevaluation = reevaluations.schedule(useCase);
            require(useCase, "input-drift", String.format(java.util.Locale.ROOT, "inputs of deployment %s drifted from"
                    + " suite %s v%d (%d inputs, centroid distance %.4f, p = %.4f, %.0f %% out of domain)%s",
                    drift.deployment(), drift.suite(), drift.suiteVersion(), drift.inputs(), drift.centroidDistance(),
                    drift.pValue(), drift.outOfDomainShare() * 100, reevaluation == null ? "" : "; " + reevaluation));
        }
    }

    /** A production alias moved to a model an approved use case relies on: the use case is operating. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void productionMoved(String modelId) {
        UseCase.<UseCase>list("state = ?1", UseCaseState.APPROVED_FOR_PRODUCTION).stream()
                .filter(u -> u.approaches().contains(modelId))
                .forEach(u -> useCases.move(u, UseCaseState.OPERATING, ACTOR, "the production alias points at " + modelId));
    }

    /** Use cases past their review date (the interval is the tier's): under review, and re-evaluated. */
    @Scheduled(every = "${fmp.governance.reviews.check-every}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void scheduled() {
        var now = UseCases.now();
        reliedOn().stream().filter(u -> u.nextReviewAt != null && u.nextReviewAt.isBefore(now)).forEach(u -> {
            // another replica's scheduler may have taken it in the meantime: read again under a row lock
            UseCase.getEntityManager().refresh(u, LockModeType.PESSIMISTIC_WRITE);
            if (!UseCaseState.RELIED_ON.contains(u.state) || u.nextReviewAt == null || !u.nextReviewAt.isBefore(now)) {
                return;
            }
            String reevaluation = reevaluations.schedule(u);
            require(u, "scheduled-review", "the " + u.tier + " tier's review was due " + u.nextReviewAt + "; "
                    + (reevaluation == null ? "no model of it is approved for production, nothing to re-evaluate"
                    : reevaluation));
        });
    }

    private static List<UseCase> reliedOn() {
        return UseCase.list("state in ?1", UseCaseState.RELIED_ON);
    }

    private void require(UseCase useCase, String trigger, String detail) {
        if (Objects.equals(useCase.state, UseCaseState.UNDER_REVIEW)) {
            return;
        }
        useCases.move(useCase, UseCaseState.UNDER_REVIEW, ACTOR, trigger + ": " + detail);
        outbox.emit(EventTypes.GOVERNANCE_REVIEW_REQUIRED, useCase.id, new ReviewRequired(useCase.id, useCase.project,
                trigger, detail));
    }
}
