-- Leases are taken on the database clock with a fencing counter (platform-runtime LeasedQueue):
-- every take advances lease_fence, and a worker can renew or finish a job only with the fence it got.
ALTER TABLE tuning_job ADD COLUMN lease_fence BIGINT NOT NULL DEFAULT 0;
