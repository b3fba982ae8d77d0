package org.promptstudio.app;

import java.util.List;
import org.promptstudio.vcs.Branches;
import org.promptstudio.vcs.MergeOutcome;

/**
 * The "branch" and "merge" use cases ({@code studio branch}, {@code switch}, {@code merge}, the window's history
 * view): branches of the workspace repository, for experiments. Refusals are {@link org.promptstudio.vcs.VcsException}s
 * naming the reason, as git gives it; nothing is changed then.
 */
public final class Branching {

    private final Branches branches;

    Branching(Branches branches) {
        this.branches = branches;
    }

    /** The current branch. */
    public String current() {
        return branches.current();
    }

    /** Every local branch, sorted. */
    public List<String> list() {
        return branches.list();
    }

    /** Creates branch {@code name} at the current commit (without switching to it); returns that commit's short id. */
    public String create(String name) {
        return branches.create(name);
    }

    /**
     * Switches the working folder to branch {@code name}, refused as {@code git switch} refuses it.
     *
     * @return what git would warn about, one line each; often none
     */
    public List<String> switchTo(String name) {
        return branches.switchTo(name);
    }

    /** Merges branch {@code name} into the current one; with conflicts nothing is committed and they are listed. */
    public MergeOutcome merge(String name) {
        return branches.merge(name);
    }

    /** Commits a merge whose conflicts were resolved; refused, naming them, while a file still holds markers. */
    public MergeOutcome continueMerge() {
        return branches.continueMerge();
    }

    /** Gives up a merge in progress: the files go back to the last commit. */
    public void abortMerge() {
        branches.abortMerge();
    }

    /** The files still in conflict while a merge waits; empty when no merge is in progress. */
    public List<String> conflicts() {
        return branches.conflicts();
    }

    /** Whether a merge waits for its conflicts to be resolved. */
    public boolean mergeInProgress() {
        return branches.mergeInProgress();
    }
}
