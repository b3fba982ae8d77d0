package org.promptstudio.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.model.StudioException;
import org.promptstudio.ui.common.FxTaskRunner;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.ui.shell.OpenProblemViewModel;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A workspace whose studio.yaml is broken opens the window all the same, on the reason (with the place) and the file
 * to mend; saving a good text opens the workspace, and a bad text is never written.
 */
class OpenProblemTest extends FxThreadRobot {

    /** An unclosed flow list: the file ends inside it (line 3, column 1). */
    private static final String BROKEN = "# test workspace\nmodels: [\n";

    @TempDir
    Path root;

    FxTaskRunner runner;
    final List<Studio> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        if (runner != null) runner.close();
        opened.forEach(Studio::close);
    }

    private Throwable brokenOpen() {
        TestWorkspace.create(root);
        try {
            Files.writeString(root.resolve("studio.yaml"), BROKEN);
            Studio.open(root).close();
        } catch (StudioException e) {
            return e;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("a broken studio.yaml opened");
    }

    @Test
    void theViewModelShowsTheFilesLineChecksAsTypedAndSavesOnlyAGoodText() throws Exception {
        Throwable error = brokenOpen();
        List<Studio> got = new ArrayList<>();
        OpenProblemViewModel vm = new OpenProblemViewModel(root, error, TaskRunner.callingThread(), Studio::open,
                got::add);
        vm.onLoad();

        assertThat(vm.configBrokenProperty().get()).isTrue();
        assertThat(vm.reasonProperty().get()).startsWith("studio.yaml:").doesNotContain("Exception");
        assertThat(vm.textProperty().get()).isEqualTo(BROKEN);
        assertThat(vm.textProblemProperty().get()).startsWith("studio.yaml:");
        assertThat(OpenProblemViewModel.place("studio.yaml:3:7: x")).containsExactly(3, 7);
        assertThat(OpenProblemViewModel.place("studio.yaml:12: x")).containsExactly(12, 1);
        assertThat(OpenProblemViewModel.place("studio.yaml: not UTF-8 text")).isNull();

        vm.textProperty().set("# test workspace\nmodels: [\n  bogus: 1\n");
        vm.onSaveAndOpen();
        assertThat(vm.statusProperty().get()).startsWith("Not saved: studio.yaml:");
        assertThat(Files.readString(root.resolve("studio.yaml"))).isEqualTo(BROKEN);
        assertThat(got).isEmpty();

        vm.textProperty().set("# test workspace\n");
        assertThat(vm.textProblemProperty().get()).isEmpty();
        vm.onSaveAndOpen();
        assertThat(Files.readString(root.resolve("studio.yaml"))).isEqualTo("# test workspace\n");
        assertThat(got).hasSize(1);
        opened.addAll(got);
        assertThat(got.get(0).files().root()).isEqualTo(root.toAbsolutePath().normalize());
    }

    @Test
    void theWindowOpensOnTheProblemAndShowsTheShellOnceTheFileIsMended() throws Exception {
        Throwable error = brokenOpen();
        runner = new FxTaskRunner(2);
        FxToolkit.registerPrimaryStage();
        org.promptstudio.ui.common.Theme.LIGHT.apply();
        Stage stage = FxToolkit.setupStage(s -> StudioApp.showOpenProblem(ScreenshotFixture.fresh(s), root, error, runner, studio -> {
            opened.add(studio);
            StudioApp.show(s, studio, runner);
        }));
        waitUntil(() -> lookup("#open-problem-text").tryQueryAs(CodeArea.class)
                .map(a -> a.getText().equals(BROKEN)).orElse(false));
        assertThat(lookup("#open-problem-reason").queryLabeled().getText()).startsWith("studio.yaml:3:1: the file ends inside a list");
        assertThat(lookup("#open-problem-save").query().isDisabled()).isTrue();
        // The caret waits at the place the line names.
        assertThat(lookup("#open-problem-caret").queryLabeled().getText()).isEqualTo("Line 3, column 1");

        CodeArea area = lookup("#open-problem-text").queryAs(CodeArea.class);
        WaitForAsyncUtils.asyncFx(() -> area.replaceText("# mended in the window\n")).get(10, TimeUnit.SECONDS);
        waitUntil(() -> !lookup("#open-problem-save").query().isDisabled());
        clickOn("#open-problem-save");

        waitUntil(() -> lookup("#statusCount").tryQuery().map(l -> !((javafx.scene.control.Labeled) l).getText().isEmpty()).orElse(false));
        assertThat(stage.getTitle()).isEqualTo("Prompt Studio — " + root.getFileName());
        assertThat(Files.readString(root.resolve("studio.yaml"))).isEqualTo("# mended in the window\n");
    }

    private static void waitUntil(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(FxThreadRobot.PATIENCE_SECONDS, TimeUnit.SECONDS, condition);
    }
}
