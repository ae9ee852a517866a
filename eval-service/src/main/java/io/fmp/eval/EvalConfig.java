package io.fmp.eval;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** eval-service's own settings (shared ones: platform-runtime's PlatformConfig); see docs/configuration.md. */
@ConfigMapping(prefix = "fmp.eval")
public interface EvalConfig {

    Runs runs();

    Endpoint endpoint();

    Datasets datasets();

    Seed seed();

    Secrets secrets();

    Egress egress();

    Monitoring monitoring();

    /** Where trained heads referenced as `file:` artifact URIs may be read from; unset: no `file:` URI is read. */
    Optional<String> headsDir();

    /** Deadline of a call to tuning-service (loading a tuned head). */
    @WithDefault("30s")
    Duration downstreamDeadline();

    interface Monitoring {
        /** The embedded encoder whose embedding space input drift is measured in. */
        @WithDefault("all-minilm-l6-v2")
        String encoder();

        /** The most reference inputs taken from a suite's split (evenly spread over it). */
        @WithDefault("1000")
        int referenceInputs();

        /** Random splits of the permutation test per window. */
        @WithDefault("200")
        int permutations();

        /** A window drifts only when its permutation test's p-value is below this (the difference is significant). */
        @WithDefault("0.01")
        double maxPValue();

        /**
         * A window drifts only when at least this share of it is farther from the reference than 99 % of the reference
         * itself (the difference is material).
         */
        @WithDefault("0.1")
        double minOutOfDomainShare();

        /** How often full windows of captured inputs are measured. */
        @WithDefault("5s")
        Duration measureEvery();
    }

    interface Runs {
        /** Whether this replica executes runs (off: it only queues and serves them). */
        @WithDefault("true")
        boolean enabled();

        /** Runs this replica executes at once. */
        @WithDefault("2")
        int maxParallel();

        /**
         * How long a run stays with its worker without a write; renewed with every write, after it another replica
         * (or this one after a crash) takes the run over.
         */
        @WithDefault("30s")
        Duration lease();

        /** How often an idle worker looks for queued runs when nothing woke it. */
        @WithDefault("1s")
        Duration pollInterval();

        /** The most time between two `eval.progress` events of a run (one also goes out every tenth of it). */
        @WithDefault("5s")
        Duration progressEvery();

        /** How often runs by state and the queue's oldest wait are read for the metrics. */
        @WithDefault("15s")
        Duration metricsEvery();

        /** Attempts after which a run that keeps losing its worker fails instead of being taken over again. */
        @WithDefault("5")
        int maxAttempts();
    }

    interface Endpoint {
        /** How long an open circuit breaker refuses calls to a model endpoint before it tries again. */
        @WithDefault("30s")
        Duration breakerCooldown();

        /** The first retry's wait after a failed call to a model endpoint (jittered, doubling per attempt). */
        @WithDefault("200ms")
        Duration backoffBase();

        /** The largest answer read from a model endpoint, in bytes (streamed answers too); a larger one fails the call. */
        @WithDefault("8388608")
        int maxResponseBytes();
    }

    interface Secrets {
        /** Where Kubernetes mounts the secrets that serving endpoints reference as `k8s:<secret>/<key>`. */
        @WithDefault("/var/run/secrets/fmp")
        String dir();

        /** The prefix every variable an `env:` secret reference names must have (the service's own variables are not secrets to send). */
        @WithDefault("FMP_SECRET_")
        String envPrefix();

        /**
         * The secret references model endpoints may use, each bound to the origins that may receive it:
         * `<reference>=<origin>[ <origin>...]`, comma-separated (e.g. `env:FMP_SECRET_OPENAI_API_KEY=https://api.openai.com`).
         * A reference that is not bound, or an endpoint at another origin, is refused before anything is sent.
         */
        Optional<List<String>> bindings();
    }

    interface Egress {
        /** Origins (`scheme://host[:port]`) model endpoints may have although they are plain http or resolve to a private, loopback or link-local address. */
        Optional<List<String>> allowedOrigins();

        /** Whether model endpoints on loopback addresses may be called, over http too (the local launcher: a model server on the same machine). */
        @WithDefault("false")
        boolean allowLoopback();
    }

    /** Limits per project (docs/security.md, "Budgets and limits"). */
    Quotas quotas();

    interface Quotas {
        /** Unfinished (queued or running) evaluation runs a project may have at once; 0: no limit. */
        @WithDefault("20")
        int concurrentRuns();

        /** Other limits of concurrent runs for named projects: {@code concurrent-runs-by-project."team-a"=5}. */
        Map<String, Integer> concurrentRunsByProject();
    }

    interface Datasets {
        /** The largest dataset upload accepted, in bytes. */
        @WithDefault("1073741824")
        long maxBytes();
    }

    interface Seed {
        /** Whether the Banking77 demo dataset and suite are registered at start. */
        @WithDefault("true")
        boolean enabled();
    }
}
