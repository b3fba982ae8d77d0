package org.promptstudio.testsupport;

import static org.promptstudio.testsupport.GitCli.git;

import java.nio.file.Path;
import org.promptstudio.app.Studio;

/**
 * The compare grid's test workspace: a new workspace (git identity Ada Lovelace) whose {@code studio.yaml} lists the
 * given models, with a dataset {@code qs} when one is given, and the prompt {@code ask} written in turn with each of
 * the given texts: every text but the last is saved as the next numbered version, the last stays the working copy.
 */
public final class GridWorkspace {

    /** Two texts of {@code ask}: version 1 "Question: ..." and the working copy "Q: ...". */
    public static final String[] QUESTION_THEN_Q = {"Question: {{question}}\n", "Q: {{question}}\n"};

    /** The built-in echo model as {@code echo}, and as {@code slow-echo} answering after 5 ms. */
    public static final String ECHO_AND_SLOW_ECHO = """
              - id: echo
                provider: echo
              - id: slow-echo
                provider: echo
                params: { delayMillis: 5 }
            """;

    private GridWorkspace() {
    }

    /**
     * Creates and opens the workspace in {@code dir}.
     *
     * @param models      the {@code models:} list of studio.yaml, indented as in the file
     * @param datasetRows the lines of datasets/qs.jsonl, or null for no dataset
     * @param askTexts    the successive texts of prompts/ask.prompt (at least one)
     * @return the open studio (the caller closes it)
     */
    public static Studio open(Path dir, String models, String datasetRows, String... askTexts) {
        Workspaces.init(dir, "grid", models);
        if (datasetRows != null) Workspaces.write(dir, "datasets/qs.jsonl", datasetRows);
        Workspaces.write(dir, "prompts/ask.prompt", askTexts[0]);
        Studio studio = Studio.open(dir);
        for (int i = 1; i < askTexts.length; i++) {
            studio.versions().save("ask", "Version " + i);
            Workspaces.write(dir, "prompts/ask.prompt", askTexts[i]);
        }
        return studio;
    }
}
