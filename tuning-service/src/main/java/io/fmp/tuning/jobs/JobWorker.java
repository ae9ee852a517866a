package io.fmp.tuning.jobs;

import io.fmp.contracts.catalog.v1.ModelCardSpec;
import io.fmp.contracts.identity.Principal;
import io.fmp.platform.identity.Callers;
import io.fmp.platform.work.LeasedQueue;
import io.fmp.platform.work.LeasedWorkers;
import io.fmp.tuning.TuningConfig;
import io.fmp.tuning.catalog.CatalogClient;
import io.fmp.tuning.registration.TunedModelCard;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Runs tuning jobs in this process: claims queued jobs (or jobs whose worker died) with a lease,
 * hands each to its executor, and registers what trained in the catalog. Local jobs run one at a
 * time by default (they use the CPU), Kubernetes jobs up to {@code kubernetes-slots} at once (each
 * only watches its cluster Job). On shutdown each attempt releases its lease, so the next start
 * (or another replica) resumes it at once.
 */
@ApplicationScoped
public class JobWorker {

    private static final Logger LOG = Logger.getLogger(JobWorker.class);

    @Inject
    JobLedger ledger;

    @Inject
    CatalogClient catalog;

    @Inject
    Instance<JobExecutor> executors;

    @Inject
    TuningConfig config;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev")
    String version;

    @ConfigProperty(name = "quarkus.datasource.jdbc.max-size")
    int poolSize;

    private final Map<ExecutorKind, JobExecutor> byKind = new EnumMap<>(ExecutorKind.class);
    private LeasedWorkers workers;

    void start(@Observes StartupEvent event) {
        TuningConfig.Jobs jobs = config.jobs();
        if (!jobs.enabled()) {
            return;
        }
        executors.forEach(e -> byKind.put(e.kind(), e));
        Map<String, Integer> lanes = new TreeMap<>();
        byKind.keySet().forEach(kind -> lanes.put(kind.name(), kind == ExecutorKind.LOCAL ? jobs.localSlots()
                : jobs.kubernetesSlots()));
        LeasedWorkers.requireConnections(poolSize, lanes);
        workers = new LeasedWorkers("tuning-" + UUID.randomUUID(), jobs.pollInterval(), lanes, this::next);
        workers.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (workers != null) {
            workers.stop();
        }
    }

    /** After a job was queued, so it starts without waiting for the next poll. */
    public void wakeUp() {
        if (workers != null) {
            workers.wakeUp();
        }
    }

    /** Claims a job of an executor with a free slot. */
    private Optional<LeasedWorkers.Work> next(String claimToken, Set<String> freeLanes) {
        Set<ExecutorKind> free = freeLanes.stream().map(ExecutorKind::valueOf).collect(Collectors.toSet());
        return ledger.claim(claimToken, config.jobs().lease(), free, config.jobs().maxAttempts()).map(held -> {
            TuningJob job = QuarkusTransaction.requiringNew().call(() -> TuningJob.findById(held.unitId()));
            return new LeasedWorkers.Work(job.executor.name(), "tuning-job-" + job.id.substring(0, 8),
                    // the worker acts in the job's project: its dataset, base model and tuned model are that project's
                    () -> Callers.as(Principal.service("tuning-service").inProject(job.project), () -> {
                        execute(held, job);
                        return null;
                    }));
        });
    }

    private void execute(LeasedQueue.Lease claim, TuningJob job) {
        LOG.infof("Tuning job %s: attempt %d (%s, %s), %s", job.id, job.attempts, job.method.word(),
                job.executor.word(), job.state == TuningJob.State.REGISTERING ? "trained, registering" : "training");
        try {
            if (job.state != TuningJob.State.REGISTERING) {
                JobExecutor.Outcome outcome = byKind.get(job.executor).execute(claim, job);
                if (!outcome.trained()) {
                    LOG.infof("Tuning job %s: attempt stopped (cancelled or taken over)", job.id);
                    return;
                }
                if (!ledger.trained(claim, outcome.artifactUri(), outcome.metrics(), outcome.datasetSha256(),
                        outcome.actual())) {
                    return;
                }
            }
            register(claim);
        } catch (InterruptedException e) {
            ledger.release(claim);
            LOG.infof("Tuning job %s: stopped by shutdown; the lease is released for the next start", job.id);
        } catch (JobExecutor.JobFailure e) {
            ledger.fail(claim, e.getMessage());
        } catch (io.grpc.StatusRuntimeException e) {
            if (e.getStatus().getCode() == io.grpc.Status.Code.INVALID_ARGUMENT) {
                // refused, not unavailable: asking again gets the same answer
                ledger.fail(claim, "refused by a service it needs: " + e.getStatus().getDescription());
                return;
            }
            // eval-service or the catalog is unreachable: the job waits for its lease to run out and is retried
            LOG.warnf("Tuning job %s: a service it needs failed (%s); retried after its lease", job.id, e.getStatus());
        } catch (RuntimeException | Error e) {
            LOG.errorf(e, "Tuning job %s failed", job.id);
            ledger.fail(claim, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Registers the trained model as a new catalog version (idempotent: a retry finds it) and finishes the job. */
    private void register(LeasedQueue.Lease claim) {
        TuningJob job = QuarkusTransaction.requiringNew().call(() -> TuningJob.findById(claim.unitId()));
        JobSpec spec = job.jobSpec();
        Map<String, Double> metrics = job.metrics();
        long headParameters = metrics.getOrDefault("head_parameters", 0.0).longValue();
        String trainer = byKind.get(job.executor).trainer(spec);
        ModelCardSpec card = TunedModelCard.of(job.id, spec, catalog.cardFacts(spec.base().id()), job.artifactUri,
                job.datasetSha256, metrics, headParameters, "tuning-service " + version + ", " + trainer);
        String modelId = catalog.register(card);
        ledger.registered(claim, modelId);
    }
}
