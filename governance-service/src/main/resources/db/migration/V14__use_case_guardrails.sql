-- The checks the gateway makes on every call of a deployment serving the use case (GuardrailPolicy as JSON).
-- Use cases registered before declared none: they get the defaults new ones get for their data categories.
ALTER TABLE use_case ADD COLUMN guardrails_json TEXT;
UPDATE use_case SET guardrails_json = CASE
    WHEN details_json LIKE '%"personal"%' OR details_json LIKE '%"special-category"%' OR details_json LIKE '%"biometric"%'
      OR details_json LIKE '%"children"%' OR details_json LIKE '%"financial"%' OR details_json LIKE '%"health"%'
    THEN '{"pii":"redact"' ELSE '{"pii":"off"' END
    || CASE WHEN task = 'generation' THEN ',"blockToxicity":true}' ELSE ',"blockToxicity":false}' END;
ALTER TABLE use_case ALTER COLUMN guardrails_json SET NOT NULL;
