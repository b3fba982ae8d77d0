package org.promptstudio.vcs;

import java.util.List;

/**
 * What a save (or restore, or rename) did.
 *
 * @param version        the prompt's version after it: a new one when {@code promptChanged}, else the latest
 * @param promptChanged  whether a new version exists: the prompt's file or a partial it uses was committed
 *                       (decision 0014)
 * @param committedPaths every file the commit recorded (the prompt, changed partials); empty when nothing was committed
 * @param commitShortId  the new commit, or null when nothing was committed
 * @param warnings       what git would warn about the commit, one line each (a commit on a detached HEAD); often none
 */
public record SaveResult(PromptVersion version, boolean promptChanged, List<String> committedPaths,
                         String commitShortId, List<String> warnings) {

    public SaveResult {
        committedPaths = List.copyOf(committedPaths);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A result without warnings. */
    public SaveResult(PromptVersion version, boolean promptChanged, List<String> committedPaths, String commitShortId) {
        this(version, promptChanged, committedPaths, commitShortId, List.of());
    }

    /** True when there was nothing to commit. */
    public boolean nothingCommitted() {
        return commitShortId == null;
    }
}
