-- One counter, raised in the same transaction as any change to what a gate decides on (use cases, model and
-- eval facts, approvals, factsheets, policies): every replica's cached decisions are valid only while it
-- reads the generation they were made at.
CREATE TABLE facts_generation (
    id         INTEGER PRIMARY KEY,
    generation BIGINT  NOT NULL
);
INSERT INTO facts_generation (id, generation) VALUES (1, 0);
