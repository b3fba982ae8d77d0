package org.promptstudio.experiment;

import java.util.List;
import java.util.Map;
import org.promptstudio.template.ParsedPrompt;

/**
 * The matrix of an experiment: cases x prompt versions x models x samples, each cell one call to make, in the plan's
 * order ({@link #cells}).
 *
 * @param selector few-shot selection of the strategy, or null when the strategy uses no examples; a prompt with
 *                 examples of its own uses its own ({@link #selectorFor})
 * @param badRows  the dataset rows (of the cases' dataset and of few-shot pools) that could not be read and are left
 *                 out of the plan, each as {@code datasets/x.jsonl:17: reason}, in file and line order
 */
public record RunPlan(ExperimentSpec spec, List<Prompt> prompts, List<Case> cases, List<Cell> cells,
                      FewShotSelector selector, List<String> badRows) {

    public RunPlan {
        prompts = List.copyOf(prompts);
        cases = List.copyOf(cases);
        cells = List.copyOf(cells);
        badRows = badRows == null ? List.of() : List.copyOf(badRows);
    }

    /** A plan whose dataset rows were all read. */
    public RunPlan(ExperimentSpec spec, List<Prompt> prompts, List<Case> cases, List<Cell> cells,
                   FewShotSelector selector) {
        this(spec, prompts, cases, cells, selector, List.of());
    }

    /** The few-shot selection for {@code prompt}: its own, else the strategy's; null when it gets no examples. */
    public FewShotSelector selectorFor(Prompt prompt) {
        return prompt.selector() != null ? prompt.selector() : selector;
    }

    /**
     * A prompt at the version the experiment asked for: its file, the commit it came from, and its text parsed.
     *
     * @param renderer renders it with the partials of that version (decision 0014); null for the runner's own, which
     *                 reads partials from disk
     */
    public record Prompt(String id, String path, String commit, String variant, ParsedPrompt parsed,
                         org.promptstudio.template.PromptRenderer renderer, FewShotSelector selector) {

        /**
         * @param selector this prompt's own few-shot examples ({@code examples:} on the prompt in the experiment),
         *                 or null for the strategy's
         */
        public Prompt {
        }

        public Prompt(String id, String path, String commit, String variant, ParsedPrompt parsed,
                      org.promptstudio.template.PromptRenderer renderer) {
            this(id, path, commit, variant, parsed, renderer, null);
        }

        public Prompt(String id, String path, String commit, String variant, ParsedPrompt parsed) {
            this(id, path, commit, variant, parsed, null, null);
        }

        /** The same prompt with its own few-shot selection. */
        public Prompt withSelector(FewShotSelector own) {
            return new Prompt(id, path, commit, variant, parsed, renderer, own);
        }
    }

    /**
     * One input: dataset case or inline input, with the expected values when the dataset has them.
     *
     * @param source where the case is written, for messages: {@code datasets/x.jsonl:17} for a dataset row,
     *               {@code experiments/x.yaml: input 2} for an inline input; null when not known
     */
    public record Case(String id, Map<String, Object> input, Map<String, Object> expected, String source) {
        public Case {
            // Dataset values may be null (a JSON null), which Map.copyOf refuses.
            input = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(input));
            expected = expected == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(expected));
        }

        public Case(String id, Map<String, Object> input, Map<String, Object> expected) {
            this(id, input, expected, null);
        }

        /** Where the case is written, or its id when that is not known. */
        public String place() {
            return source != null ? source : id;
        }
    }

    /** One call to make. */
    public record Cell(Prompt prompt, Case testCase, String modelId, int sample) {
        /** Identifies the cell across a crash and a resume. */
        public String key() {
            return key(prompt.path(), prompt.commit(), modelId, testCase.id(), sample);
        }

        public static String key(String path, String commit, String modelId, String caseId, int sample) {
            return path + "@" + commit + "|" + modelId + "|" + caseId + "|" + sample;
        }
    }

    /**
     * Builds the cells in the plan's order: dataset (case) order, then prompt version, model and sample, each in the
     * order the experiment names them. A cell's position in this list is recorded with its call
     * ({@code CallRecord.planIndex}), so every report, table and export of the run follows this order whatever order
     * the calls finished in (docs/decisions/0018-plan-order.md).
     */
    public static List<Cell> cells(List<Prompt> prompts, List<Case> cases, List<String> models, int samples) {
        List<Cell> out = new java.util.ArrayList<>();
        for (Case c : cases) {
            for (Prompt p : prompts) {
                for (String m : models) {
                    for (int s = 0; s < samples; s++) out.add(new Cell(p, c, m, s));
                }
            }
        }
        return out;
    }
}
