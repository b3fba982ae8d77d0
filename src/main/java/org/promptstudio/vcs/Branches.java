package org.promptstudio.vcs;

import org.promptstudio.model.ErrorText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.CheckoutConflictException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryState;
import org.eclipse.jgit.merge.ContentMergeStrategy;
import org.eclipse.jgit.revwalk.RevCommit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Branches for experiments: create, switch (never losing uncommitted work), merge. A merge that conflicts leaves
 * git's usual state (conflict markers in the files, both sides in the index, {@code MERGE_HEAD}) and commits
 * nothing; {@link #continueMerge()} commits once every file is resolved, {@link #abortMerge()} goes back.
 */
public final class Branches {

    private static final Logger LOG = LoggerFactory.getLogger(Branches.class);

    private final java.nio.file.Path root;
    private final Supplier<Author> fallback;

    public Branches(java.nio.file.Path root, Supplier<Author> fallback) {
        this.root = root.toAbsolutePath().normalize();
        this.fallback = fallback;
    }

    private GitRepository open() {
        return GitRepository.open(root, fallback);
    }

    /** The current branch. */
    public String current() {
        try (GitRepository git = open()) {
            return git.branch();
        } catch (IOException | RuntimeException e) {
            throw wrap(e, "cannot read the current branch");
        }
    }

    /** Every local branch, sorted. */
    public List<String> list() {
        try (GitRepository git = open()) {
            return names(git);
        } catch (IOException | RuntimeException e) {
            throw wrap(e, "cannot list branches");
        }
    }

    /** Creates branch {@code name} at the current commit (without switching to it); returns that commit's short id. */
    public String create(String name) {
        requireWritable("create the branch " + name + "");
        try (GitRepository git = open()) {
            if (!Repository.isValidRefName(Constants.R_HEADS + name) || name.startsWith("-")) {
                throw new VcsException("'" + name + "' cannot be a branch name: use letters, digits, '-', '_', '.' or '/'");
            }
            if (git.repository().exactRef(Constants.R_HEADS + name) != null) {
                throw new VcsException("branch '" + name + "' already exists");
            }
            RevCommit head = git.head();
            if (head == null) throw new VcsException("nothing is saved yet: save something before branching");
            git.git().branchCreate().setName(name).call();
            return GitRepository.shortId(head);
        } catch (IOException | GitAPIException | RuntimeException e) {
            throw wrap(e, "cannot create branch '" + name + "'");
        }
    }

    /** Switches the working folder to branch {@code name}; refused while tracked files have uncommitted changes. */
    public void switchTo(String name) {
        requireWritable("switch to " + name + "");
        try (GitRepository git = open()) {
            git.requireNoMerge("switch branches");
            requireBranch(git, name);
            if (name.equals(git.branch())) throw new VcsException("already on branch '" + name + "'");
            List<String> dirty = git.uncommittedChanges();
            if (!dirty.isEmpty()) {
                throw new VcsException("cannot switch to '" + name + "': uncommitted changes would be lost: "
                        + String.join(", ", dirty) + "; save them (studio save) or discard them first");
            }
            try {
                git.git().checkout().setName(name).call();
            } catch (CheckoutConflictException e) {
                throw new VcsException("cannot switch to '" + name + "': files not in git would be overwritten: "
                        + String.join(", ", e.getConflictingPaths()) + "; move them away first", e);
            }
            LOG.info("switched to branch {}", name);
        } catch (IOException | GitAPIException | RuntimeException e) {
            throw wrap(e, "cannot switch to '" + name + "'");
        }
    }

    /**
     * Merges branch {@code name} into the current one. Refused while tracked files have uncommitted changes. A
     * merge without conflicts is committed (after the secret scan); with conflicts nothing is committed.
     */
    public MergeOutcome merge(String name) {
        requireWritable("merge " + name + "");
        try (GitRepository git = open()) {
            git.requireNoMerge("start another merge");
            Ref ref = requireBranch(git, name);
            String into = git.branch();
            if (name.equals(into)) throw new VcsException("cannot merge branch '" + name + "' into itself");
            List<String> dirty = git.uncommittedChanges();
            if (!dirty.isEmpty()) {
                throw new VcsException("cannot merge '" + name + "': uncommitted changes: " + String.join(", ", dirty)
                        + "; save them (studio save) or discard them first");
            }
            String message = "Merge branch '" + name + "' into " + into;
            MergeResult result = git.git().merge().include(ref).setCommit(false)
                    .setFastForward(MergeCommand.FastForwardMode.FF)
                    .setContentMergeStrategy(ContentMergeStrategy.CONFLICT)
                    .setMessage(message).call();
            switch (result.getMergeStatus()) {
                case ALREADY_UP_TO_DATE:
                    return new MergeOutcome(MergeOutcome.Status.UP_TO_DATE, name, into, null, List.of());
                case FAST_FORWARD:
                    return new MergeOutcome(MergeOutcome.Status.FAST_FORWARD, name, into,
                            GitRepository.shortId(result.getNewHead()), List.of());
                case MERGED_NOT_COMMITTED: {
                    RevCommit commit = git.commitStaged(message, "the merge is not committed yet: remove the secret, "
                            + "then run 'studio merge --continue' (or 'studio merge --abort')");
                    LOG.info("merged {} into {} ({})", name, into, commit.getName());
                    return new MergeOutcome(MergeOutcome.Status.MERGED, name, into, GitRepository.shortId(commit), List.of());
                }
                case CONFLICTING: {
                    List<String> conflicts = conflicts(git.repository());
                    LOG.info("merge of {} into {} stopped on conflicts in {}", name, into, conflicts);
                    return new MergeOutcome(MergeOutcome.Status.CONFLICTS, name, into, null, conflicts);
                }
                case FAILED: {
                    Map<String, ?> failing = result.getFailingPaths();
                    throw new VcsException("cannot merge '" + name + "': it would overwrite "
                            + (failing == null ? "local files" : String.join(", ", new TreeSet<>(failing.keySet())))
                            + "; save or move them first");
                }
                default:
                    throw new VcsException("cannot merge '" + name + "': " + result.getMergeStatus());
            }
        } catch (IOException | GitAPIException | RuntimeException e) {
            throw wrap(e, "cannot merge '" + name + "'");
        }
    }

    /** The files still in conflict while a merge waits, or an empty list when no merge is in progress. */
    public List<String> conflicts() {
        try (GitRepository git = open()) {
            return conflicts(git.repository());
        } catch (IOException | RuntimeException e) {
            throw wrap(e, "cannot read the merge state");
        }
    }

    /** Whether a merge waits for its conflicts to be resolved (or committed). */
    public boolean mergeInProgress() {
        try (GitRepository git = open()) {
            RepositoryState state = git.repository().getRepositoryState();
            return state == RepositoryState.MERGING || state == RepositoryState.MERGING_RESOLVED;
        } catch (RuntimeException e) {
            throw wrap(e, "cannot read the merge state");
        }
    }

    /**
     * Commits a merge whose conflicts the user resolved by editing the files. Refused, naming them, while any file
     * still holds conflict markers.
     */
    public MergeOutcome continueMerge() {
        requireWritable("continue the merge");
        try (GitRepository git = open()) {
            Repository repo = git.repository();
            RepositoryState state = repo.getRepositoryState();
            if (state != RepositoryState.MERGING && state != RepositoryState.MERGING_RESOLVED) {
                throw new VcsException("no merge is in progress");
            }
            List<String> conflicted = conflicts(repo);
            List<String> unresolved = new ArrayList<>();
            for (String path : conflicted) {
                java.nio.file.Path file = git.file(path);
                if (Files.isRegularFile(file) && hasConflictMarkers(Files.readString(file, StandardCharsets.UTF_8))) {
                    unresolved.add(path);
                }
            }
            if (!unresolved.isEmpty()) {
                throw new VcsException("still in conflict: " + String.join(", ", unresolved) + "; edit each to keep "
                        + "what you want and remove the <<<<<<<, ======= and >>>>>>> lines, then run 'studio merge --continue'");
            }
            for (String path : conflicted) {
                if (Files.exists(git.file(path))) git.git().add().addFilepattern(path).call();
                else git.git().rm().setCached(true).addFilepattern(path).call();
            }
            List<ObjectId> heads = repo.readMergeHeads();
            String message = firstLine(repo.readMergeCommitMsg(), "Merge");
            String into = git.branch();
            RevCommit commit = git.commitStaged(message, "the merge is not committed yet: remove the secret, then run "
                    + "'studio merge --continue' again");
            String from = heads == null || heads.isEmpty() ? "" : branchOf(message);
            return new MergeOutcome(MergeOutcome.Status.MERGED, from, into, GitRepository.shortId(commit), List.of());
        } catch (IOException | GitAPIException | RuntimeException e) {
            throw wrap(e, "cannot finish the merge");
        }
    }

    /** Gives up a merge in progress: the files go back to the last commit (files git does not track are kept). */
    public void abortMerge() {
        requireWritable("abort the merge");
        try (GitRepository git = open()) {
            Repository repo = git.repository();
            RepositoryState state = repo.getRepositoryState();
            if (state != RepositoryState.MERGING && state != RepositoryState.MERGING_RESOLVED) {
                throw new VcsException("no merge is in progress");
            }
            git.git().reset().setMode(ResetCommand.ResetType.HARD).setRef(Constants.HEAD).call();
            repo.writeMergeHeads(null);
            repo.writeMergeCommitMsg(null);
        } catch (IOException | GitAPIException | RuntimeException e) {
            throw wrap(e, "cannot abort the merge");
        }
    }

    static boolean hasConflictMarkers(String text) {
        boolean open = false;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("<<<<<<<")) open = true;
            else if (open && line.startsWith(">>>>>>>")) return true;
        }
        return false;
    }

    private static List<String> conflicts(Repository repo) throws IOException {
        DirCache index = repo.readDirCache();
        TreeSet<String> out = new TreeSet<>();
        for (int i = 0; i < index.getEntryCount(); i++) {
            if (index.getEntry(i).getStage() != org.eclipse.jgit.dircache.DirCacheEntry.STAGE_0) out.add(index.getEntry(i).getPathString());
        }
        return new ArrayList<>(out);
    }

    private static List<String> names(GitRepository git) throws IOException {
        List<String> out = new ArrayList<>();
        for (Ref r : git.repository().getRefDatabase().getRefsByPrefix(Constants.R_HEADS)) {
            out.add(r.getName().substring(Constants.R_HEADS.length()));
        }
        out.sort(null);
        return out;
    }

    private static Ref requireBranch(GitRepository git, String name) throws IOException {
        Ref ref = git.repository().exactRef(Constants.R_HEADS + name);
        if (ref == null) {
            throw new VcsException("no branch '" + name + "' (branches: " + String.join(", ", names(git)) + ")");
        }
        return ref;
    }

    private static String firstLine(String text, String otherwise) {
        if (text == null || text.isBlank()) return otherwise;
        return text.strip().lines().findFirst().orElse(otherwise);
    }

    private static String branchOf(String mergeMessage) {
        int a = mergeMessage.indexOf('\'');
        int b = a < 0 ? -1 : mergeMessage.indexOf('\'', a + 1);
        return b < 0 ? "" : mergeMessage.substring(a + 1, b);
    }

    private VcsException wrap(Exception e, String what) {
        if (e instanceof VcsException v) return v;
        if (e instanceof org.promptstudio.model.StudioException s) return new VcsException(s.getMessage(), s);
        String reason = ErrorText.reason(e);
        return new VcsException(root + ": " + what + ": " + reason, e);
    }

    /** Refuses, before anything is written, a repository that cannot be written, naming the folder (decision 0043). */
    private void requireWritable(String what) {
        String problem = org.promptstudio.model.WriteAccess.problem(root.resolve(".git"), what);
        if (problem != null) throw new VcsException(problem);
    }
}
