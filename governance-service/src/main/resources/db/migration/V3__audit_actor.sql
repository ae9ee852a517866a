-- Who caused each audited event (the authenticated caller); null for a service's own work.
ALTER TABLE audit_record ADD COLUMN actor VARCHAR(200);
