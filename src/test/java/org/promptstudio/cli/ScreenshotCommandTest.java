package org.promptstudio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code studio screenshot}'s command line part: what it accepts and how it refuses (exit 2, one line). */
class ScreenshotCommandTest {

    @TempDir
    Path root;

    record Ran(int code, String out, String err) {
    }

    Ran run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StudioCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Ran(code, out.toString(), err.toString());
    }

    @Test
    void aBadViewSizeThemeOrVersionsIsBadUsage() {
        Ran view = run("screenshot", "table");
        assertThat(view.code()).isEqualTo(StudioCommand.USAGE_ERROR);
        assertThat(view.err()).startsWith("usage error: unknown view 'table': use one of editor, history, diff, "
                + "settings, compare, runs, playground, launch, grid, labelling, documents, dashboards\n");
        assertThat(run("screenshot", "grid").err()).startsWith("usage error: the grid view shows a recorded run: give"
                + " --run N (the run's number in 'studio runs')\n");
        assertThat(run("screenshot", "compare", "--run", "3").err()).startsWith("usage error: --run is for the grid view");
        assertThat(run("screenshot", "grid", "--run", "0").code()).isEqualTo(StudioCommand.USAGE_ERROR);
        assertThat(run("screenshot", "editor", "--size", "12").err())
                .startsWith("usage error: --size is WIDTHxHEIGHT in pixels");
        assertThat(run("screenshot", "editor", "--size", "12").code()).isEqualTo(StudioCommand.USAGE_ERROR);
        assertThat(run("screenshot", "editor", "--theme", "blue").code()).isEqualTo(StudioCommand.USAGE_ERROR);
        Ran versions = run("screenshot", "diff", "--versions", "1");
        assertThat(versions.code()).isEqualTo(StudioCommand.USAGE_ERROR);
        assertThat(versions.err()).startsWith("usage error: --versions takes two versions (A,B) for the diff or dashboards view, or a list for compare");
        assertThat(run("screenshot", "diff", "--models", "echo").err())
                .startsWith("usage error: --models is for the compare, playground and dashboards views");
        assertThat(run("screenshot", "dashboards", "--versions", "1,2").err())
                .startsWith("usage error: --versions for the dashboards' A/B table are versions of a prompt: give"
                        + " --prompt P too");
        assertThat(run("screenshot", "playground", "--dataset", "tickets").err())
                .startsWith("usage error: --dataset is for the compare view");
    }

    @Test
    void aGoodRequestNamesTheWorkspaceAndEveryChoice() throws Exception {
        Files.writeString(root.resolve("studio.yaml"), "# test\n");
        Files.createDirectories(root.resolve("prompts"));
        Files.writeString(root.resolve("prompts/answer.prompt"), "Answer.\n"); // --prompt is checked up front

        ScreenshotCommand.Outcome o = ScreenshotCommand.prepare(new String[] {"DIFF", "--workspace", root.toString(),
            "--prompt", "answer", "--versions", "1,prod", "--size", "1280x800", "--theme", "dark",
            "--out", root.resolve("d.png").toString()});

        assertThat(o).isEqualTo(new ScreenshotCommand.Outcome(root.toAbsolutePath().normalize(), "diff", "answer",
                List.of("1", "prod"), root.resolve("d.png").toAbsolutePath().normalize(), 1280, 800, "dark", 0));
    }

    @Test
    void aCompareRequestNamesItsModelsDatasetAndLimit() throws Exception {
        Files.writeString(root.resolve("studio.yaml"), "# test\n");
        // --prompt and --dataset are checked up front
        Files.createDirectories(root.resolve("prompts"));
        Files.writeString(root.resolve("prompts/answer.prompt"), "Answer {{question}}\n");
        Files.createDirectories(root.resolve("datasets"));
        Files.writeString(root.resolve("datasets/support-questions.jsonl"), "{\"question\": \"Where?\"}\n");

        ScreenshotCommand.Outcome o = ScreenshotCommand.prepare(new String[] {"compare", "-w", root.toString(),
            "--prompt", "answer", "--versions", "production,working", "--models", "echo, extractive",
            "--dataset", "support-questions", "--limit", "5"});

        assertThat(o.view()).isEqualTo("compare");
        assertThat(o.versions()).containsExactly("production", "working");
        assertThat(o.models()).containsExactly("echo", "extractive");
        assertThat(o.dataset()).isEqualTo("support-questions");
        assertThat(o.limit()).isEqualTo(5);
    }

    @Test
    void aDashboardsRequestNamesTheTwoSidesOfItsAbTable() throws Exception {
        Files.writeString(root.resolve("studio.yaml"), "# test\n");
        Files.createDirectories(root.resolve("prompts"));
        Files.writeString(root.resolve("prompts/answer.prompt"), "Answer {{question}}\n");

        ScreenshotCommand.Outcome models = ScreenshotCommand.prepare(new String[] {"dashboards", "-w", root.toString(),
            "--models", "echo,extractive"});
        assertThat(models.view()).isEqualTo("dashboards");
        assertThat(models.models()).containsExactly("echo", "extractive");
        // every chart and the A/B table in sight when no --size is given
        assertThat(List.of(models.width(), models.height())).containsExactly(1600, 1800);
        ScreenshotCommand.Outcome versions = ScreenshotCommand.prepare(new String[] {"dashboards", "-w",
            root.toString(), "--prompt", "answer", "--versions", "1,2"});
        assertThat(versions.prompt()).isEqualTo("answer");
        assertThat(versions.versions()).containsExactly("1", "2");
        assertThat(run("-w", root.toString(), "screenshot", "dashboards", "--models", "echo").err())
                .startsWith("usage error: the dashboards' A/B table compares two models (--models A,B) or two"
                        + " versions (--prompt P --versions A,B), not 1 model");
    }

    @Test
    void aGridRequestCarriesItsRunAsTheOneVersion() throws Exception {
        Files.writeString(root.resolve("studio.yaml"), "# test\n");

        ScreenshotCommand.Outcome o = ScreenshotCommand.prepare(new String[] {"grid", "-w", root.toString(),
            "--run", "3", "--out", root.resolve("g.png").toString()});

        assertThat(o.view()).isEqualTo("grid");
        assertThat(o.versions()).containsExactly("3");
        assertThat(o.exitCode()).isZero();
    }

    @Test
    void anUnknownRunIsOneLineBeforeAnyWindowWork() {
        java.nio.file.Path ws = root.resolve("ws");
        assertThat(run("init", ws.toString()).code()).isZero();
        assertThat(run("-w", ws.toString(), "runs").code()).isZero(); // the workspace's database exists, with no run

        // prepare() alone parses and checks: no JavaFX is started here, so the answer cannot wait for a window
        Ran grid = run("-w", ws.toString(), "screenshot", "grid", "--run", "999", "--out", ws.resolve("g.png").toString());

        assertThat(grid.code()).isEqualTo(StudioCommand.USER_ERROR);
        assertThat(grid.err().strip()).isEqualTo("error: no run 999 (see 'studio runs')");
        assertThat(ws.resolve("g.png")).doesNotExist();
    }

    @Test
    void anUnknownPromptModelOrDatasetIsOneLineBeforeAnyWindowWork() throws Exception {
        java.nio.file.Path ws = root.resolve("ws");
        assertThat(run("init", ws.toString()).code()).isZero();
        Files.writeString(ws.resolve("prompts/answer.prompt"), "---\nmodel: echo\n---\nAnswer {{question}}\n");
        Files.writeString(ws.resolve("datasets/faq.jsonl"), "{\"question\": \"Where?\"}\n");
        String out = ws.resolve("s.png").toString();

        // prepare() alone parses and checks: no JavaFX is started here, so the answer cannot wait for a window
        Ran prompt = run("-w", ws.toString(), "screenshot", "compare", "--prompt", "nope", "--out", out);
        Ran playground = run("-w", ws.toString(), "screenshot", "playground", "--prompt", "nope", "--out", out);
        Ran model = run("-w", ws.toString(), "screenshot", "compare", "--prompt", "answer", "--models", "echo,gtp",
                "--out", out);
        Ran playgroundModel = run("-w", ws.toString(), "screenshot", "playground", "--models", "gtp", "--out", out);
        Ran dataset = run("-w", ws.toString(), "screenshot", "compare", "--prompt", "answer", "--dataset", "faqs",
                "--out", out);

        for (Ran r : List.of(prompt, playground)) {
            assertThat(r.code()).isEqualTo(StudioCommand.USER_ERROR);
            assertThat(r.err().strip()).startsWith("error: --prompt: no prompt 'nope' (prompts: ").contains("answer")
                    .doesNotContain("\n").doesNotContain("Exception");
        }
        for (Ran r : List.of(model, playgroundModel)) {
            assertThat(r.code()).isEqualTo(StudioCommand.USER_ERROR);
            assertThat(r.err().strip()).startsWith("error: --models: no model 'gtp' in studio.yaml or built in (known: ")
                    .contains("echo").doesNotContain("\n");
        }
        assertThat(dataset.code()).isEqualTo(StudioCommand.USER_ERROR);
        assertThat(dataset.err().strip()).isEqualTo("error: --dataset: no dataset 'faqs' in datasets/ (known: faq)");
        assertThat(ws.resolve("s.png")).doesNotExist();

        ScreenshotCommand.Outcome known = ScreenshotCommand.prepare(new String[] {"compare", "-w", ws.toString(),
                "--prompt", "answer", "--models", "echo", "--dataset", "faq", "--out", out});
        assertThat(known.exitCode()).isZero();
        assertThat(known.models()).containsExactly("echo");

        // launch's --prompt names an experiment, not a prompt: a known one passes, an unknown one is named as such
        Files.writeString(ws.resolve("experiments/smoke.yaml"), "prompt: answer\ndataset: faq\nmodels: [echo]\n");
        ScreenshotCommand.Outcome launch = ScreenshotCommand.prepare(new String[] {"launch", "-w", ws.toString(),
                "--prompt", "smoke", "--out", out});
        assertThat(launch.exitCode()).isZero();
        assertThat(launch.prompt()).isEqualTo("smoke");
        Ran noExperiment = run("-w", ws.toString(), "screenshot", "launch", "--prompt", "answer", "--out", out);
        assertThat(noExperiment.code()).isEqualTo(StudioCommand.USER_ERROR);
        assertThat(noExperiment.err().strip())
                .isEqualTo("error: --prompt: no experiment 'answer' in experiments/ (known: smoke)");
        // views that show no prompt ignore --prompt, as they always did
        assertThat(ScreenshotCommand.prepare(new String[] {"runs", "-w", ws.toString(), "--prompt", "nope", "--out",
                out}).exitCode()).isZero();
    }

    @Test
    void theDefaultsAreTheEditorPictureAtSixteenHundredByAThousand() throws Exception {
        Files.writeString(root.resolve("studio.yaml"), "# test\n");

        ScreenshotCommand.Outcome o = ScreenshotCommand.prepare(new String[] {"editor", "-w", root.toString()});

        assertThat(o.width()).isEqualTo(1600);
        assertThat(o.height()).isEqualTo(1000);
        assertThat(o.theme()).isEqualTo("light");
        assertThat(o.prompt()).isEmpty();
        assertThat(o.out()).isEqualTo(Path.of("editor.png").toAbsolutePath().normalize());
    }

    @Test
    void anErrorAboutTheTemporaryCopyNamesTheUsersWorkspace() throws Exception {
        // Main takes the picture of a copy in a temporary folder; the error line must name the user's files
        Path user = java.nio.file.Files.createDirectories(root.resolve("my-ws"));
        Path scratch = java.nio.file.Files.createDirectories(root.resolve("tmp/studio-screenshot123"));
        Path copy = java.nio.file.Files.createDirectories(scratch.resolve("my-ws"));
        String message = "cannot open the workspace " + copy + ": " + copy.resolve("prompts/x.prompt") + ":3:1: unclosed {{#if}}";

        assertThat(ScreenshotCommand.userPaths(message, copy, user)).isEqualTo("cannot open the workspace " + user + ": "
                + user.resolve("prompts/x.prompt") + ":3:1: unclosed {{#if}}");
        // the copy reached through a symbolic link (macOS's /var is /private/var) is mapped by its real path too
        Path link = root.resolve("link");
        java.nio.file.Files.createSymbolicLink(link, scratch);
        Path linked = link.resolve("my-ws");
        assertThat(ScreenshotCommand.userPaths("bad: " + copy.toRealPath().resolve("studio.yaml") + ":2:1", linked, user))
                .isEqualTo("bad: " + user.resolve("studio.yaml") + ":2:1");
        assertThat(ScreenshotCommand.userPaths("prompts/x.prompt:3:1: unclosed {{#if}}", copy, user))
                .as("a path relative to the workspace is right as it is").isEqualTo("prompts/x.prompt:3:1: unclosed {{#if}}");
    }
}
