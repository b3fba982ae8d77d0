package org.promptstudio.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.ContextChunk;
import org.promptstudio.model.EvalRecord;
import org.promptstudio.model.LabelRecord;
import org.promptstudio.model.LabelSchema;
import org.promptstudio.model.RunRecord;
import org.promptstudio.model.StudioException;
import org.promptstudio.store.CallQuery;
import org.promptstudio.store.PrivacyRepository;

/**
 * The privacy use cases (issue 15, docs/decisions/0148-privacy-redaction-purge-and-forget.md): deleting the calls
 * recorded before a date ({@code studio purge}), deleting what one annotator gave ({@code studio forget}), and
 * exporting everything recorded about one run ({@code studio audit}). Each deletion is one transaction, is logged with
 * its counts only, and then asks the {@link Recount} to count the figures of the span it touched again.
 */
public final class Privacy {

    /**
     * Counts figures kept apart from the calls (the monitor's aggregates) again after a deletion changed the calls or
     * labels of {@code from} to {@code to} (either null: open), of prompt file {@code promptPath} or of all (null).
     */
    @FunctionalInterface
    public interface Recount {
        /** Nothing kept apart to count again. */
        Recount NONE = (from, to, promptPath) -> { };

        void rebuild(Instant from, Instant to, String promptPath);
    }

    /** The table of guard findings (issue 15, guardrails); read by an audit when the database has it. */
    static final String GUARD_EVENTS = "call_guard_events";
    /** Calls of one run an audit reads at most. */
    static final int AUDIT_MAX_CALLS = 1_000_000;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Studio studio;
    private final Recount recount;

    Privacy(Studio studio, Recount recount) {
        this.studio = studio;
        this.recount = recount;
    }

    /**
     * Deletes every call recorded before {@code before} (of prompt file {@code promptPath}, or of every prompt when
     * null), with its texts, labels, feedback, eval results and guard events, and the runs left without calls. The
     * calls of a run still going are kept (and counted as kept), and so is that run.
     *
     * @return how many rows of each kind went, in the order to report them
     * @throws org.promptstudio.store.StoreException one line when the database cannot be written; nothing is deleted
     * @throws StudioException one line when {@code promptPath} is neither a file of the workspace nor a prompt of
     *     which a call was recorded (a typo)
     */
    public PrivacyRepository.Deleted purge(Instant before, String promptPath) {
        if (promptPath != null && studio.prompts().find(promptPath).isEmpty()
                && !studio.database().privacy().hasCalls(promptPath)) {
            String id = promptPath.substring(promptPath.lastIndexOf('/') + 1).replaceAll("\\.prompt$", "");
            throw new UnknownFilterException("--prompt: no such prompt '" + id + "' (no file " + promptPath
                    + " and no call of it recorded; known: " + String.join(", ",
                    studio.prompts().list().stream().map(org.promptstudio.template.PromptRef::id).toList()) + ")");
        }
        String scope = "calls before " + before + (promptPath != null ? " of " + promptPath : " of every prompt");
        PrivacyRepository.Deleted deleted = studio.database().privacy().purge(before, promptPath, scope);
        if (deleted.counts().getOrDefault("calls", 0L) > 0) recount.rebuild(deleted.from(), before, promptPath);
        return deleted;
    }

    /**
     * Deletes every label, feedback and annotation {@code annotator} gave and their name on the queues they made.
     *
     * @throws StudioException when the name is blank
     */
    public PrivacyRepository.Deleted forget(String annotator) {
        if (annotator == null || annotator.isBlank()) throw new StudioException("--annotator: give a name");
        PrivacyRepository.Deleted deleted = studio.database().privacy().forget(annotator);
        if (deleted.total() > 0) recount.rebuild(deleted.from(), deleted.to(), null);
        return deleted;
    }

    /** Everyone who gave a label, feedback or annotation, sorted case-insensitively (see {@link #forget}). */
    public List<String> annotators() {
        return studio.database().privacy().annotators();
    }

    /** The privacy log, oldest first: what was deleted when, with counts only. */
    public List<PrivacyRepository.LogEntry> log() {
        return studio.database().privacy().log();
    }

