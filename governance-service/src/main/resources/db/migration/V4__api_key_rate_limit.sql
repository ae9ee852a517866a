-- A key may have its own request rate limit at the gateway (0: the platform's default).
ALTER TABLE api_key ADD COLUMN requests_per_minute INTEGER NOT NULL DEFAULT 0;
