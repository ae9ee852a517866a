-- The record's leaf hash in the audit log's Merkle tree (RFC 9162: SHA-256(0x00 || leaf bytes)), hex.
-- Records from before the tree get theirs when the log first reads them.
ALTER TABLE audit_record ADD COLUMN leaf_hash VARCHAR(64);
