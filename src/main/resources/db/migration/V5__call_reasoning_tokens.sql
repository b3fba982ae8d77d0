-- Prompt Studio database, version 5: how many of a call's output tokens were the model's reasoning ("thinking").
--
-- Portable SQL, as V1 (H2 2.x and PostgreSQL). tokens_out keeps counting every generated token, reasoning included,
-- as providers bill them; reasoning_tokens says how many of those were reasoning. Calls recorded before this
-- migration keep NULL there (not known) and read as before. See docs/decisions/0037-reasoning-tokens.md.

ALTER TABLE calls ADD COLUMN reasoning_tokens INTEGER;
