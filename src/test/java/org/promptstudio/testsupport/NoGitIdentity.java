package org.promptstudio.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * While open, JGit sees no user or system git configuration and no {@code GIT_*} variables, as on a machine where
 * git was never set up. The real {@code git} command (GitCli) is not affected.
 */
public final class NoGitIdentity implements AutoCloseable {

    private final SystemReader previous;
    private final Path empty;

    private NoGitIdentity() throws IOException {
        previous = SystemReader.getInstance();
        empty = Files.createTempDirectory("no-git-identity");
        File missing = empty.resolve("gitconfig").toFile();
        SystemReader.setInstance(new SystemReader.Delegate(previous) {
            @Override
            public FileBasedConfig openUserConfig(Config parent, FS fs) {
                return new FileBasedConfig(parent, missing, fs);
            }

            @Override
            public FileBasedConfig openSystemConfig(Config parent, FS fs) {
                return new FileBasedConfig(parent, missing, fs);
            }

            @Override
            public String getenv(String name) {
                return name.startsWith("GIT_") ? null : super.getenv(name);
            }
        });
    }

    public static NoGitIdentity install() {
        try {
            return new NoGitIdentity();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        SystemReader.setInstance(previous);
        try {
            Files.deleteIfExists(empty);
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
