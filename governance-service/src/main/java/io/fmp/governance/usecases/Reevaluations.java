package io.fmp.governance.usecases;

import io.fmp.contracts.eval.v1.EvalServiceGrpc;
import io.fmp.contracts.eval.v1.Run;
import io.fmp.contracts.eval.v1.StartRunRequest;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.ReviewRequired;
import io.fmp.contracts.identity.Principal;
import io.fmp.governance.approvals.ApprovalRequest;
import io.fmp.governance.facts.EvalFact;
import io.fmp.governance.gates.Gates;
import io.fmp.platform.identity.Callers;
import io.fmp.platform.outbox.Outbox;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Scheduled re-evaluation: when a relied-on use case's review is due, governance asks eval-service for a run of
 * each of its suites (latest version) on the model its approvals let into production. The rounds are rows made
 * in the transaction that puts the use case under review, started by a scheduler with the row id as the run's
 * idempotency key (a retry, a restart or a second replica get the same run), and ended by the runs' own events.
 * When every run of a round has ended, the gate's policies decide over the fresh results: passed, the use case
 * returns to the state the review took it from (next review one interval later); not passed, it stays under
 * review and {@code governance.review-required} says why.
 */
@ApplicationScoped
public class Reevaluations {

    private static final Logger LOG = Logger.getLogger(Reevaluations.class);
    static final String TRIGGER_FAILED = "re-evaluation-failed";

    @GrpcClient("eval")
    EvalServiceGrpc.EvalServiceBlockingStub eval;

    @Inject
    Gates gates;

    @Inject
    UseCases useCases;

    @Inject
    Outbox outbox;

    /** A round for the use case, if a model of it is approved for production: what it re-evaluates, or null. */
    @Transactional(Transactional.TxType.MANDATORY)
    String schedule(UseCase useCase) {
        ApprovalRequest approved = ApprovalRequest.<ApprovalRequest>find("useCaseId = ?1 and state = ?2 order by decidedAt desc",
                useCase.id, ApprovalRequest.APPROVED).firstResult();
        if (approved == null || useCase.suites().isEmpty()) {
            return null;
        }
        String round = UUID.randomUUID().toString();
        for (String suite : useCase.suites()) {
            Reevaluation run = new Reevaluation();
            run.id = UUID.randomUUID().toString();
            run.roundId = round;
            run.useCaseId = useCase.id;
            run.project = useCase.project;
            run.modelId = approved.modelId;
            run.suite = suite;
            run.state = Reevaluation.STARTING;
            run.createdAt = UseCases.now();
            run.updatedAt = run.createdAt;
            run.persist();
        }
        String what = "re-evaluating model " + approved.modelId + " on " + String.join(", ", useCase.suites())
                + " (round " + round + ")";
        LOG.infof("Use case %s (%s): %s", useCase.name, useCase.id, what);
        return what;
    }

    /** Asks eval-service for the runs of rounds not yet started; what it refuses ends the run as failed. */
    @Scheduled(every = "${fmp.governance.reviews.start-runs-every}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void startRuns() {
        List<Reevaluation> starting = QuarkusTransaction.requiringNew().call(() -> Reevaluation.<Reevaluation>list(
                "state", Reevaluation.STARTING));
        for (Reevaluation row : starting) {
            // outside any transaction: a slow eval-service holds no lock here
            Principal caller = Principal.service("governance-service").inProject(row.project);
            try {
                Run run = Callers.as(caller, () -> eval.withDeadlineAfter(30, TimeUnit.SECONDS).startRun(StartRunRequest
                        .newBuilder().setSuite(row.suite).setModelId(row.modelId).setIdempotencyKey("reevaluation-"
                                + row.id).build()));
                QuarkusTransaction.requiringNew().run(() -> started(row.id, run.getId()));
            } catch (StatusRuntimeException e) {
                switch (e.getStatus().getCode()) {
                    // eval-service away or busy: the next tick asks again with the same key
                    case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL, UNKNOWN ->
                            LOG.warnf("Re-evaluation %s of %s on %s not started yet: %s", row.id, row.modelId, row.suite,
                                    e.getStatus());
                    default -> QuarkusTransaction.requiringNew().run(() -> ended(row.id, null, false,
                            "eval-service refused the run: " + e.getStatus().getCode() + " "
                                    + e.getStatus().getDescription()));
                }
            }
        }
    }

