package io.fmp.tuning.local;

import io.fmp.tuning.TuningConfig;
import io.fmp.platform.work.LeasedQueue;
import io.fmp.tuning.costing.TuningCostEstimator;
import io.fmp.tuning.datasets.DatasetSummary;
import io.fmp.tuning.datasets.EvalClient;
import io.fmp.tuning.datasets.TrainingData;
import io.fmp.tuning.datasets.TrainingExample;
import io.fmp.tuning.embeddings.EmbeddingCache;
import io.fmp.tuning.jobs.ExecutorKind;
import io.fmp.tuning.jobs.JobExecutor;
import io.fmp.tuning.jobs.JobLedger;
import io.fmp.tuning.jobs.JobSpec;
import io.fmp.tuning.jobs.ProgressReporter;
import io.fmp.tuning.jobs.TuningJob;
import io.fmp.inference.encoders.SentenceEncoder;
import io.fmp.tuning.training.HeadArtifact;
import io.fmp.tuning.training.HeadTrainer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The local executor: trains a classifier head on a frozen embedded encoder in this process. Reads
 * the job's splits from eval-service, embeds them through the cache, trains with a checkpoint after
 * every epoch (a restarted job resumes from its last one), measures the head on the test split and
 * stores it as the job's {@code head.json} artifact.
 */
@ApplicationScoped
public class LocalHeadExecutor implements JobExecutor {

    private static final Logger LOG = Logger.getLogger(LocalHeadExecutor.class);
    /** Where each phase ends, in percent of the job. */
    private static final double PREPARED = 5;
    private static final double EMBEDDED = 50;
    /** where training ends when a refit follows it */
    private static final double TRAINED_BEFORE_REFIT = 90;
    private static final double TRAINED = 99;

    @Inject
    EvalClient eval;

    @Inject
    EmbeddingCache embeddings;

    @Inject
    JobLedger ledger;

    @Inject
    TuningConfig config;

    @Override
    public ExecutorKind kind() {
        return ExecutorKind.LOCAL;
    }

    @Override
    public String trainer(JobSpec spec) {
        return "HeadTrainer (" + (spec.hyperparameters().hiddenUnits() > 0 ? "MLP" : "softmax regression")
                + ", Adam, L2) on " + spec.base().encoder();
    }

    /** The labelled examples of a split with their class numbers. */
    private record Labelled(List<TrainingExample> examples, int[] classes) {
    }

