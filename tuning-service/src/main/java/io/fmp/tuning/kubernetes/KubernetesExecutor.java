package io.fmp.tuning.kubernetes;

import io.fmp.tuning.TuningConfig;
import io.fmp.platform.work.LeasedQueue;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fmp.tuning.costing.TuningCostEstimator;
import io.fmp.tuning.datasets.DatasetSummary;
import io.fmp.tuning.datasets.EvalClient;
import io.fmp.tuning.datasets.TrainingData;
import io.fmp.tuning.jobs.ExecutorKind;
import io.fmp.tuning.jobs.JobExecutor;
import io.fmp.tuning.jobs.JobLedger;
import io.fmp.tuning.jobs.JobSpec;
import io.fmp.tuning.jobs.ProgressReporter;
import io.fmp.tuning.jobs.TuningJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The Kubernetes executor: runs a GPU job as a cluster workload ({@link TrainerManifests}) and
 * watches it through the fabric8 client: the workload's conditions, its pods' phases, and the
 * trainer's log, whose metric dictionaries become the job's loss curves and progress. A failed
 * workload is replaced (a new attempt, named with its number) up to the retry limit unless its
 * failure is one no retry fixes; a job stops early when its evaluation loss stops improving; a
 * cancelled job's workload is deleted, and so is every finished one. After a restart the job's
 * workload is found by name and watched on, never started twice.
 */
@ApplicationScoped
public class KubernetesExecutor implements JobExecutor {

    private static final Logger LOG = Logger.getLogger(KubernetesExecutor.class);
    /** Trainer log keys that are not curves. */
    private static final Set<String> NOT_SERIES = Set.of("train_runtime", "train_samples_per_second",
            "train_steps_per_second", "total_flos", "eval_runtime", "eval_samples_per_second", "eval_steps_per_second");
    private static final double PREPARED = 2;
    private static final int CREATE_TRIES = 3;

    @Inject
    KubernetesClient client;


    @Inject
    JobLedger ledger;

    @Inject
    EvalClient eval;

    @Inject
    TuningConfig config;

    @Override
    public ExecutorKind kind() {
        return ExecutorKind.KUBERNETES;
    }

    @Override
    public String trainer(JobSpec spec) {
        return "image " + cluster().image() + " (" + String.join(" ", TrainerManifests.command(spec, cluster())) + ")";
    }

    TrainerManifests.Cluster cluster() {
        return TrainerManifests.Cluster.of(settings(), settings().namespace().orElse(client.getNamespace()));
    }

    /** The name of a job's n-th workload. */
    static String workloadName(String jobId, int attempt) {
        return "fmp-tune-" + jobId.substring(0, 8) + "-" + attempt;
    }

    static int attemptOf(String workloadName) {
        return Integer.parseInt(workloadName.substring(workloadName.lastIndexOf('-') + 1));
    }