    private void started(String id, String runId) {
        Reevaluation row = Reevaluation.findById(id);
        if (row == null || !Reevaluation.STARTING.equals(row.state)) {
            return;
        }
        row.runId = runId;
        row.state = Reevaluation.RUNNING;
        row.updatedAt = UseCases.now();
        // the run may have ended before its id was stored here: its result is already a fact
        EvalFact fact = EvalFact.findById(new EvalFact.Key(row.modelId, row.suite));
        if (fact != null && runId.equals(fact.runId)) {
            ended(row.id, runId, true, null);
        }
    }

    /** A run ended (eval.completed or eval.failed): if governance asked for it, its round may be complete. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void runEnded(String runId, boolean succeeded, String detail) {
        Reevaluation row = Reevaluation.find("runId", runId).firstResult();
        if (row != null) {
            ended(row.id, runId, succeeded, detail);
        }
    }

    private void ended(String id, String runId, boolean succeeded, String detail) {
        Reevaluation row = Reevaluation.findById(id);
        if (row == null || row.ended()) {
            return;
        }
        row.runId = runId != null ? runId : row.runId;
        row.state = succeeded ? Reevaluation.SUCCEEDED : Reevaluation.FAILED;
        row.detail = detail;
        row.updatedAt = UseCases.now();
        List<Reevaluation> round = Reevaluation.list("roundId", row.roundId);
        if (round.stream().allMatch(Reevaluation::ended)) {
            conclude(row, round);
        }
    }

    private void conclude(Reevaluation any, List<Reevaluation> round) {
        UseCase useCase = UseCase.findById(any.useCaseId);
        if (useCase == null || useCase.state != UseCaseState.UNDER_REVIEW) {
            return; // somebody decided in the meantime
        }
        String runs = round.stream().map(r -> r.suite + " " + (r.runId == null ? "(not started)" : r.runId))
                .collect(Collectors.joining(", "));
        List<Reevaluation> failed = round.stream().filter(r -> Reevaluation.FAILED.equals(r.state)).toList();
        if (!failed.isEmpty()) {
            stillUnderReview(useCase, "runs failed: " + failed.stream().map(r -> r.suite + ": " + r.detail)
                    .collect(Collectors.joining("; ")));
            return;
        }
        UseCaseState returnTo = stateBeforeReview(useCase);
        Gates.Decision decision = gates.reevaluate(useCase, any.modelId, returnTo);
        if (decision.allowed()) {
            useCases.move(useCase, returnTo, Reviews.ACTOR, "re-evaluation passed: model " + any.modelId + " on " + runs);
        } else {
            stillUnderReview(useCase, "model " + any.modelId + " on " + runs + ": " + decision.failures().stream()
                    .filter(Gates.Failure::denies).map(Gates.Failure::toString).collect(Collectors.joining("; ")));
        }
    }

    private void stillUnderReview(UseCase useCase, String detail) {
        LOG.warnf("Use case %s (%s) stays under review: %s", useCase.name, useCase.id, detail);
        outbox.emit(EventTypes.GOVERNANCE_REVIEW_REQUIRED, useCase.id, new ReviewRequired(useCase.id, useCase.project,
                TRIGGER_FAILED, detail));
    }

    private static UseCaseState stateBeforeReview(UseCase useCase) {
        UseCaseTransition last = UseCaseTransition.<UseCaseTransition>find("useCaseId = ?1 and toState = ?2 order by at desc",
                useCase.id, UseCaseState.UNDER_REVIEW).firstResult();
        return last != null && UseCaseState.RELIED_ON.contains(last.fromState) ? last.fromState : UseCaseState.OPERATING;
    }
}
