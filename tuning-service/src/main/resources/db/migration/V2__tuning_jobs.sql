-- Tuning jobs: a queue with leases, so a job survives a restart and two replicas never run it at once.
CREATE TABLE tuning_job (
    id               VARCHAR(36)  PRIMARY KEY,
    base_model_id    VARCHAR(36)  NOT NULL,
    method           VARCHAR(20)  NOT NULL,
    executor         VARCHAR(20)  NOT NULL,
    priority         INTEGER      NOT NULL,
    -- JSON: the validated JobSpec (defaults filled in)
    spec             TEXT         NOT NULL,
    idempotency_key  VARCHAR(200) UNIQUE,
    state            VARCHAR(20)  NOT NULL,
    phase            VARCHAR(40)  NOT NULL,
    epoch            INTEGER      NOT NULL DEFAULT 0,
    epochs           INTEGER      NOT NULL DEFAULT 0,
    step             BIGINT       NOT NULL DEFAULT 0,
    steps            BIGINT       NOT NULL DEFAULT 0,
    loss             DOUBLE PRECISION,
    eval_loss        DOUBLE PRECISION,
    eval_accuracy    DOUBLE PRECISION,
    percent          DOUBLE PRECISION NOT NULL DEFAULT 0,
    eta_seconds      DOUBLE PRECISION,
    -- JSON CostEstimate: before submission, and recorded when finished
    estimate         TEXT         NOT NULL,
    actual           TEXT,
    dataset_sha256   VARCHAR(64),
    artifact_uri     VARCHAR(500),
    result_model_id  VARCHAR(36),
    -- JSON: final metrics
    final_metrics    TEXT,
    kubernetes_job   VARCHAR(100),
    error            VARCHAR(2000),
    attempts         INTEGER      NOT NULL DEFAULT 0,
    lease_owner      VARCHAR(100),
    lease_until      TIMESTAMP WITH TIME ZONE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE,
    finished_at      TIMESTAMP WITH TIME ZONE,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX tuning_job_claim ON tuning_job (state, executor, priority, created_at);

-- Metric series of a job (the loss curve), one row per point.
CREATE TABLE tuning_metric (
    job_id  VARCHAR(36)  NOT NULL REFERENCES tuning_job (id) ON DELETE CASCADE,
    series  VARCHAR(40)  NOT NULL,
    step    BIGINT       NOT NULL,
    epoch   DOUBLE PRECISION NOT NULL,
    value   DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (job_id, series, step)
);

-- The last epoch's training state of a local job, so a restart resumes instead of starting over.
CREATE TABLE tuning_checkpoint (
    job_id     VARCHAR(36) PRIMARY KEY REFERENCES tuning_job (id) ON DELETE CASCADE,
    epoch      INTEGER     NOT NULL,
    state      BYTEA       NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Artifacts of finished jobs (classifier heads), served to eval-service by GetArtifact.
CREATE TABLE tuning_artifact (
    job_id     VARCHAR(36)  NOT NULL REFERENCES tuning_job (id) ON DELETE CASCADE,
    name       VARCHAR(100) NOT NULL,
    media_type VARCHAR(100) NOT NULL,
    content    BYTEA        NOT NULL,
    sha256     VARCHAR(64)  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (job_id, name)
);

-- Frozen-encoder embeddings by encoder and text: a second job on the same data embeds nothing.
CREATE TABLE embedding_cache (
    encoder     VARCHAR(60) NOT NULL,
    text_sha256 VARCHAR(64) NOT NULL,
    vector      BYTEA       NOT NULL,
    PRIMARY KEY (encoder, text_sha256)
);
