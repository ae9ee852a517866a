-- Read model of eval-service results (eval.completed): the latest result per model and suite.
CREATE TABLE model_evaluation (
    id             VARCHAR(250) PRIMARY KEY,
    model_id       VARCHAR(36)  NOT NULL,
    suite          VARCHAR(200) NOT NULL,
    metric         VARCHAR(100) NOT NULL,
    metric_value   DOUBLE PRECISION NOT NULL,
    p95_latency_ms DOUBLE PRECISION,
    examples       BIGINT       NOT NULL,
    run_id         VARCHAR(100) NOT NULL,
    completed_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX model_evaluation_by_suite ON model_evaluation (suite);
