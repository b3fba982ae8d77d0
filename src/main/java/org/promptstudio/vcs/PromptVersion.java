package org.promptstudio.vcs;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One saved version of a prompt: a commit that changed its file.
 *
 * @param number  1 for the commit that created the file, then 2, 3 ... in history order (a rename continues the count)
 * @param time    when the version was written (the author's time, in the author's offset), as {@code git log} shows it
 * @param message the whole commit message, without its final newline
 * @param labels  the labels that point at this version, sorted
 * @param path    the file's path in the repository at that version (older versions may have an older name)
 */
public record PromptVersion(int number, String commitId, String shortId, OffsetDateTime time, String authorName,
                            String authorEmail, String message, List<String> labels, String path) {

    public PromptVersion {
        labels = List.copyOf(labels);
    }

    /** The first line of the message. */
    public String subject() {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    PromptVersion withLabels(List<String> newLabels) {
        return new PromptVersion(number, commitId, shortId, time, authorName, authorEmail, message, newLabels, path);
    }
}
