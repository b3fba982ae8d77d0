package org.promptstudio.labelling.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.model.Message;
import org.promptstudio.model.Part;

class LabelExporterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> SCHEMAS = Map.of("helpfulness", "rating", "thumbs", "thumbs",
            "topic", "category", "tags", "categories", "ideal", "correction", "preference", "pairwise");
    private static final List<Message> REFUND = List.of(Message.text("system", "You are a support agent."),
            Message.text("user", "Where is my refund?"));

    @TempDir
    Path dir;

    private static ConsensusLabel rating(int r) {
        return ConsensusLabel.agreed("helpfulness", "rating", "{\"rating\":" + r + "}");
    }

    private static LabelledCall call(long id, String model, List<Message> messages, String answer, ConsensusLabel... labels) {
        Map<String, ConsensusLabel> m = new java.util.LinkedHashMap<>();
        for (ConsensusLabel l : labels) m.put(l.schema(), l);
        return new LabelledCall(id, "prompts/support.prompt", "abc123" + id, model, messages, answer, m);
    }

    /** Calls 1..7 of the supervised tests, each showing one rule of the export. */
    private static List<LabelledCall> calls() {
        List<Message> multiTurn = List.of(Message.text("system", "Be brief."), Message.text("user", "Hi"),
                Message.text("model", "Hello, how can I help?"), Message.text("user", "Cancel my order 7"));
        List<Message> tool = List.of(Message.text("user", "Weather?"),
                new Message("model", List.of(new Part.ToolRequest("c1", "weather", Map.of()))));
        return List.of(
                call(3, "echo/b", multiTurn, "Done.", rating(4),
                        ConsensusLabel.agreed("ideal", "correction", "{\"correction\":\"Order 7 is cancelled.\"}")),
                call(1, "echo/a", REFUND, "It is on its way.", rating(5),
                        ConsensusLabel.agreed("thumbs", "thumbs", "{\"thumbs\":\"up\"}")),
                call(2, "echo/b", REFUND, "No idea.", rating(2)),
                call(4, "echo/a", REFUND, "Maybe.", ConsensusLabel.disagreed("helpfulness", "rating")),
                call(5, "echo/a", tool, "Sunny.", rating(5)),
                call(6, "echo/a", REFUND, "Soon.", rating(5), ConsensusLabel.disagreed("ideal", "correction")),
                call(7, "echo/a", REFUND, null, rating(5)));
    }

    private static LabelExporter.Input input(List<LabelledCall> calls, List<PairLabel> pairs) {
        return new LabelExporter.Input(SCHEMAS, calls, pairs, List.of());
    }

    private static List<JsonNode> parse(List<String> lines) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : lines) {
            assertThat(l).doesNotContain("\n");
            out.add(JSON.readTree(l));
        }
        return out;
    }

    private static String fields(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return String.join(",", names);
    }

    @Test
    void openAiLinesKeepTheHistoryAndEndWithTheAnswerOrItsCorrection() throws Exception {
        LabelExporter.Lines lines = LabelExporter.lines(ExportFormat.OPENAI, ExportRule.parse("helpfulness>=4"),
                input(calls(), List.of()));

        List<JsonNode> rows = parse(lines.lines());
        assertThat(rows).hasSize(2);
        JsonNode first = rows.get(0);
        assertThat(fields(first)).isEqualTo("messages");
        JsonNode m = first.get("messages");
        assertThat(m).hasSize(3);
        assertThat(fields(m.get(0))).isEqualTo("role,content");
        assertThat(m.get(0).get("role").asText()).isEqualTo("system");
        assertThat(m.get(0).get("content").asText()).isEqualTo("You are a support agent.");
        assertThat(m.get(1).get("role").asText()).isEqualTo("user");
        assertThat(m.get(1).get("content").asText()).isEqualTo("Where is my refund?");
        assertThat(fields(m.get(2))).isEqualTo("role,content");
        assertThat(m.get(2).get("role").asText()).isEqualTo("assistant");
        assertThat(m.get(2).get("content").asText()).isEqualTo("It is on its way.");

        JsonNode second = rows.get(1).get("messages");
        assertThat(second).hasSize(5);
        assertThat(second.get(0).get("content").asText()).isEqualTo("Be brief.");
        assertThat(second.get(1).get("content").asText()).isEqualTo("Hi");
        assertThat(fields(second.get(2))).isEqualTo("role,content,weight");
        assertThat(second.get(2).get("role").asText()).isEqualTo("assistant");
        assertThat(second.get(2).get("content").asText()).isEqualTo("Hello, how can I help?");
        assertThat(second.get(2).get("weight").asInt()).isZero();
        assertThat(second.get(3).get("role").asText()).isEqualTo("user");
        assertThat(second.get(3).get("content").asText()).isEqualTo("Cancel my order 7");
        assertThat(fields(second.get(4))).isEqualTo("role,content");
        assertThat(second.get(4).get("content").asText()).as("the correction replaces the model's answer")
                .isEqualTo("Order 7 is cancelled.");

        assertThat(lines.skipped()).containsExactly(Map.entry("in disagreement", 2), Map.entry("no answer", 1),
                Map.entry("tool calls or media", 1));

        List<JsonNode> prov = parse(lines.provenance());
        assertThat(prov).hasSize(2);
        assertThat(fields(prov.get(0))).isEqualTo("line,call_ids,prompt_path,prompt_commit,model,answer,rule,labels");
        assertThat(prov.get(0).get("rule").asText()).isEqualTo("helpfulness>=4");
        assertThat(prov.get(0).get("labels").toString()).isEqualTo("{\"helpfulness\":{\"status\":\"agreed\","
                + "\"schema_versions\":[],\"annotators\":[]},\"thumbs\":{\"status\":\"agreed\",\"schema_versions\":[],"
                + "\"annotators\":[]}}");
        assertThat(prov.get(0).get("line").asInt()).isEqualTo(1);
        assertThat(prov.get(0).get("call_ids").toString()).isEqualTo("[1]");
        assertThat(prov.get(0).get("prompt_path").asText()).isEqualTo("prompts/support.prompt");
        assertThat(prov.get(0).get("prompt_commit").asText()).isEqualTo("abc1231");
        assertThat(prov.get(0).get("model").asText()).isEqualTo("echo/a");
        assertThat(prov.get(0).get("answer").asText()).isEqualTo("model");
        assertThat(prov.get(1).get("line").asInt()).isEqualTo(2);
        assertThat(prov.get(1).get("call_ids").toString()).isEqualTo("[3]");
        assertThat(prov.get(1).get("model").asText()).isEqualTo("echo/b");
        assertThat(prov.get(1).get("answer").asText()).isEqualTo("correction:ideal");
    }

    @Test
    void vertexLinesPutTheSystemPromptApartAndAnswerAsTheModel() throws Exception {
        LabelExporter.Lines lines = LabelExporter.lines(ExportFormat.VERTEX, ExportRule.parse("helpfulness>=4"),
                input(calls(), List.of()));

        List<JsonNode> rows = parse(lines.lines());
        assertThat(rows).hasSize(2);
        JsonNode first = rows.get(0);
        assertThat(fields(first)).isEqualTo("systemInstruction,contents");
        assertThat(fields(first.get("systemInstruction"))).isEqualTo("role,parts");
        assertThat(first.get("systemInstruction").get("role").asText()).isEqualTo("system");
        assertThat(first.get("systemInstruction").get("parts").toString())
                .isEqualTo("[{\"text\":\"You are a support agent.\"}]");
        JsonNode contents = first.get("contents");
        assertThat(contents).hasSize(2);
        assertThat(fields(contents.get(0))).isEqualTo("role,parts");
        assertThat(contents.get(0).get("role").asText()).isEqualTo("user");
        assertThat(contents.get(0).get("parts").toString()).isEqualTo("[{\"text\":\"Where is my refund?\"}]");
        assertThat(contents.get(1).get("role").asText()).isEqualTo("model");
        assertThat(contents.get(1).get("parts").toString()).isEqualTo("[{\"text\":\"It is on its way.\"}]");

        JsonNode second = rows.get(1).get("contents");
        assertThat(rows.get(1).get("systemInstruction").get("parts").toString()).isEqualTo("[{\"text\":\"Be brief.\"}]");
        assertThat(second).hasSize(4);
        assertThat(second.get(0).toString()).isEqualTo("{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}");
        assertThat(second.get(1).toString())
                .isEqualTo("{\"role\":\"model\",\"parts\":[{\"text\":\"Hello, how can I help?\"}]}");
        assertThat(second.get(2).toString()).isEqualTo("{\"role\":\"user\",\"parts\":[{\"text\":\"Cancel my order 7\"}]}");
        assertThat(second.get(3).toString())
                .isEqualTo("{\"role\":\"model\",\"parts\":[{\"text\":\"Order 7 is cancelled.\"}]}");
    }

    @Test
    void vertexLineWithoutASystemPromptHasNoSystemInstruction() throws Exception {
        LabelledCall c = call(1, "echo/a", List.of(Message.text("user", "Hi")), "Hello", rating(5));
        List<JsonNode> rows = parse(LabelExporter.lines(ExportFormat.VERTEX, ExportRule.all(),
                input(List.of(c), List.of())).lines());
        assertThat(fields(rows.get(0))).isEqualTo("contents");
    }

    @Test
    void preferencePairsComeFromPairwiseLabelsRatingsAndCorrections() throws Exception {
        List<Message> other = List.of(Message.text("user", "Reset my password"));
        List<LabelledCall> calls = new ArrayList<>(calls());
        calls.add(call(9, "echo/a", other, "Click reset.", rating(2)));
        calls.add(call(10, "echo/b", other, "Use the link.", rating(4)));
        calls.add(call(11, "echo/c", other, "Use the link.", rating(3)));
        List<PairLabel> pairs = List.of(
                new PairLabel(1, 2, ConsensusLabel.agreed("preference", "pairwise", "{\"preference\":\"A\",\"reason\":\"right\"}")),
                new PairLabel(9, 10, ConsensusLabel.agreed("preference", "pairwise", "{\"preference\":\"A\"}")),
                new PairLabel(1, 3, ConsensusLabel.agreed("preference", "pairwise", "{\"preference\":\"B\"}")),
                new PairLabel(2, 4, ConsensusLabel.agreed("preference", "pairwise", "{\"preference\":\"tie\"}")),
                new PairLabel(4, 6, ConsensusLabel.disagreed("preference", "pairwise")));

        LabelExporter.Lines lines = LabelExporter.lines(ExportFormat.DPO, ExportRule.all(), input(calls, pairs));

        List<JsonNode> rows = parse(lines.lines());
        assertThat(rows).hasSize(3);
        // 1 over 2: the pairwise label and the ratings 5 > 2 agree, one line
        JsonNode p = rows.get(0);
        assertThat(fields(p)).isEqualTo("prompt,chosen,rejected");
        assertThat(p.get("prompt").toString()).isEqualTo("[{\"role\":\"system\",\"content\":\"You are a support agent.\"},"
                + "{\"role\":\"user\",\"content\":\"Where is my refund?\"}]");
        assertThat(p.get("chosen").toString()).isEqualTo("[{\"role\":\"assistant\",\"content\":\"It is on its way.\"}]");
        assertThat(p.get("rejected").toString()).isEqualTo("[{\"role\":\"assistant\",\"content\":\"No idea.\"}]");
        // ratings only, same input: 6 (5) over 2 (2), but the empty rule leaves 6 out: its correction is in
        // disagreement
        // 10 (4) over 11 (3) have the same text: no pair; 9 over 11 is 2 < 3: 11 chosen
        assertThat(rows.get(1).get("prompt").toString()).isEqualTo("[{\"role\":\"user\",\"content\":\"Reset my password\"}]");
        assertThat(rows.get(1).get("chosen").get(0).get("content").asText()).isEqualTo("Use the link.");
        assertThat(rows.get(1).get("rejected").get(0).get("content").asText()).isEqualTo("Click reset.");
        // the correction of call 3 over its own answer
        assertThat(rows.get(2).get("chosen").get(0).get("content").asText()).isEqualTo("Order 7 is cancelled.");
        assertThat(rows.get(2).get("rejected").get(0).get("content").asText()).isEqualTo("Done.");
        assertThat(rows.get(2).get("prompt")).hasSize(4);

        // 4-6 disagreed; 6 over 2 (6's correction in disagreement); 9-10 label says 9, ratings say 10; 1-3 different
        // inputs; 7 (rated 5, no answer) over 2; 10-11 same text
        assertThat(lines.skipped()).containsExactly(Map.entry("in disagreement", 2), Map.entry("conflicting preferences", 1),
                Map.entry(LabelExporter.DIFFERENT_INPUTS, 1), Map.entry("no answer", 1), Map.entry("same answer", 1));

        List<JsonNode> prov = parse(lines.provenance());
        assertThat(fields(prov.get(0))).isEqualTo("line,call_ids,source,rule,chosen,rejected");
        assertThat(prov.get(0).get("call_ids").toString()).isEqualTo("[1,2]");
        assertThat(prov.get(0).get("source").asText()).isEqualTo("pairwise:preference,rating:helpfulness");
        assertThat(prov.get(0).get("chosen").toString()).startsWith("{\"call_id\":1,\"prompt_path\":\"prompts/support.prompt\","
                + "\"prompt_commit\":\"abc1231\",\"model\":\"echo/a\",\"answer\":\"model\",\"labels\":{");
        assertThat(prov.get(0).get("rejected").toString()).startsWith("{\"call_id\":2,\"prompt_path\":\"prompts/support.prompt\","
                + "\"prompt_commit\":\"abc1232\",\"model\":\"echo/b\",\"answer\":\"model\",\"labels\":{");
        assertThat(prov.get(1).get("call_ids").toString()).isEqualTo("[11,9]");
        assertThat(prov.get(2).get("call_ids").toString()).isEqualTo("[3,3]");
        assertThat(prov.get(2).get("source").asText()).isEqualTo("correction:ideal");
        assertThat(prov.get(2).get("chosen").get("answer").asText()).isEqualTo("correction:ideal");
        assertThat(prov.get(2).get("line").asInt()).isEqualTo(3);
    }

    @Test
    void approvedAnswersAreTheCorrectionOrTheModelsAnswerWhateverTheMessagesHold() {
        LabelExporter.Selection s = LabelExporter.approved(ExportRule.parse("helpfulness>=4"), input(calls(), List.of()));
        assertThat(s.approved()).extracting(a -> a.call().callId(), LabelExporter.Approved::answer,
                LabelExporter.Approved::source).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, "It is on its way.", "model"),
                org.assertj.core.groups.Tuple.tuple(3L, "Order 7 is cancelled.", "correction:ideal"),
                org.assertj.core.groups.Tuple.tuple(5L, "Sunny.", "model"));
        assertThat(s.skipped()).containsExactly(Map.entry("in disagreement", 2), Map.entry("no answer", 1));
    }

    @Test
    void theEmptyRuleLeavesOutEveryCallWithALabelNotSettled() throws Exception {
        // call 4: its rating in disagreement; call 6: its correction in disagreement
        LabelExporter.Selection s = LabelExporter.approved(ExportRule.all(), input(calls(), List.of()));
        assertThat(s.approved()).extracting(a -> a.call().callId()).containsExactly(1L, 2L, 3L, 5L);
        assertThat(s.skipped()).containsExactly(Map.entry("in disagreement", 2), Map.entry("no answer", 1));
        for (ExportFormat f : List.of(ExportFormat.OPENAI, ExportFormat.VERTEX)) {
            LabelExporter.Lines lines = LabelExporter.lines(f, ExportRule.parse(""), input(calls(), List.of()));
            assertThat(lines.lines()).noneMatch(l -> l.contains("Maybe.") || l.contains("Soon."));
        }
    }

    @Test
    void vertexJoinsTurnsOfTheSameRoleIntoOneContent() throws Exception {
        List<Message> twoUser = List.of(Message.text("system", "Be brief."), Message.text("user", "Context: order 7"),
                Message.text("user", "Cancel it"), Message.text("model", "Which reason?"),
                Message.text("model", "Please say."), Message.text("user", "Moved"));
        LabelledCall c = call(1, "echo/a", twoUser, "Cancelled.", rating(5));
        JsonNode contents = parse(LabelExporter.lines(ExportFormat.VERTEX, ExportRule.all(),
                input(List.of(c), List.of())).lines()).get(0).get("contents");
        assertThat(contents.toString()).isEqualTo("[{\"role\":\"user\",\"parts\":[{\"text\":\"Context: order 7\"},"
                + "{\"text\":\"Cancel it\"}]},{\"role\":\"model\",\"parts\":[{\"text\":\"Which reason?\"},"
                + "{\"text\":\"Please say.\"}]},{\"role\":\"user\",\"parts\":[{\"text\":\"Moved\"}]},"
                + "{\"role\":\"model\",\"parts\":[{\"text\":\"Cancelled.\"}]}]");
        // a history ending with the model's turn: the answer joins it
        LabelledCall last = call(2, "echo/a", List.of(Message.text("user", "Hi"), Message.text("model", "Hello")),
                "How can I help?", rating(5));
        JsonNode joined = parse(LabelExporter.lines(ExportFormat.VERTEX, ExportRule.all(),
                input(List.of(last), List.of())).lines()).get(0).get("contents");
        assertThat(joined).hasSize(2);
        assertThat(joined.get(1).get("parts")).hasSize(2);
    }

    @Test
    void dpoRuleMustHoldForTheChosenAnswer() throws Exception {
        LabelExporter.Lines lines = LabelExporter.lines(ExportFormat.DPO, ExportRule.parse("thumbs=up"),
                input(calls(), List.of()));
        List<JsonNode> rows = parse(lines.lines());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("chosen").get(0).get("content").asText()).isEqualTo("It is on its way.");
    }

    @Test
    void csvHoldsEveryLabelQuotedAndInert() {
        Instant t = Instant.parse("2026-11-30T10:00:00Z");
        List<LabelRow> labels = List.of(
                new LabelRow(2, null, null, null, "thumbs", "0123456789ab", "ann", "{\"thumbs\":\"down\",\"comment\":\"said \\\"no\\\", twice\"}",
                        false, t.plusSeconds(5), "echo/b", "prompts/support.prompt", "abc"),
                new LabelRow(1, 2L, 7L, "pairs", "preference", "ba9876543210", "bob", "{\"preference\":\"A\"}",
                        true, t, "echo/a", null, null),
                new LabelRow(1, null, 8L, "q1", "ideal", "ffffffffffff", "ann", "{\"correction\":\"=SUM(A1)\\nline 2\"}",
                        false, t.plusSeconds(5), "echo/a", "prompts/support.prompt", "abc"));
        LabelExporter.Input in = new LabelExporter.Input(SCHEMAS, List.of(), List.of(), labels);

        List<String> lines = LabelExporter.lines(ExportFormat.CSV, ExportRule.all(), in).lines();

        // no schemas given: every label as its JSON (the import reads that too)
        assertThat(lines).containsExactly(
                "\"item\",\"annotator\",\"label\",\"schema\",\"schema_version\",\"final\",\"queue\",\"created_at\","
                        + "\"model\",\"prompt\",\"commit\"",
                "\"1+2\",\"bob\",\"{\"\"preference\"\":\"\"A\"\"}\",\"preference\",\"ba9876543210\","
                        + "\"true\",\"pairs\",\"2026-11-30T10:00:00Z\",\"echo/a\",\"\",\"\"",
                "\"1\",\"ann\",\"{\"\"correction\"\":\"\"=SUM(A1)\\nline 2\"\"}\",\"ideal\",\"ffffffffffff\","
                        + "\"false\",\"q1\",\"2026-11-30T10:00:05Z\",\"echo/a\",\"prompts/support.prompt\",\"abc\"",
                "\"2\",\"ann\",\"{\"\"thumbs\"\":\"\"down\"\",\"\"comment\"\":\"\"said \\\"\"no\\\"\", twice\"\"}\","
                        + "\"thumbs\",\"0123456789ab\",\"false\",\"\",\"2026-11-30T10:00:05Z\",\"echo/b\","
                        + "\"prompts/support.prompt\",\"abc\"");
    }

    @Test
    void csvFieldThatStartsLikeAFormulaIsMadeInert() {
        LabelRow r = new LabelRow(1, null, null, null, "ideal", "ffffffffffff", "=cmd|' /C calc'!A0", "{}", false,
                Instant.parse("2026-11-30T10:00:00Z"), "echo/a", null, null);
        List<String> lines = LabelExporter.lines(ExportFormat.CSV, ExportRule.all(),
                new LabelExporter.Input(SCHEMAS, List.of(), List.of(), List.of(r))).lines();
        assertThat(lines.get(1)).contains(",\"'=cmd|' /C calc'!A0\",");
    }

    @Test
    void writeMakesTheFileItsProvenanceAndWarnsBelowAHundred() throws Exception {
        Path file = dir.resolve("exports/support-openai.jsonl");
        ExportResult r = LabelExporter.write(ExportFormat.OPENAI, ExportRule.parse("thumbs=up or corrections"),
                input(calls(), List.of()), file);

        assertThat(r.written()).isEqualTo(2);
        assertThat(r.file()).isEqualTo(file);
        assertThat(r.provenance()).isEqualTo(dir.resolve("exports/support-openai.provenance.jsonl"));
        assertThat(r.warning()).isEqualTo("only 2 examples (fewer than 100): Vertex AI recommends starting with 100,"
                + " OpenAI needs at least 10");
        assertThat(r.skipped()).containsExactly(Map.entry("in disagreement", 1));
        List<String> written = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(written).hasSize(2);
        assertThat(Files.readString(file)).endsWith("}\n");
        List<String> prov = Files.readAllLines(r.provenance());
        assertThat(prov).hasSize(3);
        assertThat(prov.get(2)).as("the summary line").isEqualTo("{\"summary\":{\"format\":\"openai\","
                + "\"rule\":\"thumbs=up or corrections\",\"written\":2,\"left_out\":{\"in disagreement\":1}}}");
        assertThat(JSON.readTree(written.get(1)).get("messages").get(4).get("content").asText())
                .isEqualTo("Order 7 is cancelled.");
    }

    @Test
    void nothingToExportWritesNothingAndLeavesAnOlderExportAsItWas() throws Exception {
        Path none = dir.resolve("none.jsonl");
        Files.writeString(none, "an older export\n");
        assertThatThrownBy(() -> LabelExporter.write(ExportFormat.OPENAI, ExportRule.parse("topic=billing"),
                input(calls(), List.of()), none)).isInstanceOf(ExportException.class)
                .hasMessage("nothing to export: no labelled call matches the rule topic=billing; " + none
                        + " is left as it was");
        assertThat(Files.readString(none)).isEqualTo("an older export\n");
        assertThat(LabelExporter.provenanceFile(none)).doesNotExist();
        Path noneDpo = dir.resolve("none-dpo.jsonl");
        assertThatThrownBy(() -> LabelExporter.write(ExportFormat.DPO, ExportRule.all(), input(List.of(), List.of()),
                noneDpo)).hasMessage("nothing to export: no labelled answers yet; no file written");
        assertThat(noneDpo).doesNotExist();
        Path noneCsv = dir.resolve("none.csv");
        assertThatThrownBy(() -> LabelExporter.write(ExportFormat.CSV, ExportRule.all(), input(List.of(), List.of()),
                noneCsv)).hasMessage("nothing to export: no labels yet; no file written");
        ExportResult pairs = LabelExporter.write(ExportFormat.DPO, ExportRule.all(), input(calls(), List.of()),
                dir.resolve("dpo.jsonl"));
        assertThat(pairs.warning()).isEqualTo("only " + pairs.written() + " preference pairs (fewer than 100)");
    }

    @Test
    void aHundredExamplesGiveNoWarning() {
        List<LabelledCall> many = new ArrayList<>();
        for (int i = 1; i <= 100; i++) many.add(call(i, "echo/a", REFUND, "Answer " + i, rating(5)));
        ExportResult r = LabelExporter.write(ExportFormat.VERTEX, ExportRule.parse("helpfulness=5"),
                input(many, List.of()), dir.resolve("v.jsonl"));
        assertThat(r.written()).isEqualTo(100);
        assertThat(r.warning()).isNull();
    }

    @Test
    void csvWriteEndsLinesWithCrLfAndHasNoProvenanceFile() throws Exception {
        LabelRow r = new LabelRow(1, null, null, null, "thumbs", "0123456789ab", "ann", "{\"thumbs\":\"up\"}", false,
                Instant.parse("2026-11-30T10:00:00Z"), "echo/a", null, null);
        ExportResult res = LabelExporter.write(ExportFormat.CSV, ExportRule.all(),
                new LabelExporter.Input(SCHEMAS, List.of(), List.of(), List.of(r)), dir.resolve("labels.csv"));
        assertThat(res.written()).isEqualTo(1);
        assertThat(res.provenance()).isNull();
        assertThat(res.warning()).isNull();
        assertThat(Files.readString(dir.resolve("labels.csv"))).endsWith("\"\"\r\n").contains("\"commit\"\r\n\"1\"");
        assertThat(Files.exists(dir.resolve("labels.provenance.jsonl"))).isFalse();
    }

    @Test
    void csvWithARuleKeepsTheLabelsOfTheCallsItTakes() {
        Instant t = Instant.parse("2026-11-30T10:00:00Z");
        List<LabelRow> labels = List.of(
                new LabelRow(1, null, null, null, "thumbs", "v", "ann", "{\"thumbs\":\"up\"}", false, t, "echo/a", null, null),
                new LabelRow(2, null, null, null, "helpfulness", "v", "ann", "{\"rating\":2}", false, t, "echo/b", null, null));
        List<String> lines = LabelExporter.lines(ExportFormat.CSV, ExportRule.parse("helpfulness>=4"),
                new LabelExporter.Input(SCHEMAS, calls(), List.of(), labels)).lines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("\"1\",");
    }

    @Test
    void aRankingGivesTheBestAnswerOverEachLowerOne() throws Exception {
        List<Message> q = List.of(Message.text("user", "Reset my password"));
        Map<String, String> schemas = Map.of("rank", "ranking");
        // the ranking's label is kept with its first call (21); best first: 22, 21, 23
        LabelledCall first = call(21, "echo/a", q, "Click reset.",
                ConsensusLabel.agreed("rank", "ranking", "{\"ranking\":[22,21,23]}"));
        List<LabelledCall> calls = List.of(first, call(22, "echo/b", q, "Use the link on the login page."),
                call(23, "echo/c", q, "No idea."));
        LabelExporter.Lines lines = LabelExporter.lines(ExportFormat.DPO, ExportRule.all(),
                new LabelExporter.Input(schemas, calls, List.of(), List.of()));

        List<JsonNode> rows = parse(lines.lines());
        assertThat(rows).extracting(r -> r.get("chosen").get(0).get("content").asText() + " > "
                + r.get("rejected").get(0).get("content").asText()).containsExactly(
                "Use the link on the login page. > Click reset.", "Use the link on the login page. > No idea.");
        List<JsonNode> prov = parse(lines.provenance());
        assertThat(prov.get(0).get("call_ids").toString()).isEqualTo("[22,21]");
        assertThat(prov.get(0).get("source").asText()).isEqualTo("ranking:rank");
        assertThat(prov.get(0).get("ranking_pairs").asText()).isEqualTo("best vs each lower");
        assertThat(prov.get(1).get("call_ids").toString()).isEqualTo("[22,23]");

        LabelExporter.Lines waiting = LabelExporter.lines(ExportFormat.DPO, ExportRule.all(), new LabelExporter.Input(
                schemas, List.of(call(21, "echo/a", q, "Click reset.", ConsensusLabel.incomplete("rank", "ranking")),
                        calls.get(1), calls.get(2)), List.of(), List.of()));
        assertThat(waiting.lines()).isEmpty();
        assertThat(waiting.skipped()).containsExactly(Map.entry("incomplete", 1));
    }

    @Test
    void dpoWithAClauseRuleUsesOnlyASettledCorrectionAndSaysWhichAnswer() throws Exception {
        // 1 is preferred to 2 and rated 5; its correction is in disagreement: no pair, counted
        List<LabelledCall> calls = List.of(
                call(1, "echo/a", REFUND, "It is on its way.", rating(5), ConsensusLabel.disagreed("ideal", "correction")),
                call(2, "echo/b", REFUND, "No idea.", rating(2)));
        List<PairLabel> pairs = List.of(new PairLabel(1, 2,
                ConsensusLabel.agreed("preference", "pairwise", "{\"preference\":\"A\"}")));
        LabelExporter.Lines split = LabelExporter.lines(ExportFormat.DPO, ExportRule.parse("helpfulness>=4"),
                input(calls, pairs));
        assertThat(split.lines()).isEmpty();
        assertThat(split.skipped()).containsExactly(Map.entry("in disagreement", 1));

        // incomplete: counted apart
        List<LabelledCall> waiting = List.of(
                call(1, "echo/a", REFUND, "It is on its way.", rating(5), ConsensusLabel.incomplete("ideal", "correction")),
                calls.get(1));
        assertThat(LabelExporter.lines(ExportFormat.DPO, ExportRule.parse("helpfulness>=4"), input(waiting, pairs))
                .skipped()).containsExactly(Map.entry("incomplete", 1));

        // settled: the correction is the chosen answer, over 2's answer and over 1's own; the provenance says so
        List<LabelledCall> settled = List.of(call(1, "echo/a", REFUND, "It is on its way.", rating(5),
                ConsensusLabel.agreed("ideal", "correction", "{\"correction\":\"It arrives on Friday.\"}")),
                calls.get(1));
        LabelExporter.Lines lines = LabelExporter.lines(ExportFormat.DPO, ExportRule.parse("helpfulness>=4"),
                input(settled, pairs));
        List<JsonNode> rows = parse(lines.lines());
        assertThat(rows).extracting(r -> r.get("chosen").get(0).get("content").asText() + " > "
                + r.get("rejected").get(0).get("content").asText()).containsExactly(
                "It arrives on Friday. > No idea.", "It arrives on Friday. > It is on its way.");
        List<JsonNode> prov = parse(lines.provenance());
        assertThat(prov.get(0).get("chosen").get("answer").asText()).isEqualTo("correction:ideal");
        assertThat(prov.get(0).get("rejected").get("answer").asText()).isEqualTo("model");
        assertThat(prov.get(0).get("rule").asText()).isEqualTo("helpfulness>=4");
    }

    @Test
    void incompleteCallsAreCountedApartFromDisagreements() {
        List<LabelledCall> calls = List.of(
                call(1, "echo/a", REFUND, "It is on its way.", ConsensusLabel.incomplete("helpfulness", "rating")),
                call(2, "echo/a", REFUND, "Soon.", ConsensusLabel.disagreed("helpfulness", "rating")),
                call(3, "echo/a", REFUND, "Today.", rating(5)));
        ExportResult r = LabelExporter.write(ExportFormat.OPENAI, ExportRule.parse("helpfulness>=4"),
                input(calls, List.of()), dir.resolve("x.jsonl"));
        assertThat(r.written()).isEqualTo(1);
        assertThat(r.skipped()).containsExactly(Map.entry("in disagreement", 1), Map.entry("incomplete", 1));
        assertThat(r.inDisagreement()).isEqualTo(1);
        assertThat(r.incomplete()).isEqualTo(1);
    }

    @Test
    void csvValuesAreWhatLabelsImportReadsBackAsTheSameValue() {
        Map<String, org.promptstudio.model.LabelSchema> schemas = new java.util.HashMap<>();
        schemas.put("helpfulness", new org.promptstudio.model.LabelSchema("helpfulness",
                org.promptstudio.model.LabelSchema.Type.RATING, null, 1, 5, Map.of(), List.of(), true));
        schemas.put("tags", new org.promptstudio.model.LabelSchema("tags",
                org.promptstudio.model.LabelSchema.Type.CATEGORIES, null, null, null, Map.of(), List.of("a", "b"), false));
        schemas.put("ideal", new org.promptstudio.model.LabelSchema("ideal",
                org.promptstudio.model.LabelSchema.Type.CORRECTION, null, null, null, Map.of(), List.of(), false));
        schemas.put("thumbs", org.promptstudio.model.LabelSchema.THUMBS);
        java.util.function.Function<String[], String> text = a -> LabelExporter.labelText(new LabelRow(1, null, null,
                null, a[0], "v", "ann", a[1], false, Instant.EPOCH, "echo/a", null, null), schemas);
        assertThat(text.apply(new String[] {"helpfulness", "{\"rating\":4}"})).isEqualTo("4");
        assertThat(text.apply(new String[] {"helpfulness", "{\"rating\":4,\"comment\":\"ok\"}"}))
                .isEqualTo("{\"rating\":4,\"comment\":\"ok\"}");
        assertThat(text.apply(new String[] {"tags", "{\"categories\":[\"a\",\"b\"]}"})).isEqualTo("a;b");
        assertThat(text.apply(new String[] {"thumbs", "{\"thumbs\":\"up\"}"})).isEqualTo("up");
        assertThat(text.apply(new String[] {"ideal", "{\"correction\":\" Two lines,\\nkept. \"}"}))
                .isEqualTo(" Two lines,\nkept. ");
        // a correction that reads as JSON stays JSON
        assertThat(text.apply(new String[] {"ideal", "{\"correction\":\"{x}\"}"})).isEqualTo("{\"correction\":\"{x}\"}");
        assertThat(text.apply(new String[] {"gone", "{\"rating\":2}"})).as("a schema no longer in studio.yaml")
                .isEqualTo("{\"rating\":2}");
    }
}
