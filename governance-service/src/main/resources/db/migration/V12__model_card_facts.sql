-- What model.registered says of a model's card besides identity and lineage: licence terms, training-data
-- transparency, IP indemnity, and the EU AI Act Art. 53 / 55 facts of a general-purpose AI model (JSON).
ALTER TABLE model_fact ADD COLUMN commercial_use BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE model_fact ADD COLUMN training_data VARCHAR(10) NOT NULL DEFAULT 'none';
ALTER TABLE model_fact ADD COLUMN ip_indemnity BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE model_fact ADD COLUMN general_purpose_json TEXT;
