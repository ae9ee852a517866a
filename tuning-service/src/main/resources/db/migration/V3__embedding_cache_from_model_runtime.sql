-- Embeddings computed before the encoders moved to model-runtime differ from today's in the last bit
-- (one normalisation instead of two); a head must be trained on exactly what serving computes.
DELETE FROM embedding_cache;
