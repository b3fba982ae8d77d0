package org.promptstudio.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.promptstudio.eval.EvalException;
import org.promptstudio.eval.StructureChecks;
import org.promptstudio.guard.Blocklist;
import org.promptstudio.guard.GuardException;
import org.promptstudio.guard.InjectionCheck;
import org.promptstudio.guard.PiiRedactor;
import org.promptstudio.model.FinishReason;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.GuardAction;
import org.promptstudio.model.GuardCheck;
import org.promptstudio.model.GuardFinding;
import org.promptstudio.model.GuardStage;
import org.promptstudio.model.Message;
import org.promptstudio.model.Part;
import org.promptstudio.provider.ChatResult;
import org.promptstudio.workspace.GuardConfig;
import org.promptstudio.workspace.IndexConfig;
import org.promptstudio.workspace.Workspace;
import org.promptstudio.workspace.WorkspaceException;

/**
 * The guardrails of one workspace (studio.yaml {@code guard:}, decision 0143): the checks run on a request before it
 * is sent ({@link #input}) and on an answer once it is back ({@link #output}), each finding with the action the
 * workspace gives its check at that stage. The detectors are the document index's own: {@link PiiRedactor} (with the
 * workspace's {@code index.redact} patterns and allowed values) and {@link InjectionCheck}; the blocklist is
 * {@link Blocklist}; schema validity is the {@code json-schema} assertion's ({@link StructureChecks#schemaProblem}).
 * A finding's detail never holds a matched value: types and counts, the rule's reason, the blocklist term, the
 * schema problem's path, the provider's finish reason. Stateless after construction and thread-safe.
 */
public final class Guardrails {

    /** How the window begins the text of a call a guardrail blocked, before the reason. */
    public static final String BLOCKED = "Blocked: ";

    /** No check runs. */
    public static final Guardrails NONE = new Guardrails(new GuardConfig(off(), off(),
            new GuardConfig.Blocklist(off(), null, null), off(), off()), null, Blocklist.EMPTY);

    private static final InjectionCheck INJECTION = new InjectionCheck();

    private final GuardConfig config;
    private final PiiRedactor pii;
    private final Blocklist blocklist;
    private final String problem;

    /**
     * @param config    what each check does at each stage
     * @param pii       the PII detectors; null: the built-in types only
     * @param blocklist the terms
     */
    public Guardrails(GuardConfig config, PiiRedactor pii, Blocklist blocklist) {
        this(config, pii, blocklist, null);
    }

    private Guardrails(GuardConfig config, PiiRedactor pii, Blocklist blocklist, String problem) {
        this.config = config;
        this.pii = pii != null ? pii : new PiiRedactor(List.of());
        this.blocklist = blocklist;
        this.problem = problem;
    }

    /**
     * The guardrails of {@code workspace} ({@link #of}), or, when they cannot be set up (the blocklist file cannot be
     * read), guardrails that refuse every call with that one line before anything is sent: a call never goes out
     * unchecked, and opening a view that calls no model still works.
     */
    public static Guardrails orRefusing(Workspace workspace) {
        try {
            return of(workspace);
        } catch (WorkspaceException e) {
            return new Guardrails(GuardConfig.DEFAULT, null, Blocklist.EMPTY, e.getMessage());
        }
    }

    /** Why every call is refused (the guardrails could not be set up), or null when they work. */
    public String problem() {
        return problem;
    }

    private static GuardConfig.Level off() {
        return new GuardConfig.Level(GuardAction.OFF.id());
    }

    /**
     * The guardrails of {@code workspace}: its {@code guard:} settings, its PII patterns and allowed values
     * ({@code index.redact}; the built-in types always), its blocklist terms and file.
     *
     * @throws WorkspaceException naming studio.yaml's {@code guard.blocklist.file} when that file cannot be read, or
     *                            a pattern or term that cannot be used
     */
    public static Guardrails of(Workspace workspace) {
        GuardConfig config = workspace.config().guard();
        IndexConfig.Redact redact = workspace.config().index().redact();
        try {
            PiiRedactor pii = new PiiRedactor(true,
                    redact.patterns().stream().map(p -> new PiiRedactor.CustomPattern(p.type(), p.regex())).toList(),
                    redact.allow().stream().map(a -> new PiiRedactor.Allowed(a.value(), a.regex())).toList());
            List<String> terms = new ArrayList<>(config.blocklist().terms());
            String file = config.blocklist().file();
            if (file != null) {
                try {
                    terms.addAll(fileTerms(workspace, file));
                } catch (WorkspaceException e) {
                    // studio.yaml's check refuses such a file up front; should it go after that, a blocklist that
                    // only warns never fails a call: its file's terms are left out
                    if (config.blocklist().action() != null && blocks(config.blocklist().action())) throw e;
                }
            }
            return new Guardrails(config, pii, new Blocklist(terms));
        } catch (GuardException e) {
            throw new WorkspaceException(Workspace.CONFIG_FILE + ": guard: " + e.getMessage(), e);
        }
    }

    private static boolean blocks(GuardConfig.Level level) {
        return GuardAction.BLOCK.id().equals(level.input()) || GuardAction.BLOCK.id().equals(level.output());
    }

    private static List<String> fileTerms(Workspace workspace, String file) {
        Path path = workspace.root().resolve(file);
        String where = Workspace.CONFIG_FILE + ": guard.blocklist.file '" + file + "'";
        if (Files.isDirectory(path)) throw new WorkspaceException(where + " is a folder, not a file");
        try {
            return Blocklist.termsOf(Files.readString(path));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new WorkspaceException(where + " is not UTF-8 text", e);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new WorkspaceException(where + " cannot be read"
                    + (Files.exists(path) ? ": " + e.getMessage() : ": no such file"), e);
        }
    }

