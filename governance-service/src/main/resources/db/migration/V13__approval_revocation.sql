-- An approved request can be withdrawn: by whom, when and why.
ALTER TABLE approval_request ADD COLUMN revoked_by VARCHAR(200);
ALTER TABLE approval_request ADD COLUMN revoked_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE approval_request ADD COLUMN revoke_reason TEXT;
