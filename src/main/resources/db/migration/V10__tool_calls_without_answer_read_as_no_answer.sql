-- Prompt Studio database, version 10: old calls that stopped to call a tool and wrote no text read as no answer.
--
-- Portable SQL, as V1 (H2 2.x and PostgreSQL). A call recorded today with finish reason tool_calls and a blank answer
-- is stored as 'empty:tool_calls' (FinishReason.recorded), which every list reads as "no-answer: tool called, no
-- result" (NonAnswer). Calls recorded before this rule kept the provider's 'tool_calls' alone, and a list that reads
-- no texts took them for ok. This rewrites those rows as they would be recorded now: only answered calls whose
-- recorded answer is missing or blank (spaces, tabs, line breaks); a call that wrote text besides its tool call keeps
-- 'tool_calls' (it answered). See docs/decisions/0120-old-tool-calls-without-answer-are-rewritten.md.
UPDATE calls SET finish_reason = 'empty:tool_calls'
WHERE status = 'ok' AND finish_reason = 'tool_calls'
  AND NOT EXISTS (SELECT 1 FROM call_texts t WHERE t.call_id = calls.id AND t.output_text IS NOT NULL
      AND TRIM(REPLACE(REPLACE(REPLACE(t.output_text, CHR(10), ' '), CHR(13), ' '), CHR(9), ' ')) <> '');
