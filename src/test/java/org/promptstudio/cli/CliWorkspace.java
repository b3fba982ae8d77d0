package org.promptstudio.cli;

import static org.promptstudio.cli.CliRun.studio;
import static org.promptstudio.testsupport.GitCli.lines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.promptstudio.testsupport.GitCli;

/** A workspace made by {@code studio init}, with a git identity of its own, for the version commands' tests. */
record CliWorkspace(Path dir) {

    static CliWorkspace create(Path parent) {
        Path dir = parent.resolve("ws");
        CliRun init = studio("init", dir.toString(), "--name", "Test");
        if (init.exitCode() != 0) throw new AssertionError(init.err());
        GitCli.git(dir, "config", "user.name", "Ada Lovelace");
        GitCli.git(dir, "config", "user.email", "ada@example.org");
        return new CliWorkspace(dir);
    }

    /** Runs {@code studio -w DIR args...}. */
    CliRun run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-w";
        all[1] = dir.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return studio(all);
    }

    /** Runs and expects exit 0. */
    CliRun ok(String... args) {
        CliRun r = run(args);
        if (r.exitCode() != 0) throw new AssertionError("exit " + r.exitCode() + ": " + r.err());
        return r;
    }

    CliWorkspace write(String path, String text) {
        try {
            Files.createDirectories(dir.resolve(path).getParent());
            Files.writeString(dir.resolve(path), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    String read(String path) {
        try {
            return Files.readString(dir.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the prompt and saves it. */
    CliRun save(String prompt, String text, String message) {
        write("prompts/" + prompt + ".prompt", text);
        return ok("save", prompt, "-m", message);
    }

    String git(String... args) {
        return GitCli.git(dir, args);
    }

    int commits() {
        return lines(git("rev-list", "--all")).size();
    }

    String head() {
        return git("rev-parse", "--short=7", "HEAD").strip();
    }
}
