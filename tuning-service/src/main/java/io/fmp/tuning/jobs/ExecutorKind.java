package io.fmp.tuning.jobs;

import java.util.Locale;

/** Where a job runs. */
public enum ExecutorKind {
    /** in tuning-service, on its CPUs */
    LOCAL,
    /** a Kubernetes Job on the cluster's GPUs */
    KUBERNETES;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
