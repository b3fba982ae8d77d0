package org.promptstudio.app;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.promptstudio.template.PartialReferences;
import org.promptstudio.template.PromptLibrary;
import org.promptstudio.model.StudioException;

/**
 * Where publishing learns about a prompt's saved versions. Shaped like {@code vcs.PromptVersions}, which will be wired
 * in behind it; until then a workspace opened without one cannot publish.
 */
public interface PromptVersionSource {

    /**
     * One saved version of a prompt file.
     *
     * @param number   1 for the oldest commit that changed the file, counting up; 0 when a shallow clone cannot count
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

    /**
     * The prompt and the partials it uses as they are on disk now, each as git would store it (through git's
     * line-ending and clean filters, decision 0030), texts by path, the prompt first; null when this source cannot
     * say, and the caller then compares the files as they are.
     */
    default Map<String, String> workingFiles(String promptPath) {
        return null;
    }

    /**
     * The prompt and every partial it uses (directly or through other partials) as they were at {@code commitId}: the
     * version's closure (decision 0014), texts by workspace path, the prompt first. A partial missing there is left
     * out (rendering then says so).
     */
    default Map<String, String> filesAt(String promptPath, String commitId) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(promptPath, contentAt(promptPath, commitId));
        int slash = promptPath.lastIndexOf('/');
        String dir = slash < 0 ? "" : promptPath.substring(0, slash + 1);
        Map<String, String> partials = new TreeMap<>();
        Deque<String> todo = new ArrayDeque<>(PartialReferences.in(out.get(promptPath)));
        while (!todo.isEmpty()) {
            String path = dir + "_" + todo.pop() + PromptLibrary.EXTENSION;
            if (partials.containsKey(path) || path.equals(promptPath)) continue;
            String text;
            try {
                text = contentAt(path, commitId);
            } catch (StudioException e) {
                continue;
            }
            partials.put(path, text);
            todo.addAll(PartialReferences.in(text));
        }
        out.putAll(partials);
        return out;
    }

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
