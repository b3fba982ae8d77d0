package org.promptstudio.registry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.api.CommitCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.StatusCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * What a pull needs of the workspace's own repository: who the user is, which of some files have uncommitted
 * changes, and a commit of just those files (other work in progress stays out of it). Until {@code vcs} offers
 * these, they live here.
 */
public final class WorkspaceGit implements AutoCloseable {

    private final Git git;
    private final Path root;

    private WorkspaceGit(Git git, Path root) {
        this.git = git;
        this.root = root;
    }

    /** Opens the git repository whose working folder is {@code root}. */
    public static WorkspaceGit open(Path root) {
        Path dir = root.toAbsolutePath().normalize();
        try {
            return new WorkspaceGit(Git.open(dir.toFile()), dir);
        } catch (RepositoryNotFoundException e) {
            throw new RegistryException(dir + ": not a git repository (a workspace must be one to pull into it)", e);
        } catch (IOException e) {
            throw new RegistryException(dir + ": cannot open the git repository: " + e.getMessage(), e);
        }
    }

    /** The configured {@code user.name} and {@code user.email}, else Prompt Studio's own identity. */
    public GitIdentity identity() {
        return identity(git.getRepository().getConfig());
    }

    static GitIdentity identity(Config config) {
        String name = config.getString("user", null, "name");
        String email = config.getString("user", null, "email");
        if (name == null || name.isBlank() || email == null || email.isBlank()) return GitIdentity.STUDIO;
        return new GitIdentity(name, email);
    }

    /** Those of {@code paths} (relative, with '/') that differ from the last commit: changed, new, or deleted. */
    public List<String> uncommitted(Collection<String> paths) {
        try {
            StatusCommand command = git.status();
            paths.forEach(command::addPath);
            Status status = command.call();
            Set<String> dirty = new HashSet<>(status.getUncommittedChanges());
            dirty.addAll(status.getUntracked());
            List<String> out = new ArrayList<>();
            for (String p : paths) {
                if (dirty.contains(p)) out.add(p);
            }
            return out;
        } catch (GitAPIException | RuntimeException e) {
            throw new RegistryException(root + ": cannot read the git status: " + e.getMessage(), e);
        }
    }

    /** Commits only {@code paths} (new or changed files) as {@code author}; returns the commit id. */
    public String commit(Collection<String> paths, String message, GitIdentity author) {
        try {
            var add = git.add();
            paths.forEach(add::addFilepattern);
            add.call();
            PersonIdent who = new PersonIdent(author.name(), author.email());
            CommitCommand commit = git.commit().setMessage(message).setAuthor(who).setCommitter(who);
            paths.forEach(commit::setOnly);
            RevCommit done = commit.call();
            return done.getId().name();
        } catch (GitAPIException | RuntimeException e) {
            throw new RegistryException(root + ": cannot commit " + String.join(", ", paths) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        git.getRepository().close();
    }
}
