-- Read model of the catalog: models a tuning job may start from (from model.registered events).
CREATE TABLE base_model (
    model_id        VARCHAR(36)  PRIMARY KEY,
    name            VARCHAR(200) NOT NULL,
    version         VARCHAR(100) NOT NULL,
    parameter_count BIGINT       NOT NULL,
    license         VARCHAR(100) NOT NULL
);
