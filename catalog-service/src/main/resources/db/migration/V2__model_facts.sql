-- Facts model selection weighs (issue 3); existing cards keep neutral defaults.
ALTER TABLE model ADD COLUMN family VARCHAR(100);
ALTER TABLE model ADD COLUMN description VARCHAR(2000);
ALTER TABLE model ADD COLUMN architecture VARCHAR(30);
ALTER TABLE model ADD COLUMN training_data VARCHAR(10) DEFAULT 'NONE' NOT NULL;
ALTER TABLE model ADD COLUMN ip_indemnity BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE model ADD COLUMN price_input_per_million DOUBLE PRECISION;
ALTER TABLE model ADD COLUMN price_output_per_million DOUBLE PRECISION;
ALTER TABLE model ADD COLUMN layers INTEGER;
ALTER TABLE model ADD COLUMN kv_heads INTEGER;
ALTER TABLE model ADD COLUMN head_dim INTEGER;
ALTER TABLE model ADD COLUMN source_url VARCHAR(500);
ALTER TABLE model ADD COLUMN lifecycle_state VARCHAR(20) DEFAULT 'CANDIDATE' NOT NULL;
ALTER TABLE model ADD COLUMN license_known BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE model ADD COLUMN commercial_use BOOLEAN DEFAULT FALSE NOT NULL;

CREATE TABLE model_language (
    model_id VARCHAR(36) NOT NULL REFERENCES model (id) ON DELETE CASCADE,
    language VARCHAR(3)  NOT NULL,
    PRIMARY KEY (model_id, language)
);
CREATE TABLE model_deployment_option (
    model_id          VARCHAR(36) NOT NULL REFERENCES model (id) ON DELETE CASCADE,
    deployment_option VARCHAR(10) NOT NULL,
    PRIMARY KEY (model_id, deployment_option)
);
CREATE TABLE model_data_region (
    model_id VARCHAR(36) NOT NULL REFERENCES model (id) ON DELETE CASCADE,
    region   VARCHAR(20) NOT NULL,
    PRIMARY KEY (model_id, region)
);
CREATE TABLE model_tag (
    model_id VARCHAR(36)  NOT NULL REFERENCES model (id) ON DELETE CASCADE,
    tag      VARCHAR(50)  NOT NULL,
    PRIMARY KEY (model_id, tag)
);
CREATE INDEX model_tag_by_tag ON model_tag (tag);