    @Override
    public Outcome execute(LeasedQueue.Lease claim, TuningJob job) throws InterruptedException {
        JobSpec spec = job.jobSpec();
        TrainerManifests.Cluster cluster = cluster();
        ProgressReporter progress = new ProgressReporter(ledger, claim, config.progressEvery(), job.percent);
        if (!progress.report(new JobLedger.Update("preparing-data", 0, spec.hyperparameters().epochs(), 0, 0, null,
                null, null, 0, null), true)) {
            return Outcome.stopped();
        }
        DatasetSummary dataset = eval.dataset(spec.dataset().name(), spec.dataset().version())
                .orElseThrow(() -> new JobFailure("dataset " + spec.dataset().name() + " version "
                        + spec.dataset().version() + " is no longer in eval-service"));
        TrainingData data = TrainingData.of(spec.splits(), dataset.splits().keySet(),
                split -> eval.examples(dataset.name(), dataset.version(), split));
        boolean validation = !data.validation().isEmpty();
        WorkspaceData.write(Path.of(settings().workspaceMount(), TrainerManifests.jobDirectory(job.id), "data"),
                data.train(), data.validation());

        Workload workload = job.kubernetesJob != null ? workload(job.kubernetesJob)
                : start(claim, job.id, spec, 0, validation, cluster);
        // the watch holds the pods' log streams: closed however the attempt ends
        try (Watch watch = new Watch(spec)) {
            while (true) {
                Workload.Status status;
                Pod pod;
                try {
                    status = workload.status();
                    pod = status == null ? null : readPods(workload, watch, job.id);
                } catch (KubernetesClientException e) {
                    if (!transientFailure(e)) {
                        throw e;
                    }
                    // the API server unreachable for a moment: the workload runs on, look again
                    LOG.warnf("Tuning job %s: reading %s failed (%s); trying again", job.id, workload.name(),
                            e.getMessage());
                    Thread.sleep(settings().pollInterval().toMillis());
                    continue;
                }
                if (status == null) {
                    // deleted by someone else: a lost attempt like any failure
                    workload = retryOrFail(claim, job.id, spec, workload, validation, cluster,
                            "its workload " + workload.name() + " disappeared from the cluster");
                    continue;
                }
                if (!progress.report(watch.update(status, pod), watch.drainMilestone())) {
                    delete(workload);
                    LOG.infof("Tuning job %s: stopped; workload %s deleted", job.id, workload.name());
                    return Outcome.stopped();
                }
                if (status.complete()) {
                    delete(workload);
                    return trained(job.id, spec, dataset, watch, status, "output", progress);
                }
                if (status.failed()) {
                    String why = "workload " + workload.name() + " failed (" + status.reason() + ": "
                            + status.message() + ")" + (pod == null ? "" : "; its last pod: " + termination(pod));
                    if ("PodFailurePolicy".equals(status.reason())) {
                        delete(workload);
                        throw new JobFailure(why + "; the trainer refused its arguments, which no retry fixes");
                    }
                    workload = retryOrFail(claim, job.id, spec, workload, validation, cluster, why);
                    watch.restart();
                    continue;
                }
                Long best = watch.earlyStopAt();
                if (best != null) {
                    delete(workload);
                    LOG.infof("Tuning job %s: no eval_loss improvement for %d evaluations; stopped at the best, step %d",
                            job.id, spec.earlyStopping().patience(), best);
                    return trained(job.id, spec, dataset, watch, status, "output/checkpoint-" + best, progress);
                }
                Thread.sleep(settings().pollInterval().toMillis());
            }
        }
    }

    @Override
    public void cancel(TuningJob job) {
        if (job.kubernetesJob != null) {
            delete(workload(job.kubernetesJob));
        }
    }

    private Workload workload(String name) {
        String namespace = cluster().namespace();
        return settings().api().equals("trainjob") ? new Workload.TrainJobWorkload(client, namespace, name)
                : new Workload.BatchJobWorkload(client, namespace, name);
    }

