package org.promptstudio.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A prompt or partial left mid-merge is refused at its first conflict marker instead of reaching a model. */
class ConflictMarkedTemplatesTest {

    @TempDir
    Path workspace;
    Path prompts;

    @BeforeEach
    void makePromptsFolder() throws IOException {
        prompts = Files.createDirectories(workspace.resolve("prompts"));
    }

    private static String messageOf(Runnable r) {
        try {
            r.run();
        } catch (TemplateException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a TemplateException");
    }

    private void git(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-c", "user.name=T", "-c", "user.email=t@example.com",
                "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(workspace.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void promptLeftMidMergeByGitIsRefusedAtTheFirstMarker() throws Exception {
        Path file = prompts.resolve("answer.prompt");
        Files.writeString(file, "---\nname: answer\n---\nHello {{name}}.\nBe kind.\n");
        git("init", "-q");
        git("add", "-A");
        git("commit", "-q", "-m", "base");
        git("checkout", "-q", "-b", "other");
        Files.writeString(file, "---\nname: answer\n---\nHello {{name}}.\nBe brief.\n");
        git("commit", "-q", "-am", "brief");
        git("checkout", "-q", "main");
        Files.writeString(file, "---\nname: answer\n---\nHello {{name}}.\nBe warm.\n");
        git("commit", "-q", "-am", "warm");
        git("merge", "other"); // conflicts: git writes the markers into the file
        assertThat(Files.readString(file)).contains("<<<<<<< HEAD");

        PromptLibrary lib = new PromptLibrary(prompts);
        assertThat(messageOf(() -> lib.render(lib.require("answer"), RenderData.of(Map.of("name", "Ada")), Map.of())))
                .isEqualTo("prompts/answer.prompt:5:1: unresolved git merge conflict (a line starting with '<<<<<<<'): keep "
                        + "the right lines, delete the markers and save; in a merge, then run 'studio merge --continue' "
                        + "(or 'studio merge --abort')");
    }

    @Test
    void markersInsideTheFrontMatterAreFoundBeforeTheYamlIsRead() throws IOException {
        Files.writeString(prompts.resolve("cfg.prompt"),
                "---\n<<<<<<< HEAD\nmodel: a\n=======\nmodel: b\n>>>>>>> other\n---\nHi\n");
        PromptLibrary lib = new PromptLibrary(prompts);
        assertThat(messageOf(() -> lib.parse(lib.require("cfg")))).startsWith("prompts/cfg.prompt:2:1: unresolved git merge");
    }

    @Test
    void partialLeftMidMergeIsRefusedWithItsOwnFileAndLine() throws IOException {
        Files.writeString(prompts.resolve("_rules.prompt"), "Rule one\n<<<<<<< HEAD\nRule two\n=======\nRule 2\n>>>>>>> b\n");
        Files.writeString(prompts.resolve("main.prompt"), "Rules:\n{{> rules}}\n");
        PromptLibrary lib = new PromptLibrary(prompts);
        assertThat(messageOf(() -> lib.render(lib.require("main"), RenderData.empty(), Map.of())))
                .startsWith("prompts/_rules.prompt:2:1: unresolved git merge conflict");
        assertThat(messageOf(() -> lib.check(lib.parse(lib.require("main")))))
                .startsWith("prompts/_rules.prompt:2:1: unresolved git merge conflict");
    }

    @Test
    void markdownHeadingUnderlineIsNotAConflict() throws IOException {
        Files.writeString(prompts.resolve("md.prompt"), "Title\n=======\nBody\n");
        PromptLibrary lib = new PromptLibrary(prompts);
        assertThat(lib.render(lib.require("md"), RenderData.empty(), Map.of()).messages().get(0).text())
                .isEqualTo("Title\n=======\nBody\n");
    }
}
