package org.promptstudio.experiment;

import java.util.List;
import java.util.Map;

/**
 * An experiment file ({@code experiments/NAME.yaml}): which prompt versions run against which models on which
 * inputs, how many samples per cell, with which strategy, and how many calls at once.
 *
 * @param prompts     prompt ids with a version each: a number, a label, a commit, or {@code working}
 * @param models      workspace model ids
 * @param dataset     dataset name (file name without extension), or null when {@code inputs} are given inline
 * @param split       {@code dev}, {@code test}, or null for every case
 * @param inputs      inline inputs, used when there is no dataset
 * @param samples     calls per cell (prompt version x input x model)
 * @param params      generation settings laid over the prompt's config for this run (temperature, ...)
 * @param concurrency calls in flight at once for the whole run (each model's own limit applies too)
 * @param assertions  checks on every answer of the run, as written ({@code {type, value, threshold, weight, ...}});
 *                    {@code eval} reads them (docs/decisions/0011-evaluation.md)
 * @param test        whether the file says {@code test: true}: a prompt test, run by {@code studio test} when no
 *                    experiment is named (docs/decisions/0023-marking-prompt-tests.md)
 * @param retrieve    context from the document index for every prompt of the run ({@code retrieve:}; it replaces a
 *                    prompt's own), or null: each prompt's own, if any (decision 0140)
 */
public record ExperimentSpec(String name, String description, List<PromptSpec> prompts, List<String> models,
                             String dataset, String split, List<Map<String, Object>> inputs, int samples,
                             Strategy strategy, Map<String, Object> params, int concurrency,
                             List<Map<String, Object>> assertions, boolean test, RetrieveSpec retrieve) {

    public ExperimentSpec {
        prompts = List.copyOf(prompts);
        models = List.copyOf(models);
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        params = params == null ? Map.of() : Map.copyOf(params);
        assertions = assertions == null ? List.of() : List.copyOf(assertions);
    }

    /** An experiment that declares no retrieval of its own. */
    public ExperimentSpec(String name, String description, List<PromptSpec> prompts, List<String> models, String dataset,
                          String split, List<Map<String, Object>> inputs, int samples, Strategy strategy,
                          Map<String, Object> params, int concurrency, List<Map<String, Object>> assertions,
                          boolean test) {
        this(name, description, prompts, models, dataset, split, inputs, samples, strategy, params, concurrency,
                assertions, test, null);
    }

    /** An experiment that is not marked as a prompt test. */
    public ExperimentSpec(String name, String description, List<PromptSpec> prompts, List<String> models, String dataset,
                          String split, List<Map<String, Object>> inputs, int samples, Strategy strategy,
                          Map<String, Object> params, int concurrency, List<Map<String, Object>> assertions) {
        this(name, description, prompts, models, dataset, split, inputs, samples, strategy, params, concurrency,
                assertions, false);
    }

    /** An experiment without assertions of its own. */
    public ExperimentSpec(String name, String description, List<PromptSpec> prompts, List<String> models, String dataset,
                          String split, List<Map<String, Object>> inputs, int samples, Strategy strategy,
                          Map<String, Object> params, int concurrency) {
        this(name, description, prompts, models, dataset, split, inputs, samples, strategy, params, concurrency, List.of());
    }

    /**
     * One prompt of the experiment and the version to run.
     *
     * @param examples few-shot examples for this prompt only (they replace the strategy's pool for it), or null
     */
    public record PromptSpec(String prompt, String version, Examples examples) {

        /** How the compare grid names a prompt's variant as a version: {@code variant:formal}, {@code variant:formal@2}. */
        public static final String VARIANT = "variant:";

        /** A prompt without examples of its own. */
        public PromptSpec(String prompt, String version) {
            this(prompt, version, null);
        }

        /**
         * {@code prompt} at {@code version}, where a version {@code variant:NAME[@VERSION]} (the grid's name for a
         * variant) is the Dotprompt variant file {@code prompt.NAME.prompt} at {@code VERSION} (its working copy when
         * none); any other version is kept as it is.
         *
         * @throws ExperimentException {@code 'variant:': name the variant, as in variant:formal} when NAME is empty
         */
        public static PromptSpec of(String prompt, String version, Examples examples) {
            if (version == null || !version.startsWith(VARIANT)) return new PromptSpec(prompt, version, examples);
            String rest = version.substring(VARIANT.length()).strip();
            int at = rest.indexOf('@');
            String name = at < 0 ? rest : rest.substring(0, at).strip();
            if (name.isEmpty()) {
                throw new ExperimentException("'" + version + "': name the variant, as in " + VARIANT + "formal");
            }
            String v = at < 0 ? "working" : rest.substring(at + 1).strip();
            return new PromptSpec(prompt + "." + name, v.isEmpty() ? "working" : v, examples);
        }
    }

    /**
     * Where a prompt's few-shot examples come from: {@code k} examples of the dataset {@code pool}, chosen
     * {@code fixed} (the first k), {@code random} (seeded by {@code seed}) or {@code nearest} (most similar by
     * MiniLM embedding); given to the template as {@code examples} (docs/decisions/0024-examples-and-missing-input.md).
     */
    public record Examples(String pool, int k, String selection, Long seed) {
    }

    /**
     * How prompts are run: {@code zero-shot}; {@code few-shot} with {@code k} examples from {@code pool} chosen
     * {@code fixed}, {@code random} (with {@code seed}) or {@code nearest}; {@code chain-of-thought} (with few-shot
     * examples too when it names a {@code pool}) with an answer
     * extracted by {@code answerPattern} (a regex whose first group is the answer), {@code answerField} (a JSON
     * field) or else the last number; {@code self-consistency}: {@code votes} chain-of-thought samples and a
     * majority vote over their answers.
     */
    public record Strategy(String type, Integer k, String selection, String pool, Long seed, String answerPattern,
                           String answerField, Integer votes) {

        public static final String ZERO_SHOT = "zero-shot";
        public static final String FEW_SHOT = "few-shot";
        public static final String CHAIN_OF_THOUGHT = "chain-of-thought";
        public static final String SELF_CONSISTENCY = "self-consistency";

        public static Strategy zeroShot() {
            return new Strategy(ZERO_SHOT, null, null, null, null, null, null, null);
        }

        /**
         * The strategy's own few-shot examples, given to every prompt of the run that has none of its own: the
         * {@code pool} of a few-shot strategy, or of a chain-of-thought or self-consistency strategy that names one;
         * null when there is no pool.
         */
        public Examples examples() {
            if (pool == null || type.equals(ZERO_SHOT)) return null;
            return new Examples(pool, k == null ? 3 : k, selection == null ? "nearest" : selection, seed);
        }

        public boolean extractsAnswers() {
            return type.equals(CHAIN_OF_THOUGHT) || type.equals(SELF_CONSISTENCY) || answerPattern != null
                    || answerField != null;
        }
    }
}
