-- Prompt Studio database, version 6: the keys of the writes done, so that a write tried again after its commit's
-- answer was lost is not done twice.
--
-- Portable SQL, as V1 (H2 2.x and PostgreSQL). Each write (one transaction) records a key the studio made for it
-- (a random UUID) and the number of the try that was committed; a try after a lost answer looks the key up first.
-- created_ms (milliseconds since 1970, the writer's clock) lets keys older than a day be deleted when a studio
-- opens the database. See docs/decisions/0045-a-write-is-never-done-twice.md.

CREATE TABLE write_keys (
    write_key VARCHAR(36) NOT NULL PRIMARY KEY,
    attempt INTEGER NOT NULL,
    created_ms BIGINT NOT NULL
);
CREATE INDEX write_keys_by_time ON write_keys (created_ms);
