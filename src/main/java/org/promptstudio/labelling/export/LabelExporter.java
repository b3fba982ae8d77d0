package org.promptstudio.labelling.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.promptstudio.model.AtomicFile;
import org.promptstudio.model.CsvLine;
import org.promptstudio.model.Message;
import org.promptstudio.model.Part;

/**
 * Writes labelled calls as fine-tuning files, preference pairs or a CSV of the labels, with a provenance side file
 * ({@code NAME.provenance.jsonl}: per line of the export its line number, call id(s), prompt path, prompt commit and
 * model). The rule ({@link ExportRule}) picks the calls; a settled correction replaces the model's answer; nothing in
 * disagreement goes in (docs/decisions/0127).
 *
 * <p>Formats, checked against the vendors' documentation:
 * <ul>
 *   <li>OpenAI chat fine-tuning: one {@code {"messages":[...]}} per line, roles {@code system}, {@code user},
 *       {@code assistant}, the example ending with the assistant's message that is trained
 *       (https://platform.openai.com/docs/guides/supervised-fine-tuning, "Formatting your data"). Earlier assistant
 *       turns of a multi-turn history are kept with {@code "weight":0}, so only the labelled answer is trained (the
 *       fine-tuning assistant message's {@code weight}, 0 or 1, "controls whether the assistant message is trained
 *       against": https://platform.openai.com/docs/api-reference/fine-tuning/chat-input).</li>
 *   <li>Vertex AI Gemini supervised tuning: {@code systemInstruction} (the system prompt, as parts) and
 *       {@code contents}, each {@code {"role":"user"|"model","parts":[{"text":...}]}}, the history in order and
 *       the answer last as {@code model}
 *       (https://cloud.google.com/vertex-ai/generative-ai/docs/models/gemini-supervised-tuning-prepare).</li>
 *   <li>Preference pairs in TRL's conversational preference form: {@code prompt} the messages sent,
 *       {@code chosen} and {@code rejected} each one assistant message
 *       (https://huggingface.co/docs/trl/dataset_formats, "Preference"; the DPO trainer reads
 *       {@code prompt}/{@code chosen}/{@code rejected}).</li>
 *   <li>CSV of all labels, RFC 4180 ({@link CsvLine}).</li>
 * </ul>
 * Text only: a call whose messages hold media, tool calls or tool results is left out and counted ("tool calls or
 * media"), since the three formats spell those differently and a half-translated tool exchange would teach the
 * wrong thing.
 */
public final class LabelExporter {

    /** Below this many examples an export warns: Vertex AI recommends starting with 100. */
    public static final int ENOUGH = 100;

    static final String IN_DISAGREEMENT = "in disagreement";
    static final String NO_ANSWER = "no answer";
    static final String NO_USER_MESSAGE = "no user message";
    static final String TOOLS_OR_MEDIA = "tool calls or media";
    static final String DIFFERENT_INPUTS = "different prompts (a DPO pair needs two answers to one prompt:"
            + " pair answers of one prompt version from two models)";
    static final String CONFLICTING = "conflicting preferences";
    static final String SAME_ANSWER = "same answer";
    private static final List<String> REASONS = List.of(IN_DISAGREEMENT, CONFLICTING, DIFFERENT_INPUTS, NO_ANSWER,
            SAME_ANSWER, NO_USER_MESSAGE, TOOLS_OR_MEDIA);

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What an export reads.
     *
     * @param schemaTypes the workspace's label schemas: name to type ({@code helpfulness -> rating})
     * @param calls       the labelled calls with their consensus per schema
     * @param pairs       the settled pairwise preferences (for DPO)
     * @param labels      every stored label (for CSV)
     */
    public record Input(Map<String, String> schemaTypes, List<LabelledCall> calls, List<PairLabel> pairs,
                        List<LabelRow> labels) {
        public Input {
            schemaTypes = Map.copyOf(schemaTypes);
            calls = List.copyOf(calls);
            pairs = List.copyOf(pairs);
            labels = List.copyOf(labels);
        }
    }

    /**
     * An export's text before it is written.
     *
     * @param lines      the export's lines (CSV: the header first), without line ends
     * @param provenance the provenance lines, one per example (empty for CSV)
     * @param skipped    left-out counts by reason, in a fixed order
     */
    public record Lines(List<String> lines, List<String> provenance, Map<String, Integer> skipped) {
        /** How many examples (labels for CSV) the lines hold. */
        public int examples(ExportFormat format) {
            return format == ExportFormat.CSV ? lines.size() - 1 : lines.size();
        }
    }

