-- The audit trail is append-only for every database user, its owner included: UPDATE, DELETE and TRUNCATE are
-- refused by the database. One update is let through: filling in a record's leaf hash (records from before the
-- Merkle tree get theirs once) when nothing else of the row changes.
CREATE FUNCTION audit_record_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.leaf_hash IS NULL AND NEW.leaf_hash IS NOT NULL
            AND (to_jsonb(NEW) - 'leaf_hash') = (to_jsonb(OLD) - 'leaf_hash') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit records are append-only: % on audit_record refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION audit_record_append_only();
CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record
    FOR EACH STATEMENT EXECUTE FUNCTION audit_record_append_only();
