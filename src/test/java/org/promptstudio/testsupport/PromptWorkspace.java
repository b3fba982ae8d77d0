package org.promptstudio.testsupport;

import static org.promptstudio.testsupport.GitCli.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A workspace folder that is a git repository, with prompts written and saved (committed) by the test. */
public final class PromptWorkspace {

    private final Path root;

    private PromptWorkspace(Path root) {
        this.root = root;
    }

    /**
     * A new workspace in {@code root} whose {@code studio.yaml} lists the registry {@code team} at {@code registryUrl}
     * (none when null), committed by {@code author} ({@code Ada Lovelace}).
     */
    public static PromptWorkspace create(Path root, String registryUrl, String author) {
        PromptWorkspace ws = new PromptWorkspace(root);
        String yaml = "name: " + root.getFileName() + "\n"
                + (registryUrl == null ? "" : "registries:\n  - name: team\n    url: " + registryUrl + "\n");
        ws.write("studio.yaml", yaml).write(".gitignore", ".studio/\n");
        git(root, "init", "-q", "--initial-branch=main");
        git(root, "config", "user.name", author);
        git(root, "config", "user.email", author.toLowerCase().replace(' ', '.') + "@example.org");
        ws.save("Create workspace");
        return ws;
    }

    /** A clone of {@code other} in {@code root}, committing as {@code author}. */
    public static PromptWorkspace cloneOf(PromptWorkspace other, Path root, String author) {
        git(other.root.getParent(), "clone", "-q", other.root.toString(), root.toString());
        git(root, "config", "user.name", author);
        git(root, "config", "user.email", author.toLowerCase().replace(' ', '.') + "@example.org");
        return new PromptWorkspace(root);
    }

    public Path root() {
        return root;
    }

    public PromptWorkspace write(String path, String text) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String read(String path) {
        try {
            return Files.readString(root.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits everything ({@code git add -A}) and returns the full commit id. */
    public String save(String message) {
        git(root, "add", "-A");
        git(root, "commit", "-q", "-m", message);
        return git(root, "rev-parse", "HEAD").strip();
    }

    public GitCliVersions versions() {
        return new GitCliVersions(root);
    }
}
