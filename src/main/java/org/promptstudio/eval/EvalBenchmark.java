package org.promptstudio.eval;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallTexts;

/**
 * How fast assertions judge recorded answers, per family, on synthetic calls made here (no model is called, no
 * database is touched). Answers repeat from a pool of distinct texts, as real runs repeat themselves across
 * samples and models, so similarity mostly reads MiniLM's cache of recent texts after the first embedding.
 */
public final class EvalBenchmark {

    /** One family: its assertion types, the calls judged, the time, and how many passed. */
    public record Family(String name, List<String> types, int calls, long millis, int passed) {
        public double callsPerSecond() {
            return millis == 0 ? calls * 1000.0 : calls * 1000.0 / millis;
        }

        public double assertionsPerSecond() {
            return callsPerSecond() * types.size();
        }
    }

    public record Result(int calls, int distinctAnswers, List<Family> families) {
    }

    private static final String[] TOPICS = {"refund", "shipping", "warranty", "firmware", "invoice", "subscription"};
    private static final String[] DAYS = {"14", "30", "60"};

    private EvalBenchmark() {
    }

    /** Judges {@code calls} synthetic calls with each family in turn; {@code embedder} for similarity. */
    public static Result run(int calls, int distinctAnswers, Embedder embedder) {
        Random random = new Random(42);
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < distinctAnswers; i++) {
            String topic = TOPICS[i % TOPICS.length];
            String days = DAYS[random.nextInt(DAYS.length)];
            answers.add(i % 5 == 0
                    ? "{\"topic\": \"" + topic + "\", \"days\": " + days + "}"
                    : "Our " + topic + " policy allows " + days + " days. Answer " + i + ": contact support if the "
                    + topic + " question is not answered here. The total is " + (i * 3) + ".");
        }
        List<CallRecord> records = new ArrayList<>(calls);
        List<Evaluator.EvalCase> cases = new ArrayList<>(calls);
        Map<String, Object> schema = Map.of("type", "object", "required", List.of("topic", "days"),
                "properties", Map.of("topic", Map.of("type", "string"), "days", Map.of("type", "integer")));
        Instant t0 = Instant.parse("2026-11-26T00:00:00Z");
        for (int i = 0; i < calls; i++) {
            String answer = answers.get(random.nextInt(answers.size()));
            String topic = TOPICS[i % TOPICS.length];
            records.add(CallRecord.builder().id((long) i + 1).runId(1L).prompt("prompts/answer.prompt", "abc1234")
                    .model("bench", "m" + (i % 3)).tokens(200 + i % 50, 40 + i % 30)
                    .cost(new BigDecimal("0.0001")).latencyMs(300L + i % 900).createdAt(t0).caseId("case-" + i % 500)
                    .texts(new CallTexts("[]", answer, null, String.valueOf(i % 7 * 3))).build());
            cases.add(new Evaluator.EvalCase("case-" + i % 500, Map.of("question", "About " + topic + "?"),
                    Map.of("expected", "Our " + topic + " policy allows 30 days."), null, schema));
        }
        Evaluator evaluator = new Evaluator(new Assertions(new Metrics(embedder), null));
        Map<String, List<AssertionSpec>> families = new LinkedHashMap<>();
        families.put("text", List.of(spec("contains", "30 days"), spec("not-contains", "sorry"),
                spec("regex", "\\b\\d+ days\\b"), spec("starts-with", "Our"), new AssertionSpec("length", null, null, 1,
                        Map.of("max", 400))));
        families.put("structure", List.of(spec("is-json", null), spec("json-schema", null)));
        families.put("lexical closeness", List.of(spec("rouge-l", null), spec("bleu", null), spec("levenshtein", null)));
        families.put("extracted answer", List.of(spec("answer-equals", "9"), spec("answer-number", "9")));
        families.put("operations", List.of(spec("latency-max", 1000), spec("cost-max", 0.001), spec("tokens-max", 300)));
        families.put("similarity (MiniLM)", List.of(spec("similar", null)));
        // Load the embedding model before timing; its first load is not what is measured.
        embedder.embedAll(List.of("warm up"));
        List<Family> out = new ArrayList<>();
        families.forEach((name, specs) -> {
            long start = System.nanoTime();
            int passed = 0;
            for (int i = 0; i < calls; i++) {
                if (evaluator.evaluate(records.get(i), cases.get(i), specs, null).pass()) passed++;
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            out.add(new Family(name, specs.stream().map(AssertionSpec::type).toList(), calls, millis, passed));
        });
        return new Result(calls, distinctAnswers, out);
    }

    private static AssertionSpec spec(String type, Object value) {
        return new AssertionSpec(type, value, null, 1, Map.of());
    }
}
