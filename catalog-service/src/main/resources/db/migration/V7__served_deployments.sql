-- Where each model version is served: the latest state of every deployment, from tuning-service's deployment.*
-- events (the card shows the ready ones).
CREATE TABLE served_deployment (
    deployment_id VARCHAR(36) PRIMARY KEY,
    model_id VARCHAR(64) NOT NULL,
    name VARCHAR(40) NOT NULL,
    project VARCHAR(100) NOT NULL,
    executor VARCHAR(20) NOT NULL,
    state VARCHAR(20) NOT NULL,
    endpoint VARCHAR(1000),
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    -- when it last became ready
    ready_at TIMESTAMP WITH TIME ZONE,
    change_seq BIGINT NOT NULL
);
CREATE INDEX served_deployment_model ON served_deployment (model_id);
CREATE INDEX served_deployment_change ON served_deployment (change_seq);