    @Override
    public Outcome execute(LeasedQueue.Lease claim, TuningJob job) {
        JobSpec spec = job.jobSpec();
        JobSpec.Hyperparameters h = spec.hyperparameters();
        ProgressReporter progress = new ProgressReporter(ledger, claim, config.progressEvery(), job.percent);
        if (!progress.report(update("preparing-data", 0, h.epochs(), 0, 0, null, null, null, 0), true)) {
            return Outcome.stopped();
        }
        DatasetSummary dataset = eval.dataset(spec.dataset().name(), spec.dataset().version())
                .orElseThrow(() -> new JobFailure("dataset " + spec.dataset().name() + " version "
                        + spec.dataset().version() + " is no longer in eval-service"));
        TrainingData data = TrainingData.of(spec.splits(), dataset.splits().keySet(),
                split -> eval.examples(dataset.name(), dataset.version(), split));
        List<String> labels = new ArrayList<>(new TreeSet<>(data.train().stream().map(TrainingExample::label)
                .filter(Objects::nonNull).toList()));
        if (labels.size() < 2) {
            throw new JobFailure("the training split has " + labels.size() + " labels; a classifier needs 2 or more");
        }
        Labelled train = labelled(data.train(), labels, false);
        // validation loss needs a known class; a test label training never saw simply counts as a miss
        Labelled validation = labelled(data.validation(), labels, false);
        Labelled test = labelled(data.test(), labels, true);
        LOG.infof("Tuning job %s: %d train, %d validation, %d test examples, %d labels (%s v%d, %s)", job.id,
                train.examples().size(), validation.examples().size(), test.examples().size(), labels.size(),
                dataset.name(), dataset.version(), dataset.sha256());

        SentenceEncoder encoder = SentenceEncoder.ofEndpoint(spec.base().encoder())
                .orElseThrow(() -> new JobFailure("no embedded encoder '" + spec.base().encoder() + "' here"));
        List<String> texts = new ArrayList<>();
        for (Labelled split : List.of(train, validation, test)) {
            split.examples().forEach(e -> texts.add(e.input()));
        }
        float[][] vectors;
        long embeddingStarted = System.nanoTime();
        long[] fromCache = new long[1];
        try {
            vectors = embeddings.embed(encoder, texts, (done, total, cached) -> {
                fromCache[0] = cached;
                return progress.report(update("embedding", 0, h.epochs(), done, total, null, null, null,
                        PREPARED + (EMBEDDED - PREPARED) * done / Math.max(1, total)), done == total);
            });
        } catch (EmbeddingCache.Stopped stopped) {
            return Outcome.stopped();
        }
        int n = train.examples().size();
        int v = validation.examples().size();
        float[][] trainX = java.util.Arrays.copyOfRange(vectors, 0, n);
        float[][] validationX = java.util.Arrays.copyOfRange(vectors, n, n + v);
        float[][] testX = java.util.Arrays.copyOfRange(vectors, n + v, vectors.length);

        JobSpec.EarlyStopping early = spec.earlyStopping();
        HeadTrainer.Config config = new HeadTrainer.Config(h.hiddenUnits(), h.learningRate(), h.epochs(),
                h.batchSize(), h.l2(), h.seed(), v == 0 ? 0 : early.patience(), !early.lowerIsBetter(),
                early.minDelta());
        HeadTrainer.Checkpoint resume = ledger.checkpoint(job.id).map(HeadTrainer.Checkpoint::fromBytes).orElse(null);
        if (resume != null) {
            LOG.infof("Tuning job %s: resuming after epoch %d from its checkpoint", job.id, resume.epoch());
        }
        double embeddingSeconds = (System.nanoTime() - embeddingStarted) / 1e9;
        long trainingStarted = System.nanoTime();
        long stepsPerEpoch = (n + h.batchSize() - 1) / h.batchSize();
        boolean refit = early.refit() && config.patience() > 0 && v > 0;
        double trainedAt = refit ? TRAINED_BEFORE_REFIT : TRAINED;
        HeadTrainer.Result result = HeadTrainer.train(trainX, train.classes(), validationX, validation.classes(),
                labels.size(), config, resume, (epoch, checkpoint) -> {
                    ledger.checkpoint(claim, epoch.epoch(), checkpoint.toBytes());
                    ledger.points(job.id, points(epoch));
                    return progress.report(update("training", epoch.epoch(), h.epochs(), epoch.step(),
                            stepsPerEpoch * h.epochs(), epoch.trainLoss(), finite(epoch.validationLoss()),
                            finite(epoch.validationAccuracy()),
                            EMBEDDED + (trainedAt - EMBEDDED) * epoch.epoch() / h.epochs()), true);
                });
        if (result.cancelled()) {
            return Outcome.stopped();
        }

        HeadTrainer.Head head = result.head();
        if (refit) {
            // early stopping chose the epoch count; the same count again on train + validation, no data held back
            int epochs = result.bestEpoch();
            float[][] all = concat(trainX, validationX);
            int[] allClasses = java.util.stream.IntStream.concat(java.util.Arrays.stream(train.classes()),
                    java.util.Arrays.stream(validation.classes())).toArray();
            long refitSteps = (all.length + h.batchSize() - 1L) / h.batchSize() * epochs;
            HeadTrainer.Result refitted = HeadTrainer.train(all, allClasses, new float[0][], new int[0], labels.size(),
                    new HeadTrainer.Config(h.hiddenUnits(), h.learningRate(), epochs, h.batchSize(), h.l2(), h.seed(), 0,
                            false, 0), null, (epoch, checkpoint) -> progress.report(update("refitting", epoch.epoch(),
                            epochs, epoch.step(), refitSteps, epoch.trainLoss(), null, null,
                            TRAINED_BEFORE_REFIT + (TRAINED - TRAINED_BEFORE_REFIT) * epoch.epoch() / epochs), true));
            if (refitted.cancelled()) {
                return Outcome.stopped();
            }
            head = refitted.head();
        }

        double trainingSeconds = (System.nanoTime() - trainingStarted) / 1e9;
        Map<String, Double> metrics = new LinkedHashMap<>();
        HeadTrainer.EpochMetrics best = result.history().get(result.bestEpoch() - 1);
        metrics.put("best_epoch", (double) result.bestEpoch());
        metrics.put("epochs_trained", (double) result.history().size());
        metrics.put("train_loss", best.trainLoss());
        if (v > 0) {
            metrics.put("eval_loss", best.validationLoss());
            metrics.put("eval_accuracy", best.validationAccuracy());
        }
        if (testX.length > 0) {
            int correct = 0;
            for (int i = 0; i < testX.length; i++) {
                correct += head.predict(testX[i]) == test.classes()[i] ? 1 : 0;
            }
            metrics.put("test_accuracy", (double) correct / testX.length);
        }
        metrics.put("head_parameters", (double) head.weights().stream().mapToInt(w -> w.length).sum()
                + head.biases().stream().mapToInt(b -> b.length).sum());
        metrics.put("refit_examples", refit ? (double) (n + v) : 0);
        metrics.put("train_examples", (double) n);
        metrics.put("validation_examples", (double) v);
        metrics.put("test_examples", (double) testX.length);
        // this attempt's timings: a warm embedding cache is what makes a second job on a dataset cheap
        metrics.put("embedding_seconds", embeddingSeconds);
        metrics.put("embeddings_from_cache", (double) fromCache[0]);
        metrics.put("training_seconds", trainingSeconds);

        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("tuning_job_id", job.id);
        provenance.put("base_model_id", spec.baseModelId());
        provenance.put("dataset", dataset.name() + "@" + dataset.version());
        provenance.put("dataset_sha256", dataset.sha256());
        provenance.put("splits", spec.splits().named() ? spec.splits().trainSplit() + "/"
                + spec.splits().validationSplit() : String.format(Locale.ROOT, "%.3f/%.3f/%.3f seed %d",
                spec.splits().trainRatio(), spec.splits().validationRatio(), spec.splits().testRatio(),
                spec.splits().seed()));
        provenance.put("training_seed", Long.toString(h.seed()));
        provenance.put("best_epoch", Integer.toString(result.bestEpoch()));
        metrics.forEach((name, value) -> provenance.put("metric." + name, Double.toString(value)));
        provenance.put("refit", refit ? "train + validation, " + result.bestEpoch() + " epochs" : "no");
        byte[] artifact = HeadArtifact.json(HeadArtifact.of(head, spec.base().encoder(), labels, provenance));
        ledger.artifact(job.id, HeadArtifact.FILE_NAME, HeadArtifact.MEDIA_TYPE, artifact);
        LOG.infof("Tuning job %s: head trained, best epoch %d of %d%s, test accuracy %s", job.id, result.bestEpoch(),
                result.history().size(), result.stoppedEarly() ? " (stopped early)" : "",
                metrics.getOrDefault("test_accuracy", Double.NaN));
        return Outcome.trained("tuning://" + job.id + "/" + HeadArtifact.FILE_NAME, metrics, dataset.sha256(),
                TuningCostEstimator.after(spec, progress.elapsedSeconds(), 1, TuningCostEstimator.Prices.DEFAULT));
    }

