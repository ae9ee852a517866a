-- Tenancy: a tuning job belongs to a project; Idempotency-Keys are unique in one. Jobs from before
-- projects are shared.
ALTER TABLE tuning_job ADD COLUMN project VARCHAR(100) NOT NULL DEFAULT 'shared';
-- the key's old unique constraint has a database-chosen name: moving the column drops it
ALTER TABLE tuning_job ADD COLUMN project_idempotency_key VARCHAR(200);
UPDATE tuning_job SET project_idempotency_key = idempotency_key;
ALTER TABLE tuning_job DROP COLUMN idempotency_key;
ALTER TABLE tuning_job RENAME COLUMN project_idempotency_key TO idempotency_key;
CREATE UNIQUE INDEX tuning_job_idempotency ON tuning_job (project, idempotency_key);

-- GPU-hours the job counts against its project's monthly budget: the estimate, then what it used once trained
ALTER TABLE tuning_job ADD COLUMN gpu_hours DOUBLE PRECISION NOT NULL DEFAULT 0;
CREATE INDEX tuning_job_project ON tuning_job (project, state, created_at);

-- a row per project, locked while a quota is counted (platform-runtime ProjectLocks)
CREATE TABLE project_lock (
    project VARCHAR(100) PRIMARY KEY
);

-- which project's members may tune a catalog model (the seed catalog is shared)
ALTER TABLE base_model ADD COLUMN project VARCHAR(100) NOT NULL DEFAULT 'shared';
