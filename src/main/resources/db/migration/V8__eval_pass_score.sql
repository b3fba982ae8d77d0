-- Prompt Studio database, version 8: the pass score an evaluation was judged with.
--
-- Portable SQL, as V1 (H2 2.x and PostgreSQL). Null means "every weighted assertion must pass"; a number is the
-- weighted score a case had to reach ('studio eval --pass-score'). Every row of one evaluation of a run carries the
-- same value, so a stored scoreboard reads back with the rule it was printed with. A row of assertion type
-- '(no check)' (weight 0) records that an answered call was judged with no assertion at all: it reads back as
-- unchecked, and the run need not be judged again. See docs/decisions/0100-the-run-list-reads-stored-results-and-says-an-empty-run-is-not-done.md.
ALTER TABLE eval_results ADD COLUMN pass_score DOUBLE PRECISION;
