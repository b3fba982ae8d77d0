package org.promptstudio.ui.settings;

import org.promptstudio.ui.FxThreadRobot;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.app.StudioSettings;
import org.promptstudio.ui.common.FxTaskRunner;
import org.promptstudio.ui.common.Theme;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The settings page in a real window, headless under Monocle: change a setting with the mouse and keyboard, press
 * save, and find it in the file (studio.yaml for the model, the user's settings.yaml for the author).
 */
class SettingsViewTest extends FxThreadRobot {

    @TempDir
    Path tmp;

    Path ws;
    Path config;
    Studio studio;
    FxTaskRunner runner;
    SettingsViewModel vm;
    String configDirBefore;

    @BeforeEach
    void open() throws Exception {
        configDirBefore = System.getProperty(StudioSettings.CONFIG_DIR_PROPERTY);
        config = tmp.resolve("config");
        System.setProperty(StudioSettings.CONFIG_DIR_PROPERTY, config.toString());
        ws = Studio.initFromSample("support-assistant", tmp.resolve("ws")).root();
        studio = Studio.open(ws);
        runner = new FxTaskRunner(2);
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            javafx.application.Application.setUserAgentStylesheet(
                    new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
            vm = new SettingsViewModel(studio, runner);
            stage.setScene(new Scene((javafx.scene.Parent) new SettingsView(vm).node(), 1260, 780));
            stage.sizeToScene(); // the stage is shared by the tests: one of them makes it narrow
            stage.show();
            vm.onActivate();
        });
        waitUntil(() -> vm.loadedProperty().get() && !vm.models().isEmpty());
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        runner.close();
        studio.close();
        if (configDirBefore == null) {
            System.clearProperty(StudioSettings.CONFIG_DIR_PROPERTY);
        } else {
            System.setProperty(StudioSettings.CONFIG_DIR_PROPERTY, configDirBefore);
        }
    }

    @Test
    void changeAModelsRateLimitAndTheAuthorEmailThenFindThemInTheFiles() throws Exception {
        @SuppressWarnings("unchecked")
        ListView<SettingsViewModel.ModelRow> list = lookup("#modelList").queryAs(ListView.class);
        int gpt = list.getItems().stream().map(SettingsViewModel.ModelRow::id).toList().indexOf("gpt-4o-mini");
        interact(() -> list.scrollTo(gpt));
        // The list makes the cell on the layout pass after the scroll: wait for it, then click it.
        waitUntil(() -> modelCell("gpt-4o-mini").isPresent());
        clickOn(modelCell("gpt-4o-mini").orElseThrow());
        waitUntil(() -> "gpt-4o-mini".equals(vm.selectedModelIdProperty().get()));
        assertThat(lookup("#modelRequestsPerMinute").queryAs(TextField.class).getText()).isEqualTo("500");

        replaceText("#modelRequestsPerMinute", "750");
        clickOn("#saveModel");
        waitUntil(() -> text("#modelMessage").equals("Saved gpt-4o-mini to studio.yaml"));

        scrollToBottom();
        replaceText("#authorName", "Ada Lovelace");
        replaceText("#authorEmail", "ada@example.org");
        clickOn("#saveAuthor");
        waitUntil(() -> text("#authorMessage").startsWith("Saved to "));

        String yaml = Files.readString(ws.resolve("studio.yaml"));
        assertThat(yaml).contains("  - id: gpt-4o-mini\n").contains("    requestsPerMinute: 750\n")
                .contains("# answers recorded for gpt-4o-mini");
        assertThat(Files.readString(config.resolve("settings.yaml")))
                .isEqualTo("author:\n  name: Ada Lovelace\n  email: ada@example.org\n");
        try (Studio again = Studio.open(ws)) {
            assertThat(again.models().model("gpt-4o-mini").orElseThrow().requestsPerMinute()).isEqualTo(750);
        }
    }

    @Test
    void aNegativePriceIsShownInRedAndNotWritten() throws Exception {
        byte[] before = Files.readAllBytes(ws.resolve("studio.yaml"));
        replaceText("#modelInputPrice", "-2");
        replaceText("#modelOutputPrice", "1");
        clickOn("#saveModel");
        waitUntil(() -> text("#modelMessage").startsWith("input price:"));
        assertThat(text("#modelMessage")).isEqualTo("input price: -2 must be 0 or more (USD per million tokens)");
        assertThat(lookup("#modelMessage").queryAs(Label.class).getStyleClass()).contains("danger");
        assertThat(Files.readAllBytes(ws.resolve("studio.yaml"))).isEqualTo(before);
    }

    @Test
    void theThemePillsChangeTheBoundTheme() throws Exception {
        scrollToBottom();
        clickOn("#themeDark");
        waitUntil(() -> vm.themeProperty().get() == Theme.DARK);
        clickOn("#themeLight");
        waitUntil(() -> vm.themeProperty().get() == Theme.LIGHT);
    }

    @Test
    void aStoredKeyLeavesThePasswordFieldEmptyAndShowsOnlyWhereItIsSet() throws Exception {
        String key = SettingsViewModelTest.fakeKey();
        scrollToBottom();
        replaceText("#credentialName", "OPENAI_API_KEY");
        clickOn("#credentialValue").write(key);
        clickOn("#storeCredential");
        waitUntil(() -> text("#credentialMessage").startsWith("Stored OPENAI_API_KEY in "));
        assertThat(lookup("#credentialValue").queryAs(TextField.class).getText()).isEmpty();
        assertThat(vm.credentials()).contains(new SettingsViewModel.CredentialRow("OPENAI_API_KEY",
                "set · from the credentials file"));
        assertThat(lookup(".label").queryAllAs(Label.class)).allSatisfy(l ->
                assertThat(String.valueOf(l.getText())).doesNotContain(key));
    }

    /** The lower sections (keys, author, registries) are below the fold of a laptop-sized window. */
    /**
     * Finding 2 of issue 11: in a 1200×800 window the settings tab is about 930 px wide (1200 less the tree); the
     * form was cut and its fields squeezed. Now the page is never wider than the tab, every field keeps room for its
     * hint, and scrolling down reaches the last button.
     */
    @Test
    void atTheTabWidthOfA1200WindowEveryControlHasRoomAndIsReachable() throws Exception {
        javafx.scene.control.ScrollPane page = lookup("#settingsView").queryAs(javafx.scene.control.ScrollPane.class);
        interact(() -> {
            javafx.stage.Window w = page.getScene().getWindow();
            w.setWidth(930);
            w.setHeight(700);
        });
        waitUntil(() -> lookup("#settingsSectionsColumn").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();

        double viewport = page.getViewportBounds().getWidth();
        assertThat(page.getContent().getLayoutBounds().getWidth()).as("no part of the page beyond the tab's width")
                .isLessThanOrEqualTo(viewport + 1);
        for (String id : new String[] {"#modelId", "#modelName", "#modelBaseUrl", "#modelInputPrice",
                "#modelOutputPrice", "#modelMaxConcurrency", "#modelRequestsPerMinute"}) {
            TextField f = lookup(id).queryAs(TextField.class);
            assertThat(f.getWidth()).as(id + " has room for its hint").isGreaterThanOrEqualTo(200);
            javafx.geometry.Bounds b = f.localToScene(f.getLayoutBounds());
            assertThat(b.getMaxX()).as(id + " inside the window").isLessThanOrEqualTo(page.getScene().getWidth());
        }
        scrollToBottom();
        javafx.scene.Node last = lookup("#saveRegistry").query();
        javafx.geometry.Bounds seen = page.localToScene(page.getLayoutBounds());
        javafx.geometry.Bounds button = last.localToScene(last.getLayoutBounds());
        assertThat(seen.contains(button)).as("the last button is reached by scrolling down").isTrue();
    }

    /** Finding 1 of issue 11: a placeholder is a hint in muted italics, a value is upright; they cannot be confused. */
    @Test
    void placeholdersReadAsHintsAndAnEmptyFieldLooksUnlikeASetOne() throws Exception {
        clickOn("#newModel");
        waitUntil(() -> vm.selectedModelIdProperty().get() == null);
        TextField price = lookup("#modelInputPrice").queryAs(TextField.class);
        assertThat(price.getText()).isEmpty();
        assertThat(price.getPromptText()).isEqualTo("empty: not priced");
        // No placeholder anywhere on the page looks like a value: none is a number, a name, a URL or a key name.
        for (javafx.scene.Node n : lookup(".text-input").queryAll()) {
            String hint = ((javafx.scene.control.TextInputControl) n).getPromptText();
            if (hint == null || hint.isEmpty()) continue;
            assertThat(hint).as(n.getId()).doesNotMatch("^[0-9.]+$").doesNotContain("@").doesNotContain("://")
                    .doesNotContain("_KEY").contains(" ");
            assertThat(n.getStyleClass()).as(n.getId()).contains(org.promptstudio.ui.common.Texts.HINTED);
        }
        javafx.css.PseudoClass empty = javafx.css.PseudoClass.getPseudoClass("empty");
        assertThat(price.getPseudoClassStates()).contains(empty);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(price.getFont().getStyle()).containsIgnoringCase("italic");

        replaceText("#modelInputPrice", "0.15");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(price.getPseudoClassStates()).doesNotContain(empty);
        assertThat(price.getFont().getStyle()).doesNotContainIgnoringCase("italic");
    }

    private void scrollToBottom() {
        interact(() -> lookup("#settingsView").queryAs(javafx.scene.control.ScrollPane.class).setVvalue(1));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void replaceText(String id, String text) {
        javafx.scene.Node node = lookup(id).query();
        TextField field = node instanceof javafx.scene.control.ComboBox<?> combo ? combo.getEditor()
                : (TextField) node;
        clickOn(field);
        interact(field::selectAll);
        push(KeyCode.BACK_SPACE);
        write(text);
    }

    private String text(String id) {
        return String.valueOf(lookup(id).queryAs(Label.class).getText());
    }

    java.util.Optional<javafx.scene.control.ListCell> modelCell(String id) {
        return lookup("#modelList .list-cell").match((javafx.scene.control.ListCell<?> c) ->
                c.getItem() instanceof SettingsViewModel.ModelRow m && m.id().equals(id))
                .tryQueryAs(javafx.scene.control.ListCell.class);
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(FxThreadRobot.PATIENCE_SECONDS, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.call();
        });
    }
}
