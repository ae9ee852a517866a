-- AI use cases: what a model is used for, by whom, with what data, assessed into a risk tier.
CREATE TABLE use_case (
    id                VARCHAR(36)  PRIMARY KEY,
    project           VARCHAR(63)  NOT NULL,
    name              VARCHAR(200) NOT NULL,
    purpose           TEXT         NOT NULL,
    owner             VARCHAR(200) NOT NULL,
    task              VARCHAR(40)  NOT NULL,
    details_json      TEXT         NOT NULL,
    suites_json       TEXT         NOT NULL,
    approaches_json   TEXT         NOT NULL,
    threshold         DOUBLE PRECISION NOT NULL,
    state             VARCHAR(40)  NOT NULL,
    tier              VARCHAR(20),
    assessment_json   TEXT,
    next_review_at    TIMESTAMP WITH TIME ZONE,
    created_by        VARCHAR(200) NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT use_case_name UNIQUE (project, name)
);

-- Every state change, with who made it and why.
CREATE TABLE use_case_transition (
    id          VARCHAR(36)  PRIMARY KEY,
    use_case_id VARCHAR(36)  NOT NULL REFERENCES use_case (id),
    from_state  VARCHAR(40)  NOT NULL,
    to_state    VARCHAR(40)  NOT NULL,
    actor       VARCHAR(200) NOT NULL,
    reason      TEXT         NOT NULL,
    at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX use_case_transition_case ON use_case_transition (use_case_id, at);

-- Requests to approve a model for a use case's production, and the approvers' decisions.
CREATE TABLE approval_request (
    id           VARCHAR(36)  PRIMARY KEY,
    use_case_id  VARCHAR(36)  NOT NULL REFERENCES use_case (id),
    model_id     VARCHAR(200) NOT NULL,
    requested_by VARCHAR(200) NOT NULL,
    reason       TEXT         NOT NULL,
    quorum       INTEGER      NOT NULL,
    state        VARCHAR(20)  NOT NULL,
    evidence_json TEXT        NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_at   TIMESTAMP WITH TIME ZONE
);
CREATE INDEX approval_request_case ON approval_request (use_case_id, model_id);

CREATE TABLE approval_decision (
    request_id VARCHAR(36)  NOT NULL REFERENCES approval_request (id),
    approver   VARCHAR(200) NOT NULL,
    decision   VARCHAR(20)  NOT NULL,
    reason     TEXT         NOT NULL,
    decided_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (request_id, approver)
);

-- Users' policies; a new text under a name supersedes the old one, which stays for the record.
CREATE TABLE governance_policy (
    sha256     VARCHAR(64)  NOT NULL,
    project    VARCHAR(63)  NOT NULL,
    name       VARCHAR(63)  NOT NULL,
    document   TEXT         NOT NULL,
    active     BOOLEAN      NOT NULL,
    created_by VARCHAR(200) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (project, name, sha256)
);

-- Facts about models and their evaluations, from the catalog's, tuning's and eval's events.
CREATE TABLE model_fact (
    model_id       VARCHAR(200) PRIMARY KEY,
    name           VARCHAR(200) NOT NULL,
    version        VARCHAR(100) NOT NULL,
    project        VARCHAR(63)  NOT NULL,
    license        VARCHAR(100),
    base_model_id  VARCHAR(200),
    method         VARCHAR(40),
    dataset_sha256 VARCHAR(64),
    registered_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX model_fact_name ON model_fact (name);

CREATE TABLE eval_fact (
    model_id     VARCHAR(200) NOT NULL,
    suite        VARCHAR(200) NOT NULL,
    run_id       VARCHAR(200) NOT NULL,
    metric       VARCHAR(40)  NOT NULL,
    metric_value DOUBLE PRECISION NOT NULL,
    ci_lower     DOUBLE PRECISION,
    ci_upper     DOUBLE PRECISION,
    metrics_json TEXT         NOT NULL,
    examples     BIGINT       NOT NULL,
    suite_version INTEGER     NOT NULL,
    completed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (model_id, suite)
);

-- Generated factsheets, each version content-hashed (and announced, so audited).
CREATE TABLE factsheet (
    id          VARCHAR(36)  PRIMARY KEY,
    use_case_id VARCHAR(36)  NOT NULL REFERENCES use_case (id),
    model_id    VARCHAR(200) NOT NULL,
    version     INTEGER      NOT NULL,
    sha256      VARCHAR(64)  NOT NULL,
    markdown    TEXT         NOT NULL,
    html        TEXT         NOT NULL,
    created_by  VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT factsheet_version UNIQUE (use_case_id, model_id, version)
);
