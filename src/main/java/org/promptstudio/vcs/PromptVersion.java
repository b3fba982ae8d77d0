package org.promptstudio.vcs;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One saved version of a prompt: a commit that changed its closure, the prompt file or a partial it uses (directly
 * or through other partials; decision 0014), so a version number always names one rendered prompt.
 *
 * @param number  1 for the commit that created the file, then 2, 3 ... in history order (a rename continues the count);
 *                {@link #UNKNOWN} (0) in a shallow clone whose history stops before the prompt's first version, where
 *                no number can be known (decision 0031)
 * @param time    when the version was written (the author's time, in the author's offset), as {@code git log} shows it
 * @param message the whole commit message, without its final newline
 * @param labels  the labels that point at this version, sorted
 * @param path    the file's path in the repository at that version (older versions may have an older name)
 * @param changed the files of the closure this version changed, the prompt first then partials by path
 *                ({@code prompts/_rules.prompt} alone when only a partial changed); every file of the closure for
 *                the version that created or renamed the prompt
 */
public record PromptVersion(int number, String commitId, String shortId, OffsetDateTime time, String authorName,
                            String authorEmail, String message, List<String> labels, String path, List<String> changed) {

    /** The number of a version whose older history a shallow clone lacks: it cannot be counted. */
    public static final int UNKNOWN = 0;

    public PromptVersion {
        labels = List.copyOf(labels);
        changed = changed == null ? List.of() : List.copyOf(changed);
    }

    /** The partials this version changed, without the prompt itself. */
    public List<String> changedPartials() {
        return changed.stream().filter(p -> !p.equals(path)).toList();
    }

    /** Whether the version's number is known (false in a shallow clone that lacks the older history). */
    public boolean numbered() {
        return number != UNKNOWN;
    }

    /**
     * How to name this version in a message: {@code version 3}, or {@code commit 1a2b3c4} when its number cannot be
     * known (shallow history).
     */
    public String name() {
        return numbered() ? "version " + number : "commit " + shortId;
    }

    /** The first line of the message. */
    public String subject() {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    PromptVersion withLabels(List<String> newLabels) {
        return new PromptVersion(number, commitId, shortId, time, authorName, authorEmail, message, newLabels, path,
                changed);
    }
}
