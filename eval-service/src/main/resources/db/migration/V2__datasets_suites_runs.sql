-- How catalog models are served (from model.registered / model.updated): runs need no call to the catalog.
ALTER TABLE evaluation_candidate ADD COLUMN serving TEXT;

-- Datasets: versions per name, content-addressed by SHA-256 of the uploaded bytes.
CREATE TABLE dataset (
    id              VARCHAR(36)  PRIMARY KEY,
    name            VARCHAR(100) NOT NULL,
    version         INTEGER      NOT NULL,
    format          VARCHAR(10)  NOT NULL,
    description     VARCHAR(2000),
    sha256          VARCHAR(64)  NOT NULL,
    bytes           BIGINT       NOT NULL,
    examples        BIGINT       NOT NULL,
    -- JSON: [{"name": "train", "examples": 8002}, ...]
    splits          TEXT         NOT NULL,
    -- JSON: sorted distinct labels (at most 1,000)
    labels          TEXT         NOT NULL,
    label_count     INTEGER      NOT NULL,
    with_references BIGINT       NOT NULL,
    with_choices    BIGINT       NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT dataset_name_version_unique UNIQUE (name, version)
);

CREATE TABLE dataset_example (
    dataset_id VARCHAR(36)  NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    ordinal    INTEGER      NOT NULL,
    line       BIGINT       NOT NULL,
    split      VARCHAR(100) NOT NULL,
    input      TEXT         NOT NULL,
    -- JSON arrays / object; NULL when empty
    refs       TEXT,
    label      VARCHAR(1000),
    choices    TEXT,
    metadata   TEXT,
    PRIMARY KEY (dataset_id, ordinal)
);
CREATE INDEX dataset_example_split ON dataset_example (dataset_id, split, ordinal);

-- Suites: versions per name; the definition is one JSON document, its hash finds identical versions.
CREATE TABLE suite (
    id              VARCHAR(36)  PRIMARY KEY,
    name            VARCHAR(100) NOT NULL,
    version         INTEGER      NOT NULL,
    dataset_id      VARCHAR(36)  NOT NULL REFERENCES dataset (id),
    definition      TEXT         NOT NULL,
    definition_hash VARCHAR(64)  NOT NULL,
    examples        BIGINT       NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT suite_name_version_unique UNIQUE (name, version)
);

-- Runs: a queue with leases, so a run survives a restart and two replicas never run it at once.
CREATE TABLE eval_run (
    id              VARCHAR(36)  PRIMARY KEY,
    suite_id        VARCHAR(36)  NOT NULL REFERENCES suite (id),
    suite_name      VARCHAR(100) NOT NULL,
    suite_version   INTEGER      NOT NULL,
    model_id        VARCHAR(36)  NOT NULL,
    model_name      VARCHAR(200) NOT NULL,
    model_version   VARCHAR(100) NOT NULL,
    adapter         VARCHAR(40)  NOT NULL,
    -- JSON: the endpoint, price and artifact the run uses (credentials only as references)
    serving         TEXT         NOT NULL,
    settings        TEXT         NOT NULL,
    idempotency_key VARCHAR(200) UNIQUE,
    state           VARCHAR(20)  NOT NULL,
    total           BIGINT       NOT NULL,
    done            BIGINT       NOT NULL DEFAULT 0,
    failed          BIGINT       NOT NULL DEFAULT 0,
    cached          BIGINT       NOT NULL DEFAULT 0,
    -- the current attempt's start, for its rate and ETA
    attempt_started_at TIMESTAMP WITH TIME ZONE,
    attempt_done_at_start BIGINT NOT NULL DEFAULT 0,
    attempts        INTEGER      NOT NULL DEFAULT 0,
    lease_owner     VARCHAR(100),
    lease_until     TIMESTAMP WITH TIME ZONE,
    error           VARCHAR(2000),
    -- JSON: metrics with intervals, latency, cost, per-class scores (set when the run succeeded)
    summary         TEXT,
    primary_metric  VARCHAR(40)  NOT NULL,
    primary_value   DOUBLE PRECISION,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE,
    finished_at     TIMESTAMP WITH TIME ZONE,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX eval_run_claim ON eval_run (state, created_at);
CREATE INDEX eval_run_suite ON eval_run (suite_name, suite_version, state);

-- One row per example and run: written once (primary key), so a resumed run never scores an example twice.
CREATE TABLE run_result (
    run_id            VARCHAR(36)  NOT NULL REFERENCES eval_run (id) ON DELETE CASCADE,
    ordinal           INTEGER      NOT NULL,
    -- the model's answer as given, and the label or choice read from it (classification, multiple choice)
    output            TEXT,
    predicted         VARCHAR(1000),
    correct           BOOLEAN,
    -- JSON: per-example display scores and the sufficient statistics corpus metrics sum
    scores            TEXT,
    stats             TEXT,
    latency_ms        DOUBLE PRECISION,
    first_token_ms    DOUBLE PRECISION,
    prompt_tokens     BIGINT,
    completion_tokens BIGINT,
    logprob_sum       DOUBLE PRECISION,
    logprob_tokens    BIGINT,
    error             VARCHAR(2000),
    cached            BOOLEAN      NOT NULL,
    PRIMARY KEY (run_id, ordinal)
);

-- Responses by (model version, prompt, decoding parameters): a rerun costs no model call.
CREATE TABLE response_cache (
    cache_key         VARCHAR(64)  PRIMARY KEY,
    model_id          VARCHAR(36)  NOT NULL,
    output            TEXT         NOT NULL,
    latency_ms        DOUBLE PRECISION NOT NULL,
    first_token_ms    DOUBLE PRECISION,
    prompt_tokens     BIGINT       NOT NULL,
    completion_tokens BIGINT       NOT NULL,
    logprob_sum       DOUBLE PRECISION,
    logprob_tokens    BIGINT,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
