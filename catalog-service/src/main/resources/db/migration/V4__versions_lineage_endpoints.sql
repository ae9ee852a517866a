-- Versions, lineage, serving endpoints and the rest of the card (issue 3). Lists, maps and
-- records the catalog never filters on in SQL are JSON text.
ALTER TABLE model ADD COLUMN modalities VARCHAR(2000);
ALTER TABLE model ADD COLUMN active_parameter_count BIGINT;
ALTER TABLE model ADD COLUMN max_output_tokens INTEGER;
ALTER TABLE model ADD COLUMN hardware_gpu VARCHAR(50);
ALTER TABLE model ADD COLUMN hardware_gpu_count INTEGER;
ALTER TABLE model ADD COLUMN endpoints VARCHAR(20000);
ALTER TABLE model ADD COLUMN properties VARCHAR(2100000);
ALTER TABLE model ADD COLUMN reported_results VARCHAR(1000000);
ALTER TABLE model ADD COLUMN documentation VARCHAR(1000000);
ALTER TABLE model ADD COLUMN base_model_id VARCHAR(36) REFERENCES model (id);
ALTER TABLE model ADD COLUMN artifact_kind VARCHAR(20);
ALTER TABLE model ADD COLUMN artifact_uri VARCHAR(500);
ALTER TABLE model ADD COLUMN tuning_job_id VARCHAR(100);
ALTER TABLE model ADD COLUMN dataset_sha256 VARCHAR(64);
ALTER TABLE model ADD COLUMN revision BIGINT DEFAULT 0 NOT NULL;
-- the catalog generation of the card's last change; readers refresh their snapshot from it
ALTER TABLE model ADD COLUMN change_seq BIGINT DEFAULT 0 NOT NULL;
CREATE INDEX model_by_change_seq ON model (change_seq);
CREATE INDEX model_by_base_model ON model (base_model_id);

-- One row, advanced under its row lock by every write: generations follow commit order.
CREATE TABLE catalog_generation (
    id         INTEGER PRIMARY KEY,
    generation BIGINT NOT NULL
);
INSERT INTO catalog_generation (id, generation) VALUES (1, 1);
UPDATE model SET change_seq = 1;

ALTER TABLE model_evaluation ADD COLUMN change_seq BIGINT DEFAULT 0 NOT NULL;

CREATE TABLE model_alias (
    model_name VARCHAR(200) NOT NULL,
    alias      VARCHAR(40)  NOT NULL,
    model_id   VARCHAR(36)  NOT NULL REFERENCES model (id),
    moved_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (model_name, alias)
);

-- Read model of governance-service decisions (governance.model-decided): the latest per model.
CREATE TABLE model_governance (
    model_id    VARCHAR(36)   PRIMARY KEY,
    decision    VARCHAR(20)   NOT NULL,
    decision_id VARCHAR(100)  NOT NULL,
    decided_by  VARCHAR(200),
    reason      VARCHAR(2000),
    decided_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    change_seq  BIGINT        NOT NULL
);
