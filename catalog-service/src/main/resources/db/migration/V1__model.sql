CREATE TABLE model (
    id              VARCHAR(36)  PRIMARY KEY,
    name            VARCHAR(200) NOT NULL,
    provider        VARCHAR(200) NOT NULL,
    version         VARCHAR(100) NOT NULL,
    parameter_count BIGINT       NOT NULL,
    license         VARCHAR(100) NOT NULL,
    context_window  INTEGER      NOT NULL,
    registered_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT model_name_version_unique UNIQUE (name, version)
);

CREATE TABLE model_task (
    model_id VARCHAR(36)  NOT NULL REFERENCES model (id) ON DELETE CASCADE,
    position INTEGER      NOT NULL,
    task     VARCHAR(100) NOT NULL,
    PRIMARY KEY (model_id, position)
);
