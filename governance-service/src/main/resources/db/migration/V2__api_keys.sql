-- API keys: scoped to a project and a role; of the secret only an HMAC-SHA256 under the operator's key.
CREATE TABLE api_key (
    id           VARCHAR(12)  PRIMARY KEY,
    name         VARCHAR(100) NOT NULL,
    project      VARCHAR(63)  NOT NULL,
    role         VARCHAR(20)  NOT NULL,
    secret_hash  VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by   VARCHAR(200) NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE,
    revoked_at   TIMESTAMP WITH TIME ZONE,
    last_used_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX api_key_project ON api_key (project, created_at);
