package org.promptstudio.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Chooses {@code k} examples from a pool for one case: {@code fixed} (the first k), {@code random} (seeded by the
 * run's seed and the case, so a rerun picks the same), or {@code nearest} (most similar to the case's input by
 * embedding cosine). An example that is the case under test (same id, or the same input text) is never chosen.
 * The pool's embeddings are computed once.
 */
public final class FewShotSelector {

    /** One example of the pool: its id and every field, given to the template as an item of {@code examples}. */
    public record Example(String id, Map<String, Object> fields) {
        public Example {
            fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    private final List<Example> pool;
    private final int k;
    private final String selection;
    private final long seed;
    private final Embedder embedder;
    private List<float[]> poolVectors;
    private final Map<String, List<Example>> chosen = new java.util.concurrent.ConcurrentHashMap<>();

    public FewShotSelector(List<Example> pool, int k, String selection, Long seed, Embedder embedder) {
        this.pool = List.copyOf(pool);
        this.k = k;
        this.selection = selection;
        this.seed = seed == null ? 0 : seed;
        // Without an embedder the selector still plans (a recorded run read back needs its cases, not its examples);
        // "nearest" says so when it is asked to pick.
        this.embedder = embedder;
    }

    /**
     * The examples for the case {@code caseId} with input {@code input}, in the order they should appear. The same
     * case gets the same examples every time (a plan is checked before it runs, so each case is asked twice).
     */
    public List<Example> select(String caseId, Map<String, Object> input) {
        if (caseId == null) return choose(null, input);
        return chosen.computeIfAbsent(caseId + "\u0000" + input, key -> choose(caseId, input));
    }

    /** The size of the pool (examples that could be read). */
    public int poolSize() {
        return pool.size();
    }

    private List<Example> choose(String caseId, Map<String, Object> input) {
        String caseText = text(input, input.keySet());
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < pool.size(); i++) {
            Example e = pool.get(i);
            if (Objects.equals(e.id(), caseId)) continue;
            if (!caseText.isEmpty() && text(e.fields(), input.keySet()).equals(caseText)) continue;
            candidates.add(i);
        }
        List<Integer> chosen;
        switch (selection) {
            case "fixed" -> chosen = candidates.subList(0, Math.min(k, candidates.size()));
            case "random" -> {
                List<Integer> shuffled = new ArrayList<>(candidates);
                java.util.Collections.shuffle(shuffled, new Random(seed * 31 + Objects.hashCode(caseId)));
                chosen = shuffled.subList(0, Math.min(k, shuffled.size()));
            }
            case "nearest" -> chosen = nearest(candidates, input, caseText);
            default -> throw new ExperimentException("unknown few-shot selection '" + selection + "'");
        }
        return chosen.stream().map(pool::get).toList();
    }

    private List<Integer> nearest(List<Integer> candidates, Map<String, Object> input, String caseText) {
        if (embedder == null) {
            throw new ExperimentException("few-shot 'nearest' selection needs the embedding model");
        }
        List<float[]> vectors = poolVectors(input);
        float[] query = embedder.embed(List.of(caseText)).get(0);
        // Most similar last, so the closest example sits right before the real question.
        return candidates.stream()
                .sorted(Comparator.comparingDouble((Integer i) -> -org.promptstudio.provider.Embeddings.cosine(query, vectors.get(i)))
                        .thenComparing(i -> i))
                .limit(k)
                .sorted(Comparator.comparingDouble((Integer i) -> org.promptstudio.provider.Embeddings.cosine(query, vectors.get(i)))
                        .thenComparing(i -> -i))
                .toList();
    }

    private synchronized List<float[]> poolVectors(Map<String, Object> input) {
        if (poolVectors == null) {
            poolVectors = embedder.embed(pool.stream().map(e -> text(e.fields(), input.keySet())).toList());
        }
        return poolVectors;
    }

    /** The text of the fields the case also has (e.g. {@code question}), else every text field. */
    private static String text(Map<String, Object> fields, java.util.Set<String> keys) {
        String shared = keys.stream().filter(fields::containsKey).map(fields::get).filter(Objects::nonNull)
                .map(String::valueOf).collect(Collectors.joining("\n"));
        if (!shared.isBlank()) return shared.strip();
        return fields.values().stream().filter(v -> v instanceof String).map(String::valueOf)
                .collect(Collectors.joining("\n")).strip();
    }
}
