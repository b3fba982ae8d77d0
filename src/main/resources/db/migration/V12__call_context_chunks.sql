-- Prompt Studio database, version 12: the chunks a call was given as context by retrieval (a prompt's or an
-- experiment's retrieve:).
--
-- Portable SQL, as V1 (H2 2.x and PostgreSQL). context_json is a JSON list, one object per chunk in the order the
-- prompt showed them: {n, id, source, position, score, text}, n being the number the prompt showed ([n]), so a
-- citation in the answer can be traced to its chunk, and text what the model was given (after compression), so an
-- assertion can check the answer against it after the index has changed. NULL when the call retrieved nothing (and
-- for every call recorded before this migration). See docs/decisions/0140-retrieved-context-in-prompts.md.
ALTER TABLE calls ADD COLUMN context_json TEXT;
