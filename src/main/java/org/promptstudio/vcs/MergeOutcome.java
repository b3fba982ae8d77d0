package org.promptstudio.vcs;

import java.util.List;

/**
 * What a merge did.
 *
 * @param commitShortId the merge commit, or where a fast-forward went; null for {@code UP_TO_DATE} and {@code CONFLICTS}
 * @param conflicts     files left with both sides in conflict markers (only for {@code CONFLICTS}), sorted
 */
public record MergeOutcome(Status status, String from, String into, String commitShortId, List<String> conflicts) {

    public enum Status {
        /** Nothing to merge: the branch holds nothing new. */
        UP_TO_DATE,
        /** The current branch only moved forward to the other; no commit was needed. */
        FAST_FORWARD,
        /** A merge commit was made. */
        MERGED,
        /** Nothing committed: the files in {@code conflicts} wait to be resolved. */
        CONFLICTS
    }

    public MergeOutcome {
        conflicts = List.copyOf(conflicts);
    }
}
