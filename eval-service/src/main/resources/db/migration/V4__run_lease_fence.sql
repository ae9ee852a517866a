-- Leases are taken on the database clock with a fencing counter (platform-runtime LeasedQueue):
-- every take advances lease_fence, and a worker can renew or finish a run only with the fence it got.
ALTER TABLE eval_run ADD COLUMN lease_fence BIGINT NOT NULL DEFAULT 0;
