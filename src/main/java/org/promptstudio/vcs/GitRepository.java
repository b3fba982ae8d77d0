package org.promptstudio.vcs;

import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The git repository of a workspace folder, seen through JGit. Saving is a commit of everything the folder holds
 * (what {@code .gitignore} leaves out stays out).
 */
public final class GitRepository implements AutoCloseable {

    /** Who commits when git has no {@code user.name} / {@code user.email} configured. */
    static final String DEFAULT_NAME = "Prompt Studio";
    static final String DEFAULT_EMAIL = "studio@localhost";

    private final Git git;
    private final Path root;

    private GitRepository(Git git, Path root) {
        this.git = git;
        this.root = root;
    }

    /** Makes {@code dir} (an existing folder) a new git repository with no commits. */
    public static GitRepository init(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        try {
            return new GitRepository(Git.init().setDirectory(root.toFile()).call(), root);
        } catch (GitAPIException | RuntimeException e) {
            throw new VcsException(root + ": cannot create a git repository: " + e.getMessage(), e);
        }
    }

    /** Opens the git repository whose working folder is {@code dir}. */
    public static GitRepository open(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        try {
            return new GitRepository(Git.open(root.toFile()), root);
        } catch (RepositoryNotFoundException e) {
            throw new VcsException(root + ": not a git repository", e);
        } catch (IOException e) {
            throw new VcsException(root + ": cannot open the git repository: " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    /** Stages every new, changed and deleted file and commits them; returns the commit's short id. */
    public String commitAll(String message) {
        try {
            git.add().addFilepattern(".").setAll(true).call();
            PersonIdent author = author(git.getRepository().getConfig());
            RevCommit commit = git.commit().setMessage(message).setAuthor(author).setCommitter(author).call();
            try (ObjectReader reader = git.getRepository().newObjectReader()) {
                return reader.abbreviate(commit.getId(), 7).name();
            }
        } catch (GitAPIException | IOException | RuntimeException e) {
            throw new VcsException(root + ": cannot commit: " + e.getMessage(), e);
        }
    }

    /** Who git is configured as ({@code user.name}, {@code user.email}), else Prompt Studio's own identity. */
    static PersonIdent author(Config config) {
        String name = config.getString("user", null, "name");
        String email = config.getString("user", null, "email");
        if (name == null || name.isBlank() || email == null || email.isBlank()) {
            return new PersonIdent(DEFAULT_NAME, DEFAULT_EMAIL);
        }
        return new PersonIdent(name, email);
    }

    @Override
    public void close() {
        git.getRepository().close();
    }
}
