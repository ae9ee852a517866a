package io.fmp.catalog.model;

/** Where a model is in the cycle; governance decisions move it (later issues). */
public enum LifecycleState {
    CANDIDATE, EVALUATED, APPROVED, DEPRECATED, RETIRED
}
