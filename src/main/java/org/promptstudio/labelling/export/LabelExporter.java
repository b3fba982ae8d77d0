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
import org.promptstudio.model.LabelSchema;
import org.promptstudio.model.LabelValue;
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
 *       {@code prompt}/{@code chosen}/{@code rejected}). Pairs come from settled pairwise labels, from settled
 *       rankings (the best answer chosen, each lower answer rejected: one pair per lower answer, never two lower
 *       answers paired with each other), from settled ratings of answers to the same prompt, and from a settled
 *       correction over the answer it corrects. The chosen answer is the chosen call's settled correction when it has
 *       one, else its model answer; a correction in disagreement or incomplete leaves the pair out. The provenance
 *       names the source of each pair and which answer was used.</li>
 *   <li>CSV of all labels, RFC 4180 ({@link CsvLine}), in the columns {@code studio labels import} reads first
 *       ({@link #CSV_HEADER}), so an export reads back as the same labels.</li>
 * </ul>
 * Left-out counts keep {@code in disagreement} (labels that differ) apart from {@code incomplete} (a queue item with
 * fewer than its k labels). The provenance file ends with a summary line: format, rule, count written, left-out
 * counts.
 * Text only: a call whose messages hold media, tool calls or tool results is left out and counted ("tool calls or
 * media"), since the three formats spell those differently and a half-translated tool exchange would teach the
 * wrong thing.
 */
public final class LabelExporter {

    /** Below this many examples an export warns: Vertex AI recommends starting with 100. */
    public static final int ENOUGH = 100;

    static final String IN_DISAGREEMENT = "in disagreement";
    static final String INCOMPLETE = "incomplete";
    static final String NO_ANSWER = "no answer";
    static final String NO_USER_MESSAGE = "no user message";
    static final String TOOLS_OR_MEDIA = "tool calls or media";
    static final String DIFFERENT_INPUTS = "different prompts (a DPO pair needs two answers to one prompt:"
            + " pair answers of one prompt version from two models)";
    static final String CONFLICTING = "conflicting preferences";
    static final String SAME_ANSWER = "same answer";
    static final String SAME_PAIR = "same pair as an earlier line";
    private static final List<String> REASONS = List.of(IN_DISAGREEMENT, INCOMPLETE, CONFLICTING, DIFFERENT_INPUTS, NO_ANSWER,
            SAME_ANSWER, SAME_PAIR, NO_USER_MESSAGE, TOOLS_OR_MEDIA);

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What an export reads.
     *
     * @param schemaTypes the workspace's label schemas: name to type ({@code helpfulness -> rating})
     * @param calls       the labelled calls with their consensus per schema
     * @param pairs       the settled pairwise preferences (for DPO)
     * @param labels      every stored label (for CSV)
     * @param schemas     the workspace's schemas by name, for checking a rule's values against their scale and
     *                    categories and for writing CSV values as {@code labels import} reads them; may be empty
     */
    public record Input(Map<String, String> schemaTypes, List<LabelledCall> calls, List<PairLabel> pairs,
                        List<LabelRow> labels, Map<String, LabelSchema> schemas) {
        public Input {
            schemaTypes = Map.copyOf(schemaTypes);
            calls = List.copyOf(calls);
            pairs = List.copyOf(pairs);
            labels = List.copyOf(labels);
            schemas = Map.copyOf(schemas);
        }

        /** An input with no schemas but their types (rules are then checked by type alone). */
        public Input(Map<String, String> schemaTypes, List<LabelledCall> calls, List<PairLabel> pairs,
                     List<LabelRow> labels) {
            this(schemaTypes, calls, pairs, labels, Map.of());
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
     * @throws ExportException when the rule names no schema or compares a non-rating by number, or when there is
     *                         nothing to export (no example, pair or label): nothing is written then, so an older
     *                         export is not replaced by an empty one
     * @throws AtomicFile.FileWriteException when a file cannot be written (an older file is then unchanged)
     */
    public static ExportResult write(ExportFormat format, ExportRule rule, Input input, Path file) {
        Lines lines = lines(format, rule, input);
        if (lines.examples(format) == 0) {
            String left = ExportResult.leftOut(lines.skipped());
            throw new ExportException("nothing to export: " + (!left.isEmpty() ? "every labelled call was left out ("
                    + left + ")" : format == ExportFormat.CSV ? "no labels yet" : rule.text().isEmpty()
                    ? "no labelled answers yet" : "no labelled call matches the rule " + rule.text()) + "; "
                    + (java.nio.file.Files.exists(file) ? file + " is left as it was" : "no file written"));
        }
        String end = format == ExportFormat.CSV ? "\r\n" : "\n";
        StringBuilder sb = new StringBuilder();
        for (String l : lines.lines()) sb.append(l).append(end);
        AtomicFile.writeString(file, file.toString(), sb.toString());
        Path side = null;
        if (format != ExportFormat.CSV) {
            side = provenanceFile(file);
            StringBuilder p = new StringBuilder();
            for (String l : lines.provenance()) p.append(l).append('\n');
            p.append(summary(format, rule, lines)).append('\n');
            AtomicFile.writeString(side, side.toString(), p.toString());
        }
        int written = lines.examples(format);
        String warning = format == ExportFormat.CSV || written >= ENOUGH ? null
                : format == ExportFormat.DPO ? "only " + written + (written == 1 ? " preference pair" : " preference pairs")
                        + " (fewer than " + ENOUGH + ")"
                : "only " + written + (written == 1 ? " example" : " examples") + " (fewer than " + ENOUGH
                + "): Vertex AI recommends starting with 100, OpenAI needs at least 10";
        return new ExportResult(format, written, file, side, lines.skipped(), warning);
    }

    /**
     * The provenance file's last line: {@code {"summary":{"format":…,"rule":…,"written":N,"left_out":{reason:n}}}}
     * ({@code ranking_pairs} too for DPO: how a ranking gives pairs).
     */
    private static String summary(ExportFormat format, ExportRule rule, Lines lines) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode s = root.putObject("summary");
        s.put("format", format.id());
        s.put("rule", rule.text());
        s.put("written", lines.examples(format));
        ObjectNode left = s.putObject("left_out");
        lines.skipped().forEach(left::put);
        if (format == ExportFormat.DPO) s.put("ranking_pairs", RANKING_PAIRS);
        return json(root);
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
        rule.check(input.schemaTypes(), input.schemas(), input.labels(), input.calls());
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
            p.put("rule", rule.text());
            labels(p, call);
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
        rule.check(input.schemaTypes(), input.schemas(), input.labels(), input.calls());
        Map<String, Integer> skipped = new LinkedHashMap<>();
        List<Approved> approved = approved(rule, input, skipped);
        return new Selection(List.copyOf(approved), skipped);
    }

    private static List<Approved> approved(ExportRule rule, Input input, Map<String, Integer> skipped) {
        List<Approved> out = new ArrayList<>();
        for (LabelledCall call : byId(input.calls())) {
            ExportRule.Outcome o = rule.test(call);
            if (o == ExportRule.Outcome.LEFT_OUT) continue;
            if (o != ExportRule.Outcome.TAKEN) {
                skipped.merge(reason(o), 1, Integer::sum);
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
            if (!l.settled()) return new Answer(null, null, reason(ExportRule.unsettled(l)));
            String c = ExportRule.correction(l);
            if (c != null) return new Answer(c, "correction:" + l.schema(), null);
        }
        if (call.answer() == null || call.answer().isBlank()) return new Answer(null, null, NO_ANSWER);
        return new Answer(call.answer(), "model", null);
    }

    /** The left-out reason of an undecided rule or label: {@code in disagreement} or {@code incomplete}. */
    private static String reason(ExportRule.Outcome o) {
        return o == ExportRule.Outcome.INCOMPLETE ? INCOMPLETE : IN_DISAGREEMENT;
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

    /** How a ranking gives pairs, as the provenance says it. */
    static final String RANKING_PAIRS = "best vs each lower";

    private static Lines pairs(ExportRule rule, Input input, Map<String, Integer> skipped) {
        Map<Long, LabelledCall> calls = new LinkedHashMap<>();
        for (LabelledCall c : byId(input.calls())) calls.put(c.callId(), c);
        // votes by the pair's calls, lower id first, so that two sources on the same pair make one line
        Map<List<Long>, List<Vote>> votes = new TreeMap<>(Comparator.<List<Long>, Long>comparing(k -> k.get(0))
                .thenComparing(k -> k.get(1)));
        for (PairLabel p : input.pairs()) {
            if (!p.preference().settled()) {
                skipped.merge(reason(ExportRule.unsettled(p.preference())), 1, Integer::sum);
                continue;
            }
            JsonNode pref = ExportRule.main(p.preference());
            String v = pref == null ? "" : pref.asText();
            String source = "pairwise:" + p.preference().schema();
            if (v.equals("A")) vote(votes, new Vote(p.callA(), p.callB(), source));
            if (v.equals("B")) vote(votes, new Vote(p.callB(), p.callA(), source));
        }
        for (LabelledCall c : calls.values()) {
            for (ConsensusLabel l : new TreeMap<>(c.labels()).values()) {
                if (l.type().equals("ranking")) rankingVotes(l, votes, skipped);
            }
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
            pair(rule, chosen, rejected, String.join(",", sources), out, provenance, skipped);
        }
        // a settled correction is preferred to the model's answer it corrects
        for (LabelledCall c : calls.values()) {
            Answer a = answer(c);
            if (a.skip == null && !a.source.equals("model")) {
                pair(rule, c, c, a.source, out, provenance, skipped);
            }
        }
        return new Lines(out, provenance, skipped);
    }

    /**
     * A settled ranking (call ids, best first) gives one vote per lower answer: the best is chosen, each lower one
     * rejected ({@link #RANKING_PAIRS}); the answers between are not paired with each other, so each pair trains
     * the preference the annotators were surest of. Source {@code ranking:SCHEMA}.
     */
    private static void rankingVotes(ConsensusLabel l, Map<List<Long>, List<Vote>> votes, Map<String, Integer> skipped) {
        if (!l.settled()) {
            skipped.merge(reason(ExportRule.unsettled(l)), 1, Integer::sum);
            return;
        }
        JsonNode ranking = ExportRule.main(l);
        if (ranking == null || !ranking.isArray() || ranking.size() < 2) return;
        long best = ranking.get(0).asLong();
        for (int i = 1; i < ranking.size(); i++) {
            vote(votes, new Vote(best, ranking.get(i).asLong(), "ranking:" + l.schema()));
        }
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

    /**
     * One DPO line, when the rule takes {@code chosen} (the empty rule takes every pair whose labels are settled).
     * The chosen answer is the chosen call's settled correction when it has one (as in the supervised formats), else
     * its model answer; a correction still in disagreement or incomplete leaves the pair out. The rejected answer is
     * always the rejected call's model answer.
     */
    private static void pair(ExportRule rule, LabelledCall chosen, LabelledCall rejected,
            String source, List<String> out, List<String> provenance, Map<String, Integer> skipped) {
        ExportRule.Outcome o = rule.test(chosen);
        if (o == ExportRule.Outcome.LEFT_OUT && !rule.isAll()) return;
        String reason = o == ExportRule.Outcome.IN_DISAGREEMENT || o == ExportRule.Outcome.INCOMPLETE ? reason(o)
                : unfit(chosen.messages(), true);
        if (reason == null && unfit(rejected.messages(), true) != null) reason = unfit(rejected.messages(), true);
        ArrayNode prompt = chat(chosen.messages(), false);
        if (reason == null && !prompt.equals(chat(rejected.messages(), false))) reason = DIFFERENT_INPUTS;
        Answer answer = answer(chosen);
        if (reason == null && answer.skip != null && !answer.skip.equals(NO_ANSWER)) reason = answer.skip;
        String chosenText = answer.text;
        String chosenSource = answer.source;
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
        String text = json(line);
        if (out.contains(text)) {
            // e.g. a pairwise label's chosen call corrected, and its correction over its own answer, that the other
            // call's answer equals: one line trains it once
            skipped.merge(SAME_PAIR, 1, Integer::sum);
            return;
        }
        out.add(text);
        ObjectNode p = JSON.createObjectNode();
        p.put("line", out.size());
        p.putArray("call_ids").add(chosen.callId()).add(rejected.callId());
        p.put("source", source);
        if (source.contains("ranking:")) p.put("ranking_pairs", RANKING_PAIRS);
        p.put("rule", rule.text());
        ObjectNode c = p.putObject("chosen");
        c.put("call_id", chosen.callId());
        where(c, chosen);
        c.put("answer", chosenSource);
        labels(c, chosen);
        ObjectNode r = p.putObject("rejected");
        r.put("call_id", rejected.callId());
        where(r, rejected);
        r.put("answer", "model");
        labels(r, rejected);
        provenance.add(json(p));
    }

    // ---- CSV ----

    /**
     * The CSV's columns: the first four are what {@code studio labels import} reads ({@code item}: the call id,
     * {@code 12+15} for a pair, {@code 12+15+18} for a ranking; {@code label}: the value as a person types it,
     * {@code 4}, {@code up}, {@code B}, or the label's JSON when plain text would lose a part of it, such as a
     * comment); the others it leaves alone: the schema version, whether an adjudicator decided, the queue, when, and
     * the call's model, prompt and commit.
     */
    static final List<String> CSV_HEADER = List.of("item", "annotator", "label", "schema", "schema_version", "final",
            "queue", "created_at", "model", "prompt", "commit");

    private static Lines csv(ExportRule rule, Input input) {
        Map<Long, LabelledCall> calls = new LinkedHashMap<>();
        for (LabelledCall c : input.calls()) calls.put(c.callId(), c);
        List<LabelRow> rows = new ArrayList<>(input.labels());
        rows.sort(Comparator.comparing(LabelRow::createdAt).thenComparingLong(LabelRow::callId)
                .thenComparing(LabelRow::schema).thenComparing(LabelRow::annotator));
        List<String> out = new ArrayList<>();
        out.add(csvLine(CSV_HEADER));
        for (LabelRow r : rows) {
            if (!rule.isAll()) {
                LabelledCall c = calls.get(r.callId());
                if (c == null || rule.test(c) != ExportRule.Outcome.TAKEN) continue;
            }
            out.add(csvLine(java.util.Arrays.asList(item(r), r.annotator(), labelText(r, input.schemas()), r.schema(),
                    r.schemaVersion(), String.valueOf(r.isFinal()), r.queue(), s(r.createdAt()), r.model(),
                    r.promptPath(), r.promptCommit())));
        }
        return new Lines(out, List.of(), new LinkedHashMap<>());
    }

    /** The label's calls as the import reads them: {@code 12}, {@code 12+15} (A then B), a ranking's calls after its first. */
    private static String item(LabelRow r) {
        StringBuilder sb = new StringBuilder().append(r.callId());
        JsonNode value = ExportRule.read(r.valueJson());
        JsonNode ranking = value == null ? null : value.get("ranking");
        if (ranking != null && ranking.isArray()) {
            // a ranking's calls are its value's, whatever B an older queue stored beside them
            for (JsonNode id : ranking) if (id.asLong() != r.callId()) sb.append('+').append(id.asLong());
        } else if (r.callIdB() != null) {
            sb.append('+').append(r.callIdB());
        }
        return sb.toString();
    }

    /**
     * The value as {@code labels import} reads it back to the same value: plain text ({@code 4}, {@code up},
     * {@code billing}, {@code a;b}, {@code A}, {@code 12,9}, a correction's text) when that reads back equal, else
     * the stored JSON (which the import also reads).
     */
    static String labelText(LabelRow r, Map<String, LabelSchema> schemas) {
        LabelSchema schema = schemas.get(r.schema());
        if (schema == null) return r.valueJson();
        try {
            LabelValue v = LabelValue.parse(r.valueJson());
            String plain = switch (schema.type()) {
                case RATING -> v.rating() == null ? null : String.valueOf(v.rating());
                case THUMBS -> v.thumbs();
                case CATEGORY -> v.category();
                case CATEGORIES -> v.categories() == null ? null : String.join(";", v.categories());
                case CORRECTION -> v.correction();
                case PAIRWISE -> v.preference();
                case RANKING -> v.ranking() == null ? null
                        : String.join(",", v.ranking().stream().map(String::valueOf).toList());
                case COMMENT -> v.comment();
            };
            return plain != null && v.equals(LabelValue.fromText(schema, plain)) ? plain : r.valueJson();
        } catch (IllegalArgumentException e) {
            return r.valueJson();
        }
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

    /**
     * The call's labels as provenance: per schema its status ({@code agreed}, {@code adjudicated}, ...), the schema
     * versions its labels record and the annotators who gave them.
     */
    public static ObjectNode labels(LabelledCall call) {
        ObjectNode labels = JSON.createObjectNode();
        for (ConsensusLabel l : new TreeMap<>(call.labels()).values()) {
            ObjectNode o = labels.putObject(l.schema());
            o.put("status", l.status().name().toLowerCase(java.util.Locale.ROOT));
            ArrayNode versions = o.putArray("schema_versions");
            l.versions().forEach(versions::add);
            ArrayNode annotators = o.putArray("annotators");
            l.annotators().forEach(annotators::add);
        }
        return labels;
    }

    private static void labels(ObjectNode p, LabelledCall call) {
        p.set("labels", labels(call));
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