    private LabelExporter() {
    }

    /**
     * Writes the export {@code file} and, for the JSONL formats, its provenance side file next to it.
     *
     * @param rule which calls go in ({@link ExportRule#all()} for every labelled call); checked against the schemas
     * @return the count written, the files, the left-out counts and a warning under {@link #ENOUGH} examples
     * @throws ExportException when the rule names no schema or compares a non-rating by number
     * @throws AtomicFile.FileWriteException when a file cannot be written (an older file is then unchanged)
     */
    public static ExportResult write(ExportFormat format, ExportRule rule, Input input, Path file) {
        Lines lines = lines(format, rule, input);
        String end = format == ExportFormat.CSV ? "\r\n" : "\n";
        StringBuilder sb = new StringBuilder();
        for (String l : lines.lines()) sb.append(l).append(end);
        AtomicFile.writeString(file, file.toString(), sb.toString());
        Path side = null;
        if (format != ExportFormat.CSV) {
            side = provenanceFile(file);
            StringBuilder p = new StringBuilder();
            for (String l : lines.provenance()) p.append(l).append('\n');
            AtomicFile.writeString(side, side.toString(), p.toString());
        }
        int written = lines.examples(format);
        String warning = format == ExportFormat.CSV || written >= ENOUGH ? null
                : written == 0 ? "no examples: " + (!lines.skipped().isEmpty() ? "every labelled call was left out"
                        + " (see why above)" : rule.text().isEmpty() ? "no labelled answers yet"
                        : "no labelled call matches the rule " + rule.text())
                : format == ExportFormat.DPO ? "only " + written + (written == 1 ? " preference pair" : " preference pairs")
                        + " (fewer than " + ENOUGH + ")"
                : "only " + written + (written == 1 ? " example" : " examples") + " (fewer than " + ENOUGH
                + "): Vertex AI recommends starting with 100, OpenAI needs at least 10";
        return new ExportResult(format, written, file, side, lines.skipped(), warning);
    }

    /** The provenance file beside {@code file}: {@code exports/x.jsonl} gives {@code exports/x.provenance.jsonl}. */
    public static Path provenanceFile(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return file.resolveSibling(stem + ".provenance.jsonl");
    }

    /**
     * The export's lines without writing them (what {@link #write} writes).
     *
     * @throws ExportException when the rule does not fit the schemas
     */
    public static Lines lines(ExportFormat format, ExportRule rule, Input input) {
        rule.check(input.schemaTypes());
        Map<String, Integer> skipped = new LinkedHashMap<>();
        for (String r : REASONS) skipped.put(r, 0);
        Lines lines = switch (format) {
            case OPENAI, VERTEX -> supervised(format, rule, input, skipped);
            case DPO -> pairs(rule, input, skipped);
            case CSV -> csv(rule, input);
        };
        Map<String, Integer> nonZero = new LinkedHashMap<>();
        skipped.forEach((k, v) -> {
            if (v > 0) nonZero.put(k, v);
        });
        return new Lines(List.copyOf(lines.lines()), List.copyOf(lines.provenance()), nonZero);
    }

    // ---- supervised (OpenAI, Vertex) ----

    private static Lines supervised(ExportFormat format, ExportRule rule, Input input, Map<String, Integer> skipped) {
        List<String> out = new ArrayList<>();
        List<String> provenance = new ArrayList<>();
        for (Approved a : approved(rule, input, skipped)) {
            LabelledCall call = a.call();
            String reason = unfit(call.messages(), true);
            if (reason != null) {
                skipped.merge(reason, 1, Integer::sum);
                continue;
            }
            out.add(json(format == ExportFormat.OPENAI ? openAi(call.messages(), a.answer())
                    : vertex(call.messages(), a.answer())));
            ObjectNode p = JSON.createObjectNode();
            p.put("line", out.size());
            p.putArray("call_ids").add(call.callId());
            where(p, call);
            p.put("answer", a.source());
            provenance.add(json(p));
        }
        return new Lines(out, provenance, skipped);
    }

    /**
     * An answer a rule approves.
     *
     * @param answer the settled correction, else the model's answer
     * @param source {@code model} or {@code correction:SCHEMA}
     */
    public record Approved(LabelledCall call, String answer, String source) {
    }

