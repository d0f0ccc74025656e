-- How many model calls one connector takes at once, across every worker process (issue 15 §1):
-- parallel batches would otherwise time out a single local model. NULL = no limit. A local Ollama
-- serves one request at a time per loaded model, so existing Ollama connectors start at 2 (one
-- running, one loading its prompt), as new ones do.
ALTER TABLE ai_connectors
  ADD COLUMN max_concurrency integer,
  ADD CONSTRAINT ai_connectors_max_concurrency_check CHECK (max_concurrency BETWEEN 1 AND 64);
UPDATE ai_connectors SET max_concurrency = 2 WHERE provider_name = 'ollama';
