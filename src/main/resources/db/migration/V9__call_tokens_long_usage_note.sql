-- Prompt Studio database, version 9: token counts kept whole, and a note on counts that cannot be true.
--
-- Portable SQL, as V1 (H2 2.x and PostgreSQL). A provider may report any count: INTEGER cut 99,999,999,999 to
-- 1,215,752,191, so the counts are BIGINT now. usage_note is null when the counts can be true; else one line naming
-- the impossible figure, and the call's cost is null (unknown) rather than priced from it. See
-- docs/decisions/0114-impossible-token-counts-have-no-cost.md.
ALTER TABLE calls ALTER COLUMN tokens_in SET DATA TYPE BIGINT;
ALTER TABLE calls ALTER COLUMN tokens_out SET DATA TYPE BIGINT;
ALTER TABLE calls ALTER COLUMN reasoning_tokens SET DATA TYPE BIGINT;
ALTER TABLE calls ADD COLUMN usage_note VARCHAR(500);
