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
 * passes), and {@code experiments/two.yaml}: versions 1 and 2 x both models x 2 samples, four calls at once.
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
                    concurrency: 4
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return studio;
    }

    /** Runs experiments/two.yaml to its end and returns its run id. */
    public static long run(Studio studio) {
        return studio.runs().plan(new Runs.Request("two", null, null, null, CachePolicy.OFF))
                .start((s, call) -> { }).outcome().runId();
    }
}