    private static float[][] concat(float[][] first, float[][] second) {
        float[][] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** @param keepUnseen keep examples whose label is not among {@code labels} (as class -1, which no output is) */
    private static Labelled labelled(List<TrainingExample> examples, List<String> labels, boolean keepUnseen) {
        List<TrainingExample> kept = examples.stream().filter(e -> e.label() != null
                && (keepUnseen || java.util.Collections.binarySearch(labels, e.label()) >= 0)).toList();
        int[] classes = new int[kept.size()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = Math.max(-1, java.util.Collections.binarySearch(labels, kept.get(i).label()));
        }
        return new Labelled(kept, classes);
    }

    private static List<JobLedger.Point> points(HeadTrainer.EpochMetrics epoch) {
        List<JobLedger.Point> points = new ArrayList<>();
        points.add(new JobLedger.Point("loss", epoch.step(), epoch.epoch(), epoch.trainLoss()));
        if (Double.isFinite(epoch.validationLoss())) {
            points.add(new JobLedger.Point("eval_loss", epoch.step(), epoch.epoch(), epoch.validationLoss()));
            points.add(new JobLedger.Point("eval_accuracy", epoch.step(), epoch.epoch(), epoch.validationAccuracy()));
        }
        return points;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static JobLedger.Update update(String phase, int epoch, int epochs, long step, long steps, Double loss,
                                           Double evalLoss, Double evalAccuracy, double percent) {
        return new JobLedger.Update(phase, epoch, epochs, step, steps, loss, evalLoss, evalAccuracy, percent, null);
    }
}
