-- Evaluations tuning jobs ask for (tuning.completed): each starts once the tuned model is known here
-- (model.registered may arrive before or after) and can be served; one run per tuning job.
CREATE TABLE tuned_model_evaluation (
    tuning_job_id VARCHAR(100) PRIMARY KEY,
    model_id      VARCHAR(36)  NOT NULL,
    suite         VARCHAR(100) NOT NULL,
    run_id        VARCHAR(36),
    -- why it has not started yet, while it waits
    note          VARCHAR(2000),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX tuned_model_evaluation_model ON tuned_model_evaluation (model_id);
