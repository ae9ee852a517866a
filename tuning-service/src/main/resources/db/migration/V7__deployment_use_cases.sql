-- What the deployment gate brought: the use cases relying on the model, the guardrails the gateway applies (the
-- strictest of theirs and the deployment's own) and the opt-in input capture with its reference suite resolved.
ALTER TABLE model_deployment ADD COLUMN use_case_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE model_deployment ADD COLUMN guardrails TEXT NOT NULL DEFAULT '{"pii":"off","blockToxicity":false}';
ALTER TABLE model_deployment ADD COLUMN capture TEXT;