    /**
     * The approved answers and why other calls the rule took were left out.
     *
     * @param skipped left-out counts by reason ({@code in disagreement}, {@code no answer}), only reasons that occur
     */
    public record Selection(List<Approved> approved, Map<String, Integer> skipped) {
    }

    /**
     * The calls {@code rule} takes, each with the answer to use (a settled correction replaces the model's), in
     * call-id order: what the fine-tuning files and the few-shot pool are made of. A call whose rule or correction is
     * in disagreement, or that has no answer, is counted instead.
     *
     * @throws ExportException when the rule does not fit the schemas
     */
    public static Selection approved(ExportRule rule, Input input) {
        rule.check(input.schemaTypes());
        Map<String, Integer> skipped = new LinkedHashMap<>();
        List<Approved> approved = approved(rule, input, skipped);
        return new Selection(List.copyOf(approved), skipped);
    }

    private static List<Approved> approved(ExportRule rule, Input input, Map<String, Integer> skipped) {
        List<Approved> out = new ArrayList<>();
        for (LabelledCall call : byId(input.calls())) {
            ExportRule.Outcome o = rule.test(call);
            if (o == ExportRule.Outcome.LEFT_OUT) continue;
            if (o == ExportRule.Outcome.IN_DISAGREEMENT) {
                skipped.merge(IN_DISAGREEMENT, 1, Integer::sum);
                continue;
            }
            Answer answer = answer(call);
            if (answer.skip != null) {
                skipped.merge(answer.skip, 1, Integer::sum);
                continue;
            }
            out.add(new Approved(call, answer.text, answer.source));
        }
        return out;
    }

    /** The answer an example trains: a settled correction, else the model's; or why there is none. */
    private record Answer(String text, String source, String skip) {
    }

    private static Answer answer(LabelledCall call) {
        for (ConsensusLabel l : new TreeMap<>(call.labels()).values()) {
            if (!l.type().equals("correction")) continue;
            if (!l.settled()) return new Answer(null, null, IN_DISAGREEMENT);
            String c = ExportRule.correction(l);
            if (c != null) return new Answer(c, "correction:" + l.schema(), null);
        }
        if (call.answer() == null || call.answer().isBlank()) return new Answer(null, null, NO_ANSWER);
        return new Answer(call.answer(), "model", null);
    }

    /** Why these messages cannot be an example's history (text only, with a user message), or null. */
    private static String unfit(List<Message> messages, boolean needUser) {
        boolean user = false;
        for (Message m : messages) {
            if (role(m) == null) return TOOLS_OR_MEDIA;
            for (Part p : m.content()) if (!(p instanceof Part.Text)) return TOOLS_OR_MEDIA;
            user |= role(m).equals("user");
        }
        return needUser && !user ? NO_USER_MESSAGE : null;
    }

    /** The OpenAI role of a recorded message: Dotprompt's {@code model} is the {@code assistant}; null for a tool. */
    private static String role(Message m) {
        return switch (m.role()) {
            case Message.SYSTEM -> "system";
            case Message.USER -> "user";
            case Message.MODEL, "assistant" -> "assistant";
            default -> null;
        };
    }