    /**
     * Writes {@code exports/audit-run-N.json}: run {@code runId}, each of its calls whole (texts, whether they were
     * redacted), the labels, feedback, eval results and guard findings on them, and the privacy log.
     *
     * @return the file's path relative to the workspace
     * @throws StudioException one line when there is no such run or the file cannot be written
     */
    public String audit(long runId) {
        RunRecord run = studio.runRepository().find(runId)
                .orElseThrow(() -> new StudioException("run " + runId + ": no such run is recorded"));
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> about = new LinkedHashMap<>();
        about.put("workspace", studio.workspace().name());
        about.put("exportedAt", Instant.now().toString());
        about.put("run", runId);
        out.put("audit", about);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", run.id());
        r.put("kind", run.kind().id());
        r.put("name", run.name());
        r.put("experiment", run.experimentPath());
        r.put("startedAt", time(run.startedAt()));
        r.put("finishedAt", time(run.finishedAt()));
        r.put("status", run.status().id());
        r.put("settings", json(run.settingsJson()));
        r.put("owner", run.owner());
        out.put("run", r);
        PrivacyRepository privacy = studio.database().privacy();
        Set<Long> redacted = privacy.redactedInRun(runId);
        Map<Long, List<Map<String, Object>>> guard = new LinkedHashMap<>();
        for (Map<String, Object> row : privacy.rowsOfRunCalls(GUARD_EVENTS, runId)) {
            Object id = row.get("call_id");
            if (id instanceof Number n) guard.computeIfAbsent(n.longValue(), k -> new ArrayList<>()).add(row);
        }
        List<CallRecord> listed = new ArrayList<>(studio.callRepository()
                .list(CallQuery.latest(AUDIT_MAX_CALLS).inRun(runId)));
        listed.sort(Comparator.comparing(CallRecord::id));
        List<Object> calls = new ArrayList<>();
        for (CallRecord listedCall : listed) {
            CallRecord c = studio.callRepository().find(listedCall.id()).orElse(listedCall);
            calls.add(call(c, redacted.contains(c.id()), guard.getOrDefault(c.id(), List.of())));
        }
        out.put("calls", calls);
        List<Object> log = new ArrayList<>();
        for (PrivacyRepository.LogEntry e : privacy.log()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("action", e.action());
            m.put("scope", e.scope());
            m.put("counts", json(e.countsJson()));
            m.put("at", time(e.at()));
            log.add(m);
        }
        out.put("privacyLog", log);
        String text;
        try {
            text = JSON.writeValueAsString(out) + "\n";
        } catch (JsonProcessingException e) {
            throw new StudioException("run " + runId + ": cannot write the audit (" + e.getOriginalMessage() + ")", e);
        }
        return studio.gridExport().write("audit-run-" + runId + ".json", text);
    }

    private Map<String, Object> call(CallRecord c, boolean redacted, List<Map<String, Object>> guard) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("createdAt", time(c.createdAt()));
        m.put("promptPath", c.promptPath());
        m.put("promptCommit", c.promptCommit());
        m.put("variant", c.variant());
        m.put("provider", c.provider());
        m.put("model", c.model());
        m.put("params", json(c.paramsJson()));
        m.put("caseId", c.caseId());
        m.put("sampleIndex", c.sampleIndex());
        m.put("planIndex", c.planIndex());
        m.put("status", c.status().id());
        m.put("finishReason", c.finishReason());
        m.put("error", c.error());
        m.put("tokensIn", c.tokensIn());
        m.put("tokensOut", c.tokensOut());
        m.put("reasoningTokens", c.reasoningTokens());
        m.put("cost", c.cost() == null ? null : c.cost().toPlainString());
        m.put("latencyMs", c.latencyMs());
        m.put("cached", c.cached());
        m.put("cacheKey", c.cacheKey());
        m.put("usageNote", c.usageNote());
        m.put("redacted", redacted);
        if (c.texts() != null) {
            m.put("messages", json(c.texts().messagesJson()));
            m.put("output", c.texts().output());
            m.put("examples", json(c.texts().examplesJson()));
            m.put("extractedAnswer", c.texts().extractedAnswer());
        }
        List<Object> context = new ArrayList<>();
        for (ContextChunk k : c.context()) {
            Map<String, Object> chunk = new LinkedHashMap<>();
            chunk.put("n", k.n());
            chunk.put("id", k.id());
            chunk.put("source", k.source());
            chunk.put("position", k.position());
            chunk.put("score", k.score());
            chunk.put("text", k.text());
            context.add(chunk);
        }
        m.put("context", context);
        m.put("retrievalNote", c.retrievalNote());
        List<Object> labels = new ArrayList<>();
        List<Object> feedback = new ArrayList<>();
        for (LabelRecord l : studio.database().labels().forCall(c.id())) {
            Map<String, Object> label = new LinkedHashMap<>();
            label.put("id", l.id());
            label.put("item", l.itemId());
            label.put("call", l.callId());
            label.put("callB", l.callIdB());
            label.put("schema", l.schemaName());
            label.put("schemaVersion", l.schemaVersion());
            label.put("annotator", l.annotator());
            label.put("value", json(l.value().json()));
            label.put("final", l.isFinal());
            label.put("at", time(l.createdAt()));
            // thumbs (the grid's and the playground's feedback) are labels of the built-in schema since V11
            (l.schemaName().equals(LabelSchema.THUMBS.name()) ? feedback : labels).add(label);
        }
        m.put("labels", labels);
        m.put("feedback", feedback);
        List<Object> evals = new ArrayList<>();
        for (EvalRecord e : studio.database().evalResults().forCall(c.id())) {
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("id", e.id());
            ev.put("assertion", e.type());
            ev.put("pass", e.pass());
            ev.put("score", e.score());
            ev.put("reason", e.reason());
            ev.put("weight", e.weight());
            ev.put("passScore", e.passScore());
            ev.put("at", time(e.createdAt()));
            evals.add(ev);
        }
        m.put("evalResults", evals);
        m.put("guardFindings", guard);
        return m;
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    /** Recorded JSON as a tree, so the audit nests it; text that does not parse is kept as text. */
    private static Object json(String text) {
        if (text == null) return null;
        try {
            JsonNode tree = JSON.readTree(text);
            return tree == null ? text : tree;
        } catch (JsonProcessingException e) {
            return text;
        }
    }
}