    /** Whether any output check blocks: then a streamed answer is held back until the checks ran (decision 0144). */
    public boolean holdsStreamedOutput() {
        return config.blocks(GuardStage.OUTPUT);
    }

    /**
     * The findings on a request about to be sent: personal data and blocklist terms in every message but the
     * model's own earlier turns (they were checked as answers), prompt injection in the user's and tools' messages
     * (the template's own system text is the author's, versioned in git).
     */
    public List<GuardFinding> input(List<Message> messages) {
        StringBuilder all = new StringBuilder();
        StringBuilder users = new StringBuilder();
        for (Message m : messages) {
            if (Message.MODEL.equals(m.role())) continue;
            String text = text(m);
            all.append(text).append('\n');
            if (Message.USER.equals(m.role()) || Message.TOOL.equals(m.role())) users.append(text).append('\n');
        }
        List<GuardFinding> out = new ArrayList<>();
        pii(all.toString(), GuardStage.INPUT, out);
        GuardAction injection = config.action(GuardCheck.INJECTION, GuardStage.INPUT);
        if (injection != GuardAction.OFF) {
            LinkedHashSet<String> reasons = new LinkedHashSet<>();
            for (InjectionCheck.Flag f : INJECTION.check(users.toString(), false)) reasons.add(f.reason());
            if (!reasons.isEmpty()) {
                out.add(new GuardFinding(GuardCheck.INJECTION, injection, GuardStage.INPUT, String.join("; ", reasons)));
            }
        }
        blocklist(all.toString(), GuardStage.INPUT, out);
        return List.copyOf(out);
    }

    /**
     * The findings on an answer: personal data and blocklist terms in its text, the provider's own safety flag (a
     * {@code content_filter} or {@code refusal} finish reason, with the provider's word), and, when the request
     * asked for JSON ({@code params.responseFormat} json, or an output schema), whether the text is JSON that follows
     * the schema. An answer that only asks for tools is not checked for JSON (it is not the final answer).
     */
    public List<GuardFinding> output(ChatResult result, GenerationParams params) {
        List<GuardFinding> out = new ArrayList<>();
        String text = result.text() == null ? "" : result.text();
        pii(text, GuardStage.OUTPUT, out);
        blocklist(text, GuardStage.OUTPUT, out);
        String kind = FinishReason.kind(result.finishReason());
        boolean flagged = FinishReason.CONTENT_FILTER.equals(kind) || FinishReason.REFUSAL.equals(kind);
        GuardAction provider = config.action(GuardCheck.PROVIDER, GuardStage.OUTPUT);
        if (flagged && provider != GuardAction.OFF) {
            out.add(new GuardFinding(GuardCheck.PROVIDER, provider, GuardStage.OUTPUT, result.finishReason()));
        }
        GuardAction schema = config.action(GuardCheck.SCHEMA, GuardStage.OUTPUT);
        boolean wantsJson = params != null && (params.responseSchema() != null
                || "json".equalsIgnoreCase(params.responseFormat()));
        if (schema != GuardAction.OFF && wantsJson && !flagged && result.toolCalls().isEmpty()) {
            Object against = params.responseSchema() != null ? params.responseSchema() : Map.of();
            String problem;
            try {
                problem = StructureChecks.schemaProblem(text, against).orElse(null);
            } catch (EvalException e) {
                problem = e.getMessage();
            }
            if (problem != null && problem.startsWith("is not JSON")) problem = notJson(text);
            if (problem != null) out.add(new GuardFinding(GuardCheck.SCHEMA, schema, GuardStage.OUTPUT, problem));
        }
        return List.copyOf(out);
    }

    /** Where the answer stops being JSON, without any of its text (the parser's message quotes it). */
    private static String notJson(String text) {
        try {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            if (at != null && at.getLineNr() > 0) {
                return "not JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            }
        }
        return "not JSON";
    }

    private void pii(String text, GuardStage stage, List<GuardFinding> out) {
        GuardAction action = config.action(GuardCheck.PII, stage);
        if (action == GuardAction.OFF || text.isEmpty()) return;
        PiiRedactor.Report report = pii.redact(text, new PiiRedactor.Numbering()).report();
        if (report.total() > 0) out.add(new GuardFinding(GuardCheck.PII, action, stage, report.describe()));
    }

    private void blocklist(String text, GuardStage stage, List<GuardFinding> out) {
        GuardAction action = config.action(GuardCheck.BLOCKLIST, stage);
        if (action == GuardAction.OFF || text.isEmpty()) return;
        List<String> found = blocklist.find(text);
        if (found.isEmpty()) return;
        StringBuilder detail = new StringBuilder();
        for (String term : found) detail.append(detail.length() == 0 ? "" : ", ").append('"').append(term).append('"');
        out.add(new GuardFinding(GuardCheck.BLOCKLIST, action, stage, (found.size() == 1 ? "term " : "terms ") + detail));
    }

    private static String text(Message m) {
        StringBuilder out = new StringBuilder();
        for (Part p : m.content()) {
            if (p instanceof Part.Text t) out.append(t.text());
            else if (p instanceof Part.ToolResponse r) out.append('\n').append(r.output());
        }
        return out.toString();
    }
}
