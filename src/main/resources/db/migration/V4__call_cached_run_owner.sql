-- Prompt Studio database, version 4: whether a call's answer came from the response cache, and which process ran
-- a run.
--
-- Portable SQL, as V1 (H2 2.x and PostgreSQL). cached is FALSE for calls recorded before this migration: the studio
-- did not know then. owner is "PID@HOST" of the process that started the run (NULL for older runs): a run left
-- "running" whose process is gone on this host was interrupted, and `studio runs` says so.
-- See docs/decisions/0026-cache-hits-and-run-owners.md.

ALTER TABLE calls ADD COLUMN cached BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE runs ADD COLUMN owner VARCHAR(200);
