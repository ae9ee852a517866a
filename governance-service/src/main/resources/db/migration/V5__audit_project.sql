-- The project an audited event's resource belongs to (from the event's "project"), so that a project's
-- members read their own records; null when the event names none (then only administrators read it).
-- Not part of the hash: it is derived from the data, which is.
ALTER TABLE audit_record ADD COLUMN project VARCHAR(100);
