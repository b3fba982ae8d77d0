-- Prompt Studio database, version 13: a call whose retrieve: found no chunk says so (it was still sent, with an empty
-- context, as the template may handle that).
--
-- Portable SQL, as V1 (H2 2.x and PostgreSQL). retrieval_note is one line, 'retrieval found no chunk for query "..."';
-- NULL when the call retrieved chunks, retrieved nothing, or was recorded before this migration.
-- See docs/decisions/0140-retrieved-context-in-prompts.md.
ALTER TABLE calls ADD COLUMN retrieval_note TEXT;
