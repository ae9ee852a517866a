package io.fmp.eval.tuned;

import io.fmp.contracts.errors.InvalidInputException;
import io.fmp.contracts.events.EventCodec;
import io.fmp.contracts.events.EventEnvelope;
import io.fmp.contracts.events.EventTypes;
import io.fmp.contracts.events.TuningCompleted;
import io.fmp.contracts.identity.Principal;
import io.fmp.eval.candidates.EvaluationCandidate;
import io.fmp.eval.runners.HeadStore;
import io.fmp.eval.runs.EvalRun;
import io.fmp.eval.runs.RunSettings;
import io.fmp.eval.runs.RunTarget;
import io.fmp.eval.runs.RunWorker;
import io.fmp.eval.runs.Runs;
import io.fmp.eval.suites.Suite;
import io.fmp.eval.suites.SuiteStore;
import io.fmp.platform.consumer.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * Evaluates tuned models by themselves: a {@code tuning.completed} event that names a suite queues
 * a run of it on the tuned model (idempotency key {@code tuning:<job id>}, so one run per job),
 * as soon as the model is known here from the catalog and has an endpoint that can run the suite;
 * until then the request waits, with the reason, and the catalog's next event about the model
 * starts it.
 */
@ApplicationScoped
public class TunedModelEvaluations implements EventHandler {

    private static final Logger LOG = Logger.getLogger(TunedModelEvaluations.class);

    @Inject
    Runs runs;

    @Inject
    RunWorker worker;

    @Inject
    HeadStore heads;

    @Inject
    SuiteStore suites;

    @Override
    public Set<String> eventTypes() {
        return Set.of(EventTypes.TUNING_COMPLETED);
    }

    @Override
    public void handle(EventEnvelope event) {
        TuningCompleted completed = EventCodec.payload(event, TuningCompleted.class);
        if (completed.evalSuite() == null || completed.evalSuite().isBlank()) {
            LOG.infof("Tuning job %s asked for no evaluation of model %s", completed.jobId(), completed.modelId());
            return;
        }
        if (TunedModelEvaluation.findById(completed.jobId()) != null) {
            return;
        }
        TunedModelEvaluation evaluation = new TunedModelEvaluation();
        evaluation.tuningJobId = completed.jobId();
        evaluation.modelId = completed.modelId();
        evaluation.project = completed.project();
        evaluation.suite = completed.evalSuite();
        evaluation.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        evaluation.persist();
        start(evaluation);
    }

    /** The catalog told this service about the model (registered, or served differently): start what waits for it. */
    public void modelChanged(String modelId) {
        List<TunedModelEvaluation> waiting = TunedModelEvaluation.list("modelId = ?1 and runId is null", modelId);
        waiting.forEach(this::start);
    }

    private void start(TunedModelEvaluation evaluation) {
        String waitingFor = obstacle(evaluation);
        if (waitingFor != null) {
            evaluation.note = waitingFor;
            LOG.infof("Evaluation of tuned model %s on %s (tuning job %s) waits: %s", evaluation.modelId,
                    evaluation.suite, evaluation.tuningJobId, waitingFor);
            return;
        }
        EvalRun run = runs.start(inProject(evaluation), evaluation.suite, 0, evaluation.modelId, RunSettings.of(0, 0, 0, 0, 0, 0, 0, 0, 0,
                false), "tuning:" + evaluation.tuningJobId);
        evaluation.runId = run.id;
        evaluation.note = null;
        worker.wakeUp();
        LOG.infof("Evaluating tuned model %s on %s for tuning job %s: run %s", evaluation.modelId, evaluation.suite,
                evaluation.tuningJobId, run.id);
    }

    /** This service, starting the run in the tuning job's project. */
    private static Principal inProject(TunedModelEvaluation evaluation) {
        return Principal.service("eval-service").inProject(evaluation.project);
    }

    /**
     * Why the run cannot start yet; null when it can. Checked here, without exceptions, so that the
     * event's transaction is never marked for rollback by a run that merely has to wait.
     */
    private String obstacle(TunedModelEvaluation evaluation) {
        EvaluationCandidate model = EvaluationCandidate.findById(evaluation.modelId);
        if (model == null) {
            return "the catalog's model.registered for " + evaluation.modelId + " has not arrived yet";
        }
        Suite suite = suites.find(inProject(evaluation), evaluation.suite, 0);
        if (suite == null) {
            return "no suite " + evaluation.suite + " here";
        }
        RunTarget target;
        try {
            target = RunTarget.choose(model.serving(), model.name, suite.definition().taskType());
        } catch (InvalidInputException e) {
            return e.violations().get(0).message();
        }
        return target.headUri() == null ? null : heads.problem(target.headUri());
    }
}
