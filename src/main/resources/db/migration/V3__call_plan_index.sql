-- Prompt Studio database, version 3: each call's position in its run's plan.
--
-- Portable SQL, as V1 (H2 2.x and PostgreSQL). A run's calls run several at a time and are recorded as they finish,
-- so neither created_at nor id gives the plan's order; reports, tables and exports list a run's calls by plan_index
-- (dataset order, then prompt version, model, sample). Calls recorded before this migration keep NULL there and are
-- listed after the others, by time. See docs/decisions/0018-plan-order.md.

ALTER TABLE calls ADD COLUMN plan_index INTEGER;
CREATE INDEX calls_by_run_plan ON calls (run_id, plan_index);