    static ObjectNode openAi(List<Message> history, String answer) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode messages = chat(history, true);
        ObjectNode last = messages.addObject();
        last.put("role", "assistant");
        last.put("content", answer);
        root.set("messages", messages);
        return root;
    }

    /** The history as chat messages; {@code untrained}: earlier assistant turns get {@code weight 0}. */
    private static ArrayNode chat(List<Message> history, boolean untrained) {
        ArrayNode messages = JSON.createArrayNode();
        for (Message m : history) {
            ObjectNode o = messages.addObject();
            o.put("role", role(m));
            o.put("content", m.text());
            if (untrained && role(m).equals("assistant")) o.put("weight", 0);
        }
        return messages;
    }

    static ObjectNode vertex(List<Message> history, String answer) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode system = JSON.createArrayNode();
        ArrayNode contents = JSON.createArrayNode();
        for (Message m : history) {
            String role = role(m);
            if (role.equals("system")) {
                system.addObject().put("text", m.text());
            } else {
                content(contents, role.equals("assistant") ? "model" : "user", m.text());
            }
        }
        content(contents, "model", answer);
        if (!system.isEmpty()) {
            ObjectNode si = root.putObject("systemInstruction");
            si.put("role", "system");
            si.set("parts", system);
        }
        root.set("contents", contents);
        return root;
    }

    /** Adds a turn; a turn of the same role as the last one joins it as a further part (Vertex wants them to alternate). */
    private static void content(ArrayNode contents, String role, String text) {
        if (!contents.isEmpty() && role.equals(contents.get(contents.size() - 1).path("role").asText())) {
            ((ArrayNode) contents.get(contents.size() - 1).get("parts")).addObject().put("text", text);
            return;
        }
        ObjectNode c = contents.addObject();
        c.put("role", role);
        c.putArray("parts").addObject().put("text", text);
    }

    // ---- preference pairs ----

    /** One preference: the chosen and the rejected call, from which labels. */
    private record Vote(long chosen, long rejected, String source) {
    }

    private static Lines pairs(ExportRule rule, Input input, Map<String, Integer> skipped) {
        Map<Long, LabelledCall> calls = new LinkedHashMap<>();
        for (LabelledCall c : byId(input.calls())) calls.put(c.callId(), c);
        // votes by the pair's calls, lower id first, so that two sources on the same pair make one line
        Map<List<Long>, List<Vote>> votes = new TreeMap<>(Comparator.<List<Long>, Long>comparing(k -> k.get(0))
                .thenComparing(k -> k.get(1)));
        for (PairLabel p : input.pairs()) {
            if (!p.preference().settled()) {
                skipped.merge(IN_DISAGREEMENT, 1, Integer::sum);
                continue;
            }
            JsonNode pref = ExportRule.main(p.preference());
            String v = pref == null ? "" : pref.asText();
            String source = "pairwise:" + p.preference().schema();
            if (v.equals("A")) vote(votes, new Vote(p.callA(), p.callB(), source));
            if (v.equals("B")) vote(votes, new Vote(p.callB(), p.callA(), source));
        }
        for (String schema : new java.util.TreeSet<>(input.schemaTypes().keySet())) {
            if (input.schemaTypes().get(schema).equals("rating")) ratingVotes(schema, calls.values(), votes);
        }
        List<String> out = new ArrayList<>();
        List<String> provenance = new ArrayList<>();
        for (List<Vote> vs : votes.values()) {
            Set<Long> winners = new LinkedHashSet<>();
            Set<String> sources = new LinkedHashSet<>();
            for (Vote v : vs) {
                winners.add(v.chosen);
                sources.add(v.source);
            }
            if (winners.size() > 1) {
                skipped.merge(CONFLICTING, 1, Integer::sum);
                continue;
            }
            Vote v = vs.get(0);
            LabelledCall chosen = calls.get(v.chosen);
            LabelledCall rejected = calls.get(v.rejected);
            if (chosen == null || rejected == null) {
                skipped.merge(NO_ANSWER, 1, Integer::sum);
                continue;
            }
            pair(rule, chosen, chosen.answer(), "model", rejected, String.join(",", sources), out, provenance, skipped);
        }
        // a settled correction is preferred to the model's answer it corrects
        for (LabelledCall c : calls.values()) {
            Answer a = answer(c);
            if (a.skip == null && !a.source.equals("model")) {
                pair(rule, c, a.text, a.source, c, a.source, out, provenance, skipped);
            }
        }
        return new Lines(out, provenance, skipped);
    }

    private static void vote(Map<List<Long>, List<Vote>> votes, Vote v) {
        List<Long> key = List.of(Math.min(v.chosen, v.rejected), Math.max(v.chosen, v.rejected));
        votes.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
    }

    /** Of calls with the same messages sent and a settled rating in {@code schema}, the higher rated is chosen. */
    private static void ratingVotes(String schema, Iterable<LabelledCall> calls, Map<List<Long>, List<Vote>> votes) {
        Map<String, List<LabelledCall>> byInput = new LinkedHashMap<>();
        for (LabelledCall c : calls) {
            ConsensusLabel l = c.labels().get(schema);
            if (l == null || !l.settled() || unfit(c.messages(), false) != null) continue;
            JsonNode r = ExportRule.main(l);
            if (r == null || !r.isNumber()) continue;
            byInput.computeIfAbsent(json(chat(c.messages(), false)), k -> new ArrayList<>()).add(c);
        }
        for (List<LabelledCall> same : byInput.values()) {
            for (int i = 0; i < same.size(); i++) {
                for (int j = i + 1; j < same.size(); j++) {
                    LabelledCall a = same.get(i);
                    LabelledCall b = same.get(j);
                    int cmp = ExportRule.main(a.labels().get(schema)).decimalValue()
                            .compareTo(ExportRule.main(b.labels().get(schema)).decimalValue());
                    if (cmp > 0) vote(votes, new Vote(a.callId(), b.callId(), "rating:" + schema));
                    if (cmp < 0) vote(votes, new Vote(b.callId(), a.callId(), "rating:" + schema));
                }
            }
        }
    }

    private static void pair(ExportRule rule, LabelledCall chosen, String chosenText, String chosenSource,
            LabelledCall rejected, String source, List<String> out, List<String> provenance,
            Map<String, Integer> skipped) {
        ExportRule.Outcome o = rule.test(chosen);
        if (o == ExportRule.Outcome.LEFT_OUT) return;
        String reason = o == ExportRule.Outcome.IN_DISAGREEMENT ? IN_DISAGREEMENT : unfit(chosen.messages(), true);
        if (reason == null && unfit(rejected.messages(), true) != null) reason = unfit(rejected.messages(), true);
        ArrayNode prompt = chat(chosen.messages(), false);
        if (reason == null && !prompt.equals(chat(rejected.messages(), false))) reason = DIFFERENT_INPUTS;
        String rejectedText = rejected.answer();
        if (reason == null && (chosenText == null || chosenText.isBlank() || rejectedText == null
                || rejectedText.isBlank())) {
            reason = NO_ANSWER;
        }
        if (reason == null && chosenText.equals(rejectedText)) reason = SAME_ANSWER;
        if (reason != null) {
            skipped.merge(reason, 1, Integer::sum);
            return;
        }
        ObjectNode line = JSON.createObjectNode();
        line.set("prompt", prompt);
        line.putArray("chosen").addObject().put("role", "assistant").put("content", chosenText);
        line.putArray("rejected").addObject().put("role", "assistant").put("content", rejectedText);
        out.add(json(line));
        ObjectNode p = JSON.createObjectNode();
        p.put("line", out.size());
        p.putArray("call_ids").add(chosen.callId()).add(rejected.callId());
        p.put("source", source);
        ObjectNode c = p.putObject("chosen");
        c.put("call_id", chosen.callId());
        where(c, chosen);
        c.put("answer", chosenSource);
        ObjectNode r = p.putObject("rejected");
        r.put("call_id", rejected.callId());
        where(r, rejected);
        r.put("answer", "model");
        provenance.add(json(p));
    }

    // ---- CSV ----

    static final List<String> CSV_HEADER = List.of("call_id", "call_id_b", "item", "queue", "schema", "schema_version",
            "annotator", "value", "final", "created_at", "model", "prompt", "commit");

    private static Lines csv(ExportRule rule, Input input) {
        Map<Long, LabelledCall> calls = new LinkedHashMap<>();
        for (LabelledCall c : input.calls()) calls.put(c.callId(), c);
        List<LabelRow> rows = new ArrayList<>(input.labels());
        rows.sort(Comparator.comparing(LabelRow::createdAt).thenComparingLong(LabelRow::callId)
                .thenComparing(LabelRow::schema).thenComparing(LabelRow::annotator));
        List<String> out = new ArrayList<>();
        out.add(csvLine(CSV_HEADER));
        for (LabelRow r : rows) {
            if (!rule.text().isEmpty()) {
                LabelledCall c = calls.get(r.callId());
                if (c == null || rule.test(c) != ExportRule.Outcome.TAKEN) continue;
            }
            out.add(csvLine(java.util.Arrays.asList(String.valueOf(r.callId()), s(r.callIdB()), s(r.itemId()), r.queue(),
                    r.schema(), r.schemaVersion(), r.annotator(), r.valueJson(), String.valueOf(r.isFinal()),
                    s(r.createdAt()), r.model(), r.promptPath(), r.promptCommit())));
        }
        return new Lines(out, List.of(), new LinkedHashMap<>());
    }

    private static String csvLine(List<String> fields) {
        StringBuilder sb = new StringBuilder();
        CsvLine.append(sb, fields);
        return sb.substring(0, sb.length() - 2);
    }

    // ---- shared ----

    private static List<LabelledCall> byId(List<LabelledCall> calls) {
        List<LabelledCall> sorted = new ArrayList<>(calls);
        sorted.sort(Comparator.comparingLong(LabelledCall::callId));
        return sorted;
    }

    private static void where(ObjectNode p, LabelledCall call) {
        p.put("prompt_path", call.promptPath());
        p.put("prompt_commit", call.promptCommit());
        p.put("model", call.model());
    }

    private static String s(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    private static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always writes", e);
        }
    }
}
