-- Tenancy: a model belongs to a project; the seed catalog and everything registered before projects
-- is shared (everybody reads it, platform administrators change it).
ALTER TABLE model ADD COLUMN project VARCHAR(100) NOT NULL DEFAULT 'shared';
