package org.promptstudio.ui.labelling;

import java.nio.file.Files;
import java.nio.file.Path;
import org.promptstudio.app.Runs;
import org.promptstudio.app.Studio;
import org.promptstudio.model.LabelQueueSpec;
import org.promptstudio.provider.CachePolicy;
import org.promptstudio.testsupport.Workspaces;

/**
 * A workspace with one run of two prompts ({@code ask}: markdown, {@code terse}) on the built-in echo model (it
 * answers with the prompt's text) over {@link #CASES} questions, four label schemas, and queues of them: {@code rate}
 * (rating 1-5), {@code topic} (category), {@code ideal} (correction), {@code prefer} (pairs of the two prompts'
 * answers, blind).
 */
final class LabellingFixture {

    static final int CASES = 6;
    static final String SCHEMAS = """
            labels:
              - name: helpfulness
                type: rating
                description: Would this answer resolve the question?
                scale: { min: 1, max: 5 }
                points: { 1: Wrong or harmful, 3: Partly useful, 5: Resolves it fully }
              - name: topic
                type: category
                categories: [billing, shipping, setup, other]
              - name: ideal
                type: correction
              - name: preference
                type: pairwise
            """;

    long run;

    Studio open(Path dir) throws Exception {
        return open(dir, CASES);
    }

    /** The workspace with {@code cases} questions, its run and its queues. */
    Studio open(Path dir, int cases) throws Exception {
        Workspaces.init(dir, "lab", "  - id: echo\n    provider: echo\n" + SCHEMAS);
        Files.writeString(dir.resolve("prompts/ask.prompt"), "**Answer** the question in *markdown*:\n\n- {{question}}\n");
        Files.writeString(dir.resolve("prompts/terse.prompt"), "Tersely: {{question}}\n");
        StringBuilder data = new StringBuilder();
        for (int i = 1; i <= cases; i++) {
            data.append("{\"id\": \"q").append(i).append("\", \"question\": \"Question ").append(i)
                    .append(": where is my parcel?\"}\n");
        }
        Files.writeString(dir.resolve("datasets/qs.jsonl"), data.toString());
        Files.writeString(dir.resolve("experiments/both.yaml"), """
                prompts: [ask, terse]
                models: [echo]
                dataset: qs
                concurrency: 1
                """);
        Studio studio = Studio.open(dir);
        run = studio.runs().plan(new Runs.Request("both", null, null, null, CachePolicy.OFF))
                .start((s, call) -> { }).outcome().runId();
        studio.labelling().createQueue(LabelQueueSpec.of("rate", "helpfulness").withRun(run).withPrompt("ask", null));
        studio.labelling().createQueue(LabelQueueSpec.of("topic", "topic").withRun(run).withPrompt("ask", null));
        studio.labelling().createQueue(LabelQueueSpec.of("ideal", "ideal").withRun(run).withPrompt("ask", null));
        studio.labelling().createQueue(LabelQueueSpec.of("prefer", "preference").withRun(run).withPairs(true)
                .withBlind(true).withSample(null, 7L));
        return studio;
    }
}
