package org.promptstudio.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.promptstudio.app.Runs;
import org.promptstudio.app.Studio;
import org.promptstudio.provider.CachePolicy;

/**
 * A workspace with a recorded experiment to open in the grid: prompt {@code ask} in version 1 ("Question: ...") and
 * version 2 ("Q: ...", also the working copy), models {@code echo} and {@code echo-2} (the built-in echo model: it
 * answers with the prompt's text), dataset {@code qs} whose cases check for "Q:" (so version 1 fails, version 2
 * passes), and {@code experiments/two.yaml}: versions 1 and 2 x both models x 2 samples, one call at a time, so the
 * calls' ids follow the plan (with several at once they would follow whichever thread finished first, and a test
 * that reads calls in id order would pass or fail by the threads).
 */
public final class RecordedRunWorkspace {

    /** The cases' ids, in dataset order. */
    public static final String[] CASES = {"dial", "valve", "bridge"};

    private RecordedRunWorkspace() {
    }

    /** Creates and opens the workspace in {@code dir}, with the first {@code cases} cases (1 to 3) in qs. */
    public static Studio open(Path dir, int cases) {
        String[] rows = {
            "{\"id\": \"dial\", \"question\": \"Can I return a Dial?\", \"assert\": [{\"type\": \"contains\", \"value\": \"Q:\"}]}",
            "{\"id\": \"valve\", \"question\": \"How do valves pair?\", \"assert\": [{\"type\": \"contains\", \"value\": \"Q:\"}]}",
            "{\"id\": \"bridge\", \"question\": \"Is the bridge down?\", \"assert\": [{\"type\": \"contains\", \"value\": \"Q:\"}]}"};
        Studio studio = GridWorkspace.open(dir, """
                  - id: echo
                    provider: echo
                  - id: echo-2
                    provider: echo
                """, String.join("\n", java.util.Arrays.asList(rows).subList(0, cases)) + "\n",
                "Question: {{question}}\n", "Q: {{question}}\n", "Q: {{question}}\n");
        try {
            Files.writeString(dir.resolve("experiments/two.yaml"), """
                    prompts: [ask@1, ask@2]
                    models: [echo, echo-2]
                    dataset: qs
                    samples: 2
                    concurrency: 1
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return studio;
    }

    /**
     * Records a run of {@code experiments/fewshot.yaml} (written here, in workspace {@code dir} opened by {@link
     * #open} with 2 or 3 cases): prompts {@code ask} and {@code ask-short} (a second prompt file, never committed) x
     * {@code echo}, few-shot examples picked by similarity ("nearest", as support-assistant's answer-vs-fewshot),
     * stopped by its budget after 3 of its planned calls (cases x 2): dial x both prompts, then valve x ask. The calls are
     * written as the runner records them (no embedding model is needed to read it back). Returns its run id.
     */
    public static long fewShotStoppedByBudget(Studio studio, Path dir) {
        Workspaces.write(dir, "prompts/ask-short.prompt", "Short: {{question}}\n");
        Workspaces.write(dir, "experiments/fewshot.yaml", """
                prompts:
                  - { prompt: ask, version: working }
                  - { prompt: ask-short, version: working }
                models: [echo]
                dataset: qs
                strategy: { type: few-shot, k: 1, selection: nearest, pool: qs, seed: 7 }
                """);
        String askCommit = studio.versions().history("prompts/ask.prompt").get(0).commitId();
        long runId = org.promptstudio.app.StudioParts.runs(studio).insert(org.promptstudio.model.RunRecord.started(
                org.promptstudio.model.RunKind.EXPERIMENT, "fewshot", "experiments/fewshot.yaml", null)).id();
        String[][] made = {{"dial", "prompts/ask.prompt", "Q: Can I return a Dial?"},
            {"dial", "prompts/ask-short.prompt", "Short: Can I return a Dial?"},
            {"valve", "prompts/ask.prompt", "Q: How do valves pair?"}};
        java.util.List<org.promptstudio.model.CallRecord> calls = new java.util.ArrayList<>();
        for (int i = 0; i < made.length; i++) {
            calls.add(org.promptstudio.model.CallRecord.builder().runId(runId)
                    .prompt(made[i][1], made[i][1].endsWith("ask.prompt") ? askCommit : "0123456789abcdef+dirty")
                    .model("echo", "echo").caseId(made[i][0]).planIndex(i)
                    .texts(new org.promptstudio.model.CallTexts("[]", made[i][2], null, null)).build());
        }
        org.promptstudio.app.StudioParts.calls(studio).insertBatch(calls);
        org.promptstudio.app.StudioParts.runs(studio).finish(runId, org.promptstudio.model.RunStatus.BUDGET_REACHED,
                java.time.Instant.now());
        return runId;
    }

    /** Runs experiments/two.yaml to its end and returns its run id. */
    public static long run(Studio studio) {
        return studio.runs().plan(new Runs.Request("two", null, null, null, CachePolicy.OFF))
                .start((s, call) -> { }).outcome().runId();
    }
}
