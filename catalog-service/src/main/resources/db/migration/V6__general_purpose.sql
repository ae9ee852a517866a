-- EU AI Act Art. 53 / 55 facts of a general-purpose AI model (JSON; NULL for other models).
ALTER TABLE model ADD COLUMN general_purpose TEXT;
