-- Append-only audit trail; each record's hash covers the previous record's hash (tamper evidence).
CREATE TABLE audit_record (
    sequence      BIGINT       PRIMARY KEY,
    subject       VARCHAR(200) NOT NULL,
    event_id      VARCHAR(36)  NOT NULL UNIQUE,
    event_type    VARCHAR(100) NOT NULL,
    event_source  VARCHAR(100) NOT NULL,
    trace_id      VARCHAR(32),
    event_time    TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    data_json     TEXT         NOT NULL,
    hash          VARCHAR(64)  NOT NULL,
    previous_hash VARCHAR(64)  NOT NULL
);
CREATE INDEX audit_record_subject ON audit_record (subject, sequence);

-- The chain's head, one row; appenders lock it so sequence numbers and hashes stay gap-free and linear.
CREATE TABLE audit_chain_head (
    id            INTEGER     PRIMARY KEY,
    last_sequence BIGINT      NOT NULL,
    last_hash     VARCHAR(64) NOT NULL
);
INSERT INTO audit_chain_head (id, last_sequence, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
