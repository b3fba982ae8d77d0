package org.promptstudio.vcs;

import org.promptstudio.model.ErrorText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.eclipse.jgit.api.CommitCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryState;
import org.eclipse.jgit.lib.UserConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The git repository of a workspace folder, seen through JGit: opening it, who commits, and the commits this
 * package makes. Every commit goes through the secret scan first.
 */
public final class GitRepository implements AutoCloseable {

    /** Who commits the creation of a workspace when nobody is configured (that commit holds no one's work). */
    static final String DEFAULT_NAME = "Prompt Studio";
    static final String DEFAULT_EMAIL = "studio@localhost";

    /** What a user sees when a save needs an author and none is set anywhere. */
    public static final String NO_IDENTITY = "no author identity: run 'git config --global user.name \"Your Name\"' "
            + "and user.email, or set author in ~/.config/prompt-studio/settings.yaml";

    private final Git git;
    private final Path root;
    private final Supplier<Author> fallback;
    private final CommitGuard guard = new CommitGuard();

    private GitRepository(Git git, Path root, Supplier<Author> fallback) {
        this.git = git;
        this.root = root;
        this.fallback = fallback;
    }

    /** Makes {@code dir} (an existing folder) a new git repository with no commits. */
    public static GitRepository init(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        try {
            return new GitRepository(Git.init().setDirectory(root.toFile()).call(), root, () -> null);
        } catch (GitAPIException | RuntimeException e) {
            throw new VcsException(root + ": cannot create a git repository: " + e.getMessage(), e);
        }
    }

    /** Opens the git repository whose working folder is {@code dir}; commits need a git identity. */
    public static GitRepository open(Path dir) {
        return open(dir, () -> null);
    }