    private Workload start(LeasedQueue.Lease claim, String jobId, JobSpec spec, int attempt, boolean validation,
                           TrainerManifests.Cluster cluster) throws InterruptedException {
        String name = workloadName(jobId, attempt);
        Workload workload = workload(name);
        for (int tries = 1; ; tries++) {
            try {
                workload.create(jobId, spec, validation, cluster);
                LOG.infof("Tuning job %s: created %s %s in %s (%d x %s)", jobId, settings().api(), name,
                        cluster.namespace(), spec.resources().gpuCount(), spec.resources().gpu().name());
                break;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    // created by an attempt that died before recording it (or by a try whose answer was lost)
                    LOG.infof("Tuning job %s: %s exists already; watching it", jobId, name);
                    break;
                }
                if (!transientFailure(e) || tries == CREATE_TRIES) {
                    throw e;
                }
                LOG.warnf("Tuning job %s: creating %s failed (%s); trying again", jobId, name, e.getMessage());
                Thread.sleep(settings().pollInterval().toMillis());
            }
        }
        ledger.kubernetesJob(claim, name);
        return workload;
    }

    /** No answer (connection lost), throttled or a server error: worth asking again; a 4xx is not. */
    static boolean transientFailure(KubernetesClientException e) {
        return e.getCode() <= 0 || e.getCode() == 429 || e.getCode() >= 500;
    }

    private Workload retryOrFail(LeasedQueue.Lease claim, String jobId, JobSpec spec, Workload failed,
                                 boolean validation, TrainerManifests.Cluster cluster, String why)
            throws InterruptedException {
        int attempt = attemptOf(failed.name());
        delete(failed);
        if (attempt >= settings().maxRetries()) {
            throw new JobFailure(why + "; gave up after " + (attempt + 1) + " workloads");
        }
        LOG.warnf("Tuning job %s: %s; retrying (%d of %d)", jobId, why, attempt + 1, settings().maxRetries());
        return start(claim, jobId, spec, attempt + 1, validation, cluster);
    }

    private void delete(Workload workload) {
        try {
            workload.delete();
        } catch (KubernetesClientException e) {
            LOG.warnf("Cannot delete %s (%s); Kubernetes removes it after its TTL", workload.name(), e.getMessage());
        }
    }

    /** Reads the new log text of the workload's pods; returns the newest pod (null before there is one). */
    private Pod readPods(Workload workload, Watch watch, String jobId) throws InterruptedException {
        List<Pod> pods = new ArrayList<>(client.pods().inNamespace(cluster().namespace())
                .withLabel(workload.podLabel(), workload.name()).list().getItems());
        pods.sort(Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp() == null ? ""
                : p.getMetadata().getCreationTimestamp()).thenComparing(p -> p.getMetadata().getName()));
        for (Pod pod : pods) {
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if ("Running".equals(phase) || "Succeeded".equals(phase) || "Failed".equals(phase)) {
                String name = pod.getMetadata().getName();
                boolean finished = !"Running".equals(phase);
                String text;
                try {
                    text = watch.podLog(name, out -> client.pods().inNamespace(cluster().namespace()).withName(name)
                            .inContainer(TrainerManifests.CONTAINER).watchLog(out)).take(finished);
                } catch (KubernetesClientException e) {
                    LOG.debugf("Tuning job %s: log of %s not readable yet (%s)", jobId, name, e.getMessage());
                    continue;
                }
                ledger.points(jobId, watch.log(name, text, finished));
            }
        }
        return pods.isEmpty() ? null : pods.get(pods.size() - 1);
    }

    private Outcome trained(String jobId, JobSpec spec, DatasetSummary dataset, Watch watch, Workload.Status status,
                            String output, ProgressReporter progress) {
        Map<String, Double> metrics = new LinkedHashMap<>(watch.summary);
        if (watch.bestEvalLoss != null) {
            metrics.put("eval_loss", watch.bestEvalLoss);
            metrics.put("best_step", (double) watch.bestStep);
        }
        if (watch.lastLoss != null) {
            metrics.put("loss", watch.lastLoss);
        }
        double seconds = status.started() != null && status.finished() != null
                ? Duration.between(status.started(), status.finished()).toMillis() / 1000.0 : progress.elapsedSeconds();
        metrics.put("gpu_seconds", seconds * spec.resources().gpuCount());
        String uri = "pvc://" + settings().workspaceClaim() + "/" + TrainerManifests.jobDirectory(jobId) + "/" + output;
        LOG.infof("Tuning job %s: trained in %.0f s; artifact %s; metrics %s", jobId, seconds, uri, metrics);
        return Outcome.trained(uri, metrics, dataset.sha256(),
                TuningCostEstimator.after(spec, seconds, 0, TuningCostEstimator.Prices.DEFAULT));
    }

    private static String termination(Pod pod) {
        if (pod.getStatus() == null) {
            return "no status";
        }
        for (ContainerStatus container : pod.getStatus().getContainerStatuses()) {
            if (container.getState() != null && container.getState().getTerminated() != null) {
                var t = container.getState().getTerminated();
                return t.getReason() + ", exit code " + t.getExitCode()
                        + (t.getMessage() == null ? "" : ": " + t.getMessage());
            }
        }
        String reason = pod.getStatus().getReason();
        return pod.getStatus().getPhase() + (reason == null ? "" : " (" + reason + ")");
    }

    /** What the watcher has learned of one job's run: its pods' log streams, curves, the best evaluation. */
    static final class Watch implements AutoCloseable {
        private final JobSpec spec;
        private final Map<String, TrainerLogParser> parsers = new HashMap<>();
        private final Map<String, PodLog> podLogs = new HashMap<>();
        final Map<String, Double> summary = new LinkedHashMap<>();
        Double lastLoss;
        Double lastEvalLoss;
        Double bestEvalLoss;
        long bestStep;
        int evaluationsSinceBest;
        double epoch;
        long step;
        long steps;
        double eta = -1;
        private long fallbackStep;
        private boolean milestone;

        Watch(JobSpec spec) {
            this.spec = spec;
        }

        /** A new workload starts its log afresh. */
        void restart() {
            parsers.clear();
            close();
        }

        @Override
        public void close() {
            podLogs.values().forEach(PodLog::close);
            podLogs.clear();
        }

        /** The pod's log stream, opened with the given function the first time. */
        PodLog podLog(String pod, Function<OutputStream, LogWatch> open) {
            return podLogs.computeIfAbsent(pod, p -> new PodLog(open));
        }

        /** Parses the next piece of a pod's log; returns the curve points it holds. */
        List<JobLedger.Point> log(String pod, String text, boolean complete) {
            TrainerLogParser parser = parsers.computeIfAbsent(pod, p -> new TrainerLogParser());
            List<TrainerLogParser.Entry> entries = new ArrayList<>(parser.feed(text));
            if (complete) {
                entries.addAll(parser.finish());
            }
            List<JobLedger.Point> points = new ArrayList<>();
            for (TrainerLogParser.Entry entry : entries) {
                if (entry instanceof TrainerLogParser.Position position) {
                    step = position.step();
                    steps = position.steps();
                    eta = position.etaSeconds();
                } else if (entry instanceof TrainerLogParser.Metrics metrics) {
                    metrics(metrics, points);
                }
            }
            return points;
        }

        private void metrics(TrainerLogParser.Metrics metrics, List<JobLedger.Point> points) {
            epoch = Math.max(epoch, metrics.epoch());
            if (metrics.summary()) {
                summary.putAll(metrics.values());
                milestone = true;
                return;
            }
            long at = metrics.step() > 0 ? metrics.step() : (fallbackStep += 1);
            metrics.values().forEach((name, value) -> {
                if (!NOT_SERIES.contains(name) && Double.isFinite(value)) {
                    points.add(new JobLedger.Point(name, at, metrics.epoch(), value));
                }
            });
            if (metrics.values().containsKey("loss")) {
                lastLoss = metrics.values().get("loss");
            }
            if (metrics.evaluation()) {
                milestone = true;
                lastEvalLoss = metrics.values().get("eval_loss");
                if (bestEvalLoss == null || lastEvalLoss < bestEvalLoss - spec.earlyStopping().minDelta()) {
                    bestEvalLoss = lastEvalLoss;
                    bestStep = at;
                    evaluationsSinceBest = 0;
                } else {
                    evaluationsSinceBest++;
                }
            }
        }

        /** The step of the best checkpoint when the run should stop early now; null otherwise. */
        Long earlyStopAt() {
            int patience = spec.earlyStopping().patience();
            // checkpoints are named by the bar's step: without a bar there is no checkpoint to point at
            return patience > 0 && evaluationsSinceBest >= patience && bestStep > 0 && step > 0 ? bestStep : null;
        }

        boolean drainMilestone() {
            boolean was = milestone;
            milestone = false;
            return was;
        }

        JobLedger.Update update(Workload.Status status, Pod pod) {
            int epochs = spec.hyperparameters().epochs();
            String phase;
            if (status.suspended()) {
                phase = "queued-in-kueue";
            } else if (pod == null || pod.getStatus() == null || "Pending".equals(pod.getStatus().getPhase())) {
                phase = pod != null && pod.getStatus() != null && unschedulable(pod) ? "waiting-for-gpu" : "pending";
            } else {
                phase = "training";
            }
            double percent = steps > 0 ? PREPARED + (100 - PREPARED - 1) * step / steps
                    : epochs > 0 ? PREPARED + (100 - PREPARED - 1) * Math.min(1, epoch / epochs) : PREPARED;
            return new JobLedger.Update(phase, (int) Math.floor(epoch), epochs, step, steps, lastLoss, lastEvalLoss,
                    null, percent, eta >= 0 ? eta : null);
        }

        private static boolean unschedulable(Pod pod) {
            return pod.getStatus().getConditions().stream().anyMatch(c -> "PodScheduled".equals(c.getType())
                    && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()));
        }
    }

    private KubernetesSettings settings() {
        return config.kubernetes();
    }
}
