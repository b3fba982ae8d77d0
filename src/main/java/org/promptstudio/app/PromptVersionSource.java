package org.promptstudio.app;

import java.time.Instant;
import java.util.List;
import org.promptstudio.model.StudioException;

/**
 * Where publishing learns about a prompt's saved versions. Shaped like {@code vcs.PromptVersions}, which will be wired
 * in behind it; until then a workspace opened without one cannot publish.
 */
public interface PromptVersionSource {

    /**
     * One saved version of a prompt file.
     *
     * @param number   1 for the oldest commit that changed the file, counting up
     * @param commitId the full id of that commit
     * @param author   {@code Name <email>} of its author
     * @param time     when it was committed
     * @param labels   the labels pointing at it ({@code prod}), possibly none
     */
    record Version(int number, String commitId, String author, Instant time, List<String> labels) {
        public Version {
            labels = labels == null ? List.of() : List.copyOf(labels);
        }
    }

    /**
     * The version {@code spec} names of {@code promptPath} ({@code prompts/answer.prompt}): a number, a label or a
     * commit id; null for the latest saved version.
     *
     * @throws StudioException when the prompt has no such version
     */
    Version resolve(String promptPath, String spec);

    /**
     * The text of {@code path} at {@code spec} (a number, a label, a commit id, or {@code working} for the file on
     * disk).
     *
     * @throws StudioException when the file did not exist there
     */
    String contentAt(String path, String spec);

    /** For a workspace opened without version history: every call explains that publishing needs it. */
    static PromptVersionSource unavailable() {
        return new PromptVersionSource() {
            @Override
            public Version resolve(String promptPath, String spec) {
                throw notWired(promptPath);
            }

            @Override
            public String contentAt(String path, String spec) {
                throw notWired(path);
            }
        };
    }

    private static StudioException notWired(String path) {
        return new StudioException(path + ": prompt versions are not available in this build (the vcs package is"
                + " not wired in yet), so it cannot be published");
    }
}