    /**
     * Opens the git repository whose working folder is {@code dir}.
     *
     * @param fallback who commits when git has no {@code user.name} / {@code user.email} (asked only then; it may
     *                 give null)
     */
    public static GitRepository open(Path dir, Supplier<Author> fallback) {
        Path root = dir.toAbsolutePath().normalize();
        try {
            Git git = Git.open(root.toFile());
            if (git.getRepository().isBare()) {
                git.getRepository().close();
                throw new VcsException(root + ": a bare git repository has no working folder; clone it "
                        + "('git clone " + root + "') and open the clone");
            }
            return new GitRepository(git, root, fallback);
        } catch (RepositoryNotFoundException e) {
            throw new VcsException(root + ": not a git repository", e);
        } catch (IOException e) {
            throw new VcsException(root + ": cannot open the git repository: " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    /**
     * Stages every new, changed and deleted file and commits them; returns the commit's short id. Used to create a
     * workspace, so without any identity the commit is by Prompt Studio itself.
     */
    public String commitAll(String message) {
        try {
            git.add().addFilepattern(".").setAll(true).call();
            guard.check(CommitGuard.stagedChanges(repository(), head()), "nothing was committed");
            PersonIdent author = configured(repository().getConfig())
                    .or(() -> Optional.ofNullable(fallback.get()).map(a -> new PersonIdent(a.name(), a.email())))
                    .orElseGet(() -> new PersonIdent(DEFAULT_NAME, DEFAULT_EMAIL));
            RevCommit commit = git.commit().setMessage(message).setAuthor(author).setCommitter(author)
                    .setSign(false).call();
            return shortId(commit);
        } catch (GitAPIException | IOException | RuntimeException e) {
            throw wrap(e, "cannot commit");
        }
    }

    /** Who git is configured as ({@code user.name}, {@code user.email}: repository, then user, then system). */
    static Optional<PersonIdent> configured(Config config) {
        UserConfig user = config.get(UserConfig.KEY);
        if (user.isAuthorNameImplicit() || user.isAuthorEmailImplicit()) return Optional.empty();
        String name = user.getAuthorName();
        String email = user.getAuthorEmail();
        if (name == null || name.isBlank() || email == null || email.isBlank()) return Optional.empty();
        return Optional.of(new PersonIdent(name, email));
    }

    /** The author of a commit made now: git's identity, else the fallback, else a clear refusal. */
    PersonIdent author() {
        return configured(repository().getConfig())
                .or(() -> Optional.ofNullable(fallback.get()).map(a -> new PersonIdent(a.name(), a.email())))
                .orElseThrow(() -> new VcsException(NO_IDENTITY));
    }

    Git git() {
        return git;
    }

    Repository repository() {
        return git.getRepository();
    }

    /** The commit HEAD points at, or null in a repository without commits. */
    RevCommit head() throws IOException {
        ObjectId id = repository().resolve(Constants.HEAD + "^{commit}");
        if (id == null) return null;
        try (RevWalk walk = new RevWalk(repository())) {
            return walk.parseCommit(id);
        }
    }

    /** The current branch's short name, or the commit id when HEAD is detached. */
    String branch() throws IOException {
        return repository().getBranch();
    }

    /** The bytes of {@code path} in {@code tree}, or null when the tree has no such file. */
    byte[] blob(RevTree tree, String path) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(repository(), path, tree)) {
            if (walk == null || (walk.getRawMode(0) & org.eclipse.jgit.lib.FileMode.TYPE_MASK)
                    != org.eclipse.jgit.lib.FileMode.TYPE_FILE) {
                return null;
            }
            return repository().open(walk.getObjectId(0), Constants.OBJ_BLOB).getBytes();
        }
    }

    /** The blob id of {@code path} in {@code tree}, or null. */
    ObjectId blobId(RevTree tree, String path) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(repository(), path, tree)) {
            return walk == null ? null : walk.getObjectId(0);
        }
    }

    /** The id git would give {@code bytes} as a file. */
    static ObjectId idOf(byte[] bytes) {
        try (org.eclipse.jgit.lib.ObjectInserter.Formatter f = new org.eclipse.jgit.lib.ObjectInserter.Formatter()) {
            return f.idFor(Constants.OBJ_BLOB, bytes);
        }
    }

    /** The file in the working folder, or null when it is missing. */
    byte[] workingFile(String path) throws IOException {
        try {
            return Files.readAllBytes(file(path));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    Path file(String path) {
        return root.resolve(path);
    }

    static String shortId(AnyObjectId id) {
        return id.abbreviate(7).name();
    }

    /**
     * Commits {@code paths} as they are in the working folder (a missing one is recorded as deleted), and nothing
     * else: other changes, staged or not, stay as they were.
     */
    RevCommit commitPaths(Collection<String> paths, String message) throws IOException, GitAPIException {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String p : paths) {
            byte[] bytes = workingFile(p);
            if (bytes == null) missing.add(p);
            else contents.put(p, bytes);
        }
        guard.check(contents, "nothing was committed");
        PersonIdent author = author();
        if (!contents.isEmpty()) {
            var add = git.add();
            contents.keySet().forEach(add::addFilepattern);
            add.call();
        }
        if (!missing.isEmpty()) {
            var rm = git.rm().setCached(true);
            missing.forEach(rm::addFilepattern);
            rm.call();
        }
        CommitCommand commit = git.commit().setMessage(message).setAuthor(author).setCommitter(author).setSign(false);
        paths.forEach(commit::setOnly);
        return commit.call();
    }

    /** Commits what the index holds (a merge's result), after the secret scan. */
    RevCommit commitStaged(String message, String afterRefusal) throws IOException, GitAPIException {
        guard.check(CommitGuard.stagedChanges(repository(), head()), afterRefusal);
        PersonIdent author = author();
        return git.commit().setMessage(message).setAuthor(author).setCommitter(author).setSign(false).call();
    }

    /**
     * Refuses, as git does, to make a commit of some paths (a save, restore or rename) or to switch or merge while
     * another git operation is unfinished or the index cannot be written: a merge, rebase, cherry-pick or revert in
     * progress, unmerged files in the index, or {@code index.lock} held by another git process. A bisect does not
     * stop anything (git commits during one). The message is one line naming the repository and what to do.
     *
     * @param action what the user asked for, as a verb phrase ({@code save}, {@code switch branches})
     * @throws VcsException when the state forbids it
     */
    void requireNoMerge(String action) {
        RepositoryState state = repository().getRepositoryState();
        if (state == RepositoryState.MERGING || state == RepositoryState.MERGING_RESOLVED) {
            throw new VcsException("cannot " + action + " while a merge is in progress: resolve the conflicts, then run "
                    + "'studio merge --continue' (or 'studio merge --abort')");
        }
        String operation = switch (state) {
            case REBASING, REBASING_REBASING, REBASING_MERGE, REBASING_INTERACTIVE -> "rebase";
            case APPLY -> "'git am' session";
            case CHERRY_PICKING, CHERRY_PICKING_RESOLVED -> "cherry-pick";
            case REVERTING, REVERTING_RESOLVED -> "revert";
            default -> null;
        };
        if (operation != null) {
            String command = switch (operation) {
                case "rebase" -> "git rebase";
                case "cherry-pick" -> "git cherry-pick";
                case "revert" -> "git revert";
                default -> "git am";
            };
            // git: "cannot do a partial commit during a rebase." / "cannot switch branch while rebasing"
            throw new VcsException(root + ": cannot " + action + " while a " + operation + " is in progress: finish it"
                    + " with '" + command + " --continue' or give it up with '" + command + " --abort' first");
        }
        requireIndexFree(action);
        List<String> unmerged = unmerged();
        if (!unmerged.isEmpty()) {
            // git: "Committing is not possible because you have unmerged files." / "you need to resolve your current index first"
            throw new VcsException(root + ": cannot " + action + ": unmerged files in the index: "
                    + String.join(", ", unmerged) + "; resolve them and mark them with 'git add' first");
        }
    }

    /**
     * Refuses while {@code index.lock} exists: another git process is changing the index (or one crashed), and git
     * itself refuses then ("Unable to create '.../index.lock': File exists").
     */
    void requireIndexFree(String action) {
        java.io.File lock = new java.io.File(repository().getIndexFile().getPath() + ".lock");
        if (lock.exists()) {
            throw new VcsException(root + ": cannot " + action + ": another git process seems to be running in this "
                    + "repository (" + lock + " exists); wait for it, or remove that file if no git process is running");
        }
    }

    /** The paths with an unmerged (conflict) entry in the index, sorted. */
    List<String> unmerged() {
        try {
            var index = repository().readDirCache();
            java.util.TreeSet<String> out = new java.util.TreeSet<>();
            for (int i = 0; i < index.getEntryCount(); i++) {
                if (index.getEntry(i).getStage() != org.eclipse.jgit.dircache.DirCacheEntry.STAGE_0) {
                    out.add(index.getEntry(i).getPathString());
                }
            }
            return new ArrayList<>(out);
        } catch (IOException e) {
            throw wrap(e, "cannot read the index");
        }
    }

    /** Whether HEAD points at a commit directly instead of at a branch. */
    boolean detached() throws IOException {
        org.eclipse.jgit.lib.Ref head = repository().exactRef(Constants.HEAD);
        return head != null && !head.isSymbolic();
    }

    /**
     * Whether this checkout is sparse ({@code git sparse-checkout}): {@code core.sparseCheckout} in the repository's
     * config or in this worktree's {@code config.worktree}, where {@code git sparse-checkout set} writes it.
     */
    boolean sparse() {
        if (repository().getConfig().getBoolean("core", "sparseCheckout", false)) return true;
        java.io.File worktreeConfig = new java.io.File(repository().getDirectory(), "config.worktree");
        if (!worktreeConfig.isFile()) return false;
        var config = new org.eclipse.jgit.storage.file.FileBasedConfig(worktreeConfig, repository().getFS());
        try {
            config.load();
        } catch (IOException | org.eclipse.jgit.errors.ConfigInvalidException e) {
            throw wrap(e, "cannot read " + worktreeConfig);
        }
        return config.getBoolean("core", "sparseCheckout", false);
    }

    /** Whether this is a shallow clone: git lists commits whose parents it does not have ({@code .git/shallow}). */
    boolean shallow() throws IOException {
        return !repository().getObjectDatabase().getShallowCommits().isEmpty();
    }

    /** The commits whose parents this shallow clone lacks; empty in a full clone. */
    java.util.Set<ObjectId> shallowCommits() throws IOException {
        return repository().getObjectDatabase().getShallowCommits();
    }

    /**
     * The id git would give {@code path} if it were added now: the file passed through git's own check-in filters
     * ({@code core.autocrlf}, {@code .gitattributes} {@code text}/{@code eol}/{@code -text}, clean filters), as
     * {@code git status} and {@code git add} see it; null when the file is missing.
     */
    ObjectId workingId(String path) throws IOException {
        byte[] bytes = workingBlob(path);
        return bytes == null ? null : idOf(bytes);
    }

    /**
     * The bytes git would store for {@code path} if it were added now (see {@link #workingId(String)}); null when the
     * file is missing. A folder or a link is not a file here.
     */
    byte[] workingBlob(String path) throws IOException {
        if (!Files.isRegularFile(file(path), java.nio.file.LinkOption.NOFOLLOW_LINKS)) return null;
        try (TreeWalk walk = new TreeWalk(repository())) {
            walk.setOperationType(org.eclipse.jgit.treewalk.TreeWalk.OperationType.CHECKIN_OP);
            walk.setRecursive(true);
            var files = new org.eclipse.jgit.treewalk.FileTreeIterator(repository());
            walk.addTree(files);
            walk.addTree(new org.eclipse.jgit.dircache.DirCacheIterator(repository().readDirCache()));
            // Without this the iterator knows core.autocrlf but not .gitattributes (text, eol, -text, filters).
            files.setDirCacheIterator(walk, 1);
            walk.setFilter(org.eclipse.jgit.treewalk.filter.PathFilter.create(path));
            while (walk.next()) {
                if (!walk.getPathString().equals(path)) continue;
                var it = walk.getTree(0, org.eclipse.jgit.treewalk.WorkingTreeIterator.class);
                if (it == null) return null;
                try (java.io.InputStream in = it.openEntryStream()) {
                    return in.readAllBytes();
                }
            }
            return null;
        }
    }

    /** Tracked files with changes not committed, each with what happened to it ({@code prompts/a.prompt (modified)}). */
    List<String> uncommittedChanges() throws GitAPIException {
        Status status = git.status().call();
        Map<String, String> out = new TreeMap<>();
        status.getAdded().forEach(p -> out.put(p, "added"));
        status.getChanged().forEach(p -> out.put(p, "modified"));
        status.getModified().forEach(p -> out.put(p, "modified"));
        status.getRemoved().forEach(p -> out.put(p, "deleted"));
        status.getMissing().forEach(p -> out.put(p, "deleted"));
        status.getConflicting().forEach(p -> out.put(p, "in conflict"));
        List<String> list = new ArrayList<>();
        out.forEach((p, what) -> list.add(p + " (" + what + ")"));
        return list;
    }

    /** Packs loose objects as {@code git gc} would (what a repository looks like after git's own housekeeping). */
    public void pack() {
        try {
            git.gc().call();
        } catch (GitAPIException | RuntimeException e) {
            throw wrap(e, "cannot pack the repository");
        }
    }

    /** A JGit or I/O failure as our exception, naming the repository and what could not be done. */
    VcsException wrap(Exception e, String what) {
        if (e instanceof VcsException v) return v;
        if (e instanceof org.promptstudio.model.StudioException s) return new VcsException(s.getMessage(), s);
        String reason = ErrorText.reason(e);
        return new VcsException(root + ": " + what + ": " + reason, e);
    }

    @Override
    public void close() {
        git.getRepository().close();
    }
}
