-- Tenancy: datasets, suites and runs belong to a project; names and Idempotency-Keys are unique in one.
-- What existed before projects is shared (readable by everybody), as is the seed catalog.
ALTER TABLE dataset ADD COLUMN project VARCHAR(100) NOT NULL DEFAULT 'shared';
ALTER TABLE dataset DROP CONSTRAINT dataset_name_version_unique;
ALTER TABLE dataset ADD CONSTRAINT dataset_name_version_unique UNIQUE (project, name, version);

ALTER TABLE suite ADD COLUMN project VARCHAR(100) NOT NULL DEFAULT 'shared';
ALTER TABLE suite DROP CONSTRAINT suite_name_version_unique;
ALTER TABLE suite ADD CONSTRAINT suite_name_version_unique UNIQUE (project, name, version);

-- the key's old unique constraint has a database-chosen name: moving the column drops it
ALTER TABLE eval_run ADD COLUMN project VARCHAR(100) NOT NULL DEFAULT 'shared';
ALTER TABLE eval_run ADD COLUMN project_idempotency_key VARCHAR(200);
UPDATE eval_run SET project_idempotency_key = idempotency_key;
ALTER TABLE eval_run DROP COLUMN idempotency_key;
ALTER TABLE eval_run RENAME COLUMN project_idempotency_key TO idempotency_key;
CREATE UNIQUE INDEX eval_run_idempotency ON eval_run (project, idempotency_key);
-- the concurrent-runs quota counts a project's unfinished runs
CREATE INDEX eval_run_project_state ON eval_run (project, state);

-- which project's members may evaluate a catalog model (the seed catalog is shared)
ALTER TABLE evaluation_candidate ADD COLUMN project VARCHAR(100) NOT NULL DEFAULT 'shared';

-- a row per project, locked while a quota is counted (platform-runtime ProjectLocks)
CREATE TABLE project_lock (
    project VARCHAR(100) PRIMARY KEY
);

-- a tuned model is evaluated in the project of its tuning job
ALTER TABLE tuned_model_evaluation ADD COLUMN project VARCHAR(100) NOT NULL DEFAULT 'shared';
