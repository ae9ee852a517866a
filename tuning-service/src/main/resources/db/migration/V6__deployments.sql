-- Deployments of catalog models (serving): local, on the cluster's GPUs, or an external endpoint.
CREATE TABLE model_deployment (
    id VARCHAR(36) PRIMARY KEY,
    project VARCHAR(100) NOT NULL,
    name VARCHAR(40) NOT NULL,
    -- the name while the deployment is not deleted: unique per project (NULLs never collide)
    live_name VARCHAR(40),
    model_id VARCHAR(64) NOT NULL,
    model_name VARCHAR(300) NOT NULL,
    executor VARCHAR(20) NOT NULL,
    -- DeploymentPlan as JSON
    plan TEXT NOT NULL,
    state VARCHAR(20) NOT NULL,
    reason VARCHAR(2000),
    task VARCHAR(40) NOT NULL,
    endpoint VARCHAR(1000),
    canary_endpoint VARCHAR(1000),
    served_model VARCHAR(300) NOT NULL,
    served_adapters TEXT NOT NULL,
    object_name VARCHAR(63),
    objects TEXT NOT NULL,
    ready_replicas INT NOT NULL DEFAULT 0,
    -- DeploymentEstimate as JSON
    estimate TEXT NOT NULL,
    gpu_hours DOUBLE PRECISION NOT NULL DEFAULT 0,
    usd DOUBLE PRECISION NOT NULL DEFAULT 0,
    kwh DOUBLE PRECISION NOT NULL DEFAULT 0,
    kg_co2 DOUBLE PRECISION NOT NULL DEFAULT 0,
    accrued_at TIMESTAMP WITH TIME ZONE NOT NULL,
    idempotency_key VARCHAR(200),
    created_by VARCHAR(200) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX model_deployment_live_name ON model_deployment (project, live_name);
CREATE UNIQUE INDEX model_deployment_idempotency ON model_deployment (project, idempotency_key);
CREATE INDEX model_deployment_model ON model_deployment (model_id, state);

-- tokens metered by the gateway, per month, project, deployment and caller
CREATE TABLE serving_usage (
    usage_month VARCHAR(7) NOT NULL,
    project VARCHAR(100) NOT NULL,
    deployment VARCHAR(40) NOT NULL,
    subject VARCHAR(200) NOT NULL,
    requests BIGINT NOT NULL DEFAULT 0,
    prompt_tokens BIGINT NOT NULL DEFAULT 0,
    completion_tokens BIGINT NOT NULL DEFAULT 0,
    blocked BIGINT NOT NULL DEFAULT 0,
    errors BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (usage_month, project, deployment, subject)
);

-- the gateway's usage batches already counted: a retried batch counts once
CREATE TABLE usage_batch (
    batch_id VARCHAR(100) PRIMARY KEY,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL
);
