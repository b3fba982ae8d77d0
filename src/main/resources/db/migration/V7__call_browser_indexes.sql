-- Prompt Studio database, version 7: indexes for the call browser's filters and its order.
--
-- Portable SQL, as V1 (H2 2.x and PostgreSQL). The call browser (ui.runs.CallsViewModel, CallRepository.page and
-- snapshot) lists calls newest first (created_at DESC, id DESC) with filters on status (failed only), model, run,
-- prompt file and version. See docs/decisions/0098-call-browser-reads-one-snapshot-through-indexes.md.

-- The order itself, id included: a page far from both ends finds its first row by walking this index alone (no row
-- is read for the rows it skips), then reads its rows from there. Replaces the index on created_at alone.
DROP INDEX calls_by_time;
CREATE INDEX calls_by_time_id ON calls (created_at, id);
-- failed only (status IN ('error', 'cancelled')), alone or with one model: a count reads only these entries
CREATE INDEX calls_by_status_model_time ON calls (status, model, created_at);
-- a version's calls: prompt_commit LIKE 'abc123%' is a range on this index
CREATE INDEX calls_by_commit_time ON calls (prompt_commit, created_at);
