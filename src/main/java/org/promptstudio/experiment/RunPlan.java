package org.promptstudio.experiment;

import java.util.List;
import java.util.Map;
import org.promptstudio.template.ParsedPrompt;

/**
 * The matrix of an experiment: cases x prompt versions x models x samples, each cell one call to make, in the plan's
 * order ({@link #cells}).
 *
 * @param selector few-shot selection, or null when the strategy uses no examples
 */
public record RunPlan(ExperimentSpec spec, List<Prompt> prompts, List<Case> cases, List<Cell> cells,
                      FewShotSelector selector) {

    public RunPlan {
        prompts = List.copyOf(prompts);
        cases = List.copyOf(cases);
        cells = List.copyOf(cells);
    }

    /**
     * A prompt at the version the experiment asked for: its file, the commit it came from, and its text parsed.
     *
     * @param renderer renders it with the partials of that version (decision 0014); null for the runner's own, which
     *                 reads partials from disk
     */
    public record Prompt(String id, String path, String commit, String variant, ParsedPrompt parsed,
                         org.promptstudio.template.PromptRenderer renderer) {

        public Prompt(String id, String path, String commit, String variant, ParsedPrompt parsed) {
            this(id, path, commit, variant, parsed, null);
        }
    }

    /** One input: dataset case or inline input, with the expected values when the dataset has them. */
    public record Case(String id, Map<String, Object> input, Map<String, Object> expected) {
        public Case {
            // Dataset values may be null (a JSON null), which Map.copyOf refuses.
            input = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(input));
            expected = expected == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(expected));
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
