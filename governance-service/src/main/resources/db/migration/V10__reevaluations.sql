-- Scheduled re-evaluation: a round of runs (one per suite of the use case, on the model its approvals let
-- into production) that governance asks eval-service for when a use case's review is due. A row is made in the
-- transaction that puts the use case under review, then started (its id is the run's idempotency key, so a
-- retry or a second replica gets the same run), then ended by the run's eval.completed / eval.failed.
CREATE TABLE reevaluation (
    id          VARCHAR(36)  PRIMARY KEY,
    round_id    VARCHAR(36)  NOT NULL,
    use_case_id VARCHAR(36)  NOT NULL REFERENCES use_case (id),
    project     VARCHAR(63)  NOT NULL,
    model_id    VARCHAR(36)  NOT NULL,
    suite       VARCHAR(200) NOT NULL,
    state       VARCHAR(20)  NOT NULL,
    run_id      VARCHAR(36),
    detail      TEXT,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX reevaluation_state ON reevaluation (state);
CREATE INDEX reevaluation_round ON reevaluation (round_id);
CREATE UNIQUE INDEX reevaluation_run ON reevaluation (run_id);
