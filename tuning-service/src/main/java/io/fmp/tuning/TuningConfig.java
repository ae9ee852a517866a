package io.fmp.tuning;

import io.fmp.tuning.deployments.ServingSettings;
import io.fmp.tuning.kubernetes.KubernetesSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

/** tuning-service's own settings (shared ones: platform-runtime's PlatformConfig); see docs/configuration.md. */
@ConfigMapping(prefix = "fmp.tuning")
public interface TuningConfig {

    Jobs jobs();

    KubernetesSettings kubernetes();

    ServingSettings serving();

    /** Deadline of a call to the catalog or eval-service (a submission waits for both). */
    @WithDefault("30s")
    Duration downstreamDeadline();

    /** The most time between two `tuning.progress` events of a running job (one also goes out every epoch). */
    @WithDefault("5s")
    Duration progressEvery();

    /**
     * Texts a head job embeds per encoder call, between progress reports and writes to the embedding cache (the
     * encoder batches them by length itself).
     */
    @WithDefault("512")
    int embeddingBatch();

    /** Limits per project (docs/security.md, "Budgets and limits"). */
    Quotas quotas();

    interface Quotas {
        /** Unfinished tuning jobs (queued, running, registering) a project may have at once; 0: no limit. */
        @WithDefault("4")
        int concurrentJobs();

        /** Other limits of concurrent jobs for named projects: {@code concurrent-jobs-by-project."team-a"=8}. */
        Map<String, Integer> concurrentJobsByProject();

        /**
         * GPU-hours a project's jobs may use per calendar month (UTC): a job's estimate is checked against what is
         * left before it is queued, and counts until the job reports what it used; 0: no limit.
         */
        @WithDefault("100")
        double gpuHoursPerMonth();

        /** Other monthly GPU-hour budgets for named projects: {@code gpu-hours-per-month-by-project."team-a"=500}. */
        Map<String, Double> gpuHoursPerMonthByProject();
    }

    interface Jobs {
        /** Whether this replica executes jobs (off: it only queues and serves them). */
        @WithDefault("true")
        boolean enabled();

        /** Local (CPU) jobs this replica runs at once. */
        @WithDefault("1")
        int localSlots();

        /**
         * Kubernetes jobs this replica watches at once (each only polls its cluster Job, but may write at any poll,
         * so each counts against the database pool).
         */
        @WithDefault("20")
        int kubernetesSlots();

        /**
         * How long a job stays with its worker without a write; renewed with every write, after it another replica
         * (or this one after a crash) takes the job over.
         */
        @WithDefault("30s")
        Duration lease();

        /** How often an idle worker looks for queued jobs when nothing woke it. */
        @WithDefault("1s")
        Duration pollInterval();

        /** How often jobs by state and the queue's oldest wait are read for the metrics. */
        @WithDefault("15s")
        Duration metricsEvery();

        /** Attempts after which a job that keeps losing its worker fails instead of being taken over again. */
        @WithDefault("5")
        int maxAttempts();
    }
}
