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

    /**
     * Switches the working folder to branch {@code name}. Refused, as {@code git switch} refuses, while tracked files
     * have uncommitted changes, while another git operation is unfinished, when the branch is checked out in another
     * worktree of the repository, and in a sparse checkout (which this switch would fill in).
     *
     * @return what git would warn about, one line each: commits left behind by leaving a detached HEAD; often none
     * @throws VcsException naming the reason when the switch is refused; nothing is changed then
     */
    public List<String> switchTo(String name) {
        requireWritable("switch to " + name + "");
        try (GitRepository git = open()) {
            git.requireNoMerge("switch branches");
            requireBranch(git, name);
            if (name.equals(git.branch())) throw new VcsException("already on branch '" + name + "'");
            java.nio.file.Path elsewhere = checkedOutElsewhere(git, name);
            if (elsewhere != null) {
                // git: "fatal: 'master' is already checked out at '/path'"
                throw new VcsException("cannot switch to '" + name + "': it is already checked out at '" + elsewhere
                        + "' (another worktree of this repository); work on it there, or switch that worktree away first");
            }
            requireFullCheckout(git, "switch branches");
            List<String> warnings = leftBehind(git);
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
            return warnings;
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
            requireFullCheckout(git, "merge");
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

    /**
     * The folder of another worktree of this repository (main or linked, {@code git worktree add}) that has branch
     * {@code name} checked out, or null. Read from git's own files: the main worktree's {@code HEAD} and each
     * {@code worktrees/ID/HEAD} in the common git folder.
     */
    static java.nio.file.Path checkedOutElsewhere(GitRepository git, String name) throws IOException {
        Repository repo = git.repository();
        java.nio.file.Path self = repo.getDirectory().toPath().toAbsolutePath().normalize();
        java.nio.file.Path common = repo.getCommonDirectory().toPath().toAbsolutePath().normalize();
        String wanted = "ref: " + Constants.R_HEADS + name;
        if (!common.equals(self) && wanted.equals(firstLineOf(common.resolve(Constants.HEAD)))) {
            java.io.File main = mainWorktree(repo, common);
            if (main != null) return main.toPath();
        }
        java.nio.file.Path worktrees = common.resolve("worktrees");
        if (!Files.isDirectory(worktrees)) return null;
        try (var entries = Files.list(worktrees)) {
            for (java.nio.file.Path dir : entries.sorted().toList()) {
                if (dir.toAbsolutePath().normalize().equals(self)) continue;
                if (!wanted.equals(firstLineOf(dir.resolve(Constants.HEAD)))) continue;
                String gitdir = firstLineOf(dir.resolve("gitdir")); // the worktree's .git file
                return gitdir == null ? dir : java.nio.file.Path.of(gitdir).getParent();
            }
        }
        return null;
    }

    /** The main worktree's folder: core.worktree of the common git folder, else the folder holding it. */
    private static java.io.File mainWorktree(Repository repo, java.nio.file.Path common) {
        if (repo.getConfig().getBoolean("core", "bare", false)) return null;
        String configured = repo.getConfig().getString("core", null, "worktree");
        if (configured != null) return common.resolve(configured).normalize().toFile();
        return common.getParent().toFile();
    }

    private static String firstLineOf(java.nio.file.Path file) throws IOException {
        if (!Files.isRegularFile(file)) return null;
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return text.lines().findFirst().map(String::strip).orElse(null);
    }

    /**
     * Refuses in a sparse checkout ({@code core.sparseCheckout}): the checkout this package uses would write every
     * file, filling in what the user left out. {@code git switch} keeps it sparse.
     */
    private static void requireFullCheckout(GitRepository git, String action) {
        if (git.sparse()) {
            throw new VcsException(git.root() + ": cannot " + action + " here: this is a sparse checkout "
                    + "(git sparse-checkout), which the studio would fill in; use 'git switch' or 'git merge' instead");
        }
    }

    /**
     * git's warning on leaving a detached HEAD: the commits reachable from it and from no branch, tag or remote
     * branch ("Warning: you are leaving 1 commit behind, not connected to any of your branches").
     */
    private static List<String> leftBehind(GitRepository git) throws IOException {
        if (!git.detached()) return List.of();
        RevCommit head = git.head();
        if (head == null) return List.of();
        Repository repo = git.repository();
        List<String> lost = new ArrayList<>();
        try (org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(repo)) {
            walk.markStart(walk.parseCommit(head));
            for (Ref r : repo.getRefDatabase().getRefs()) {
                if (r.getName().equals(Constants.HEAD)) continue;
                ObjectId id = r.getPeeledObjectId() != null ? r.getPeeledObjectId() : r.getObjectId();
                if (id == null) continue;
                org.eclipse.jgit.revwalk.RevObject o = walk.parseAny(id);
                while (o instanceof org.eclipse.jgit.revwalk.RevTag t) o = walk.peel(t);
                if (o instanceof RevCommit c) walk.markUninteresting(c);
            }
            for (RevCommit c : walk) lost.add(GitRepository.shortId(c));
        }
        if (lost.isEmpty()) return List.of();
        return List.of("you are leaving " + lost.size() + (lost.size() == 1 ? " commit" : " commits") + " behind, not "
                + "connected to any branch (" + String.join(", ", lost.subList(0, Math.min(4, lost.size())))
                + (lost.size() > 4 ? ", ..." : "") + "); keep them with 'git branch NAME " + lost.get(0) + "'");
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
