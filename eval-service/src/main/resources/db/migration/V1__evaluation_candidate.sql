-- Read model of the catalog: models that can be evaluated (from model.registered events).
CREATE TABLE evaluation_candidate (
    model_id      VARCHAR(36)  PRIMARY KEY,
    name          VARCHAR(200) NOT NULL,
    version       VARCHAR(100) NOT NULL,
    tasks         VARCHAR(2000) NOT NULL,
    registered_at TIMESTAMP WITH TIME ZONE NOT NULL
);
