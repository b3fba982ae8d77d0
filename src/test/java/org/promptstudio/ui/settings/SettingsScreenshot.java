package org.promptstudio.ui.settings;

import org.promptstudio.ui.FxThreadRobot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.promptstudio.ui.ScreenshotFixture.snapshot;
import static org.promptstudio.ui.ScreenshotFixture.waitUntil;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;
import org.promptstudio.app.StudioSettings;
import org.promptstudio.app.UserCredentials;
import org.promptstudio.ui.common.FxTaskRunner;
import org.promptstudio.ui.common.Theme;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Writes {@code docs/screenshots/settings.png}: the settings page on a copy of the support-assistant sample, with a
 * local OpenAI-compatible model added and its connection tested against a server on 127.0.0.1, one key stored (shown
 * only as "set"), and an author. Not part of the normal test run (the name does not end in Test); run it on purpose
 * under Xvfb with the real GTK glass:
 * <pre>
 * Xvfb :99 -screen 0 1920x1080x24 &amp;  DISPLAY=:99 mvn -o -B test -Dtest=SettingsScreenshot \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dglass.platform=gtk -Dtestfx.headless=false -Dtestfx.robot=awt \
 *   -Djava.awt.headless=false -Djacoco.skip=true
 * </pre>
 * Properties: {@code studio.screenshot.out} (PNG path), {@code studio.screenshot.size} ({@code 1600x1000}; at most
 * 1280x800 under headless Monocle), {@code studio.screenshot.theme} ({@code light} or {@code dark}).
 */
class SettingsScreenshot extends FxThreadRobot {

    @Test
    void writeSettingsScreenshot(@TempDir Path tmp) throws Exception {
        Path sample = Path.of(System.getProperty("studio.sample.dir", "sample-workspaces"), "support-assistant");
        Path out = Path.of(System.getProperty("studio.screenshot.out", "docs/screenshots/settings.png"));
        String[] size = System.getProperty("studio.screenshot.size", "1600x1000").split("x");
        Theme theme = Theme.named(System.getProperty("studio.screenshot.theme", "light"));
        String configBefore = System.getProperty(StudioSettings.CONFIG_DIR_PROPERTY);
        System.setProperty(StudioSettings.CONFIG_DIR_PROPERTY, tmp.resolve("config").toString());
        HttpServer server = openAiServer();
        Path workspace = org.promptstudio.ui.ScreenshotFixture.copy(sample, tmp.resolve("support-assistant"));
        Studio studio = Studio.open(workspace);
        try (FxTaskRunner runner = new FxTaskRunner(2)) {
            UserCredentials.standard().store("ANTHROPIC_API_KEY", SettingsViewModelTest.fakeKey());
            StudioSettings.storeAuthor("Ada Lovelace", "ada@example.org");
            FxToolkit.registerPrimaryStage();
            SettingsViewModel[] vm = new SettingsViewModel[1];
            Stage stage = FxToolkit.setupStage(s -> {
                theme.apply();
                vm[0] = new SettingsViewModel(studio, runner);
                vm[0].themeProperty().set(theme);
                s.setScene(new Scene((Parent) new SettingsView(vm[0]).node(), Integer.parseInt(size[0]),
                        Integer.parseInt(size[1])));
                s.setTitle("Settings");
                s.show();
                vm[0].onActivate();
            });
            waitUntil(30, () -> vm[0].loadedProperty().get());
            interact(() -> {
                vm[0].onNewModel();
                vm[0].modelIdProperty().set("local-vllm");
                vm[0].modelNameProperty().set("Qwen/Qwen2.5-7B-Instruct");
                vm[0].modelBaseUrlProperty().set("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
                vm[0].inputPriceProperty().set("0");
                vm[0].outputPriceProperty().set("0");
                vm[0].maxConcurrencyProperty().set("4");
                vm[0].requestsPerMinuteProperty().set("120");
                vm[0].onSaveModel();
            });
            waitUntil(30, () -> "local-vllm".equals(vm[0].selectedModelIdProperty().get()));
            interact(vm[0]::onTestConnection);
            waitUntil(30, () -> vm[0].connectionProperty().get().kind() == SettingsViewModel.Feedback.Kind.OK);
            interact(() -> {
                vm[0].registryNameProperty().set("team");
                vm[0].registryUrlProperty().set("git@git.example.org:thermalyn/prompts.git");
                vm[0].onSaveRegistry();
            });
            waitUntil(30, () -> !vm[0].registries().isEmpty());
            snapshot(stage, out, 3);
            FxToolkit.cleanupStages();
        } finally {
            studio.close();
            server.stop(0);
            if (configBefore == null) {
                System.clearProperty(StudioSettings.CONFIG_DIR_PROPERTY);
            } else {
                System.setProperty(StudioSettings.CONFIG_DIR_PROPERTY, configBefore);
            }
        }
        assertThat(out).isNotEmptyFile();
    }

    /** A local server answering chat completions in the OpenAI wire format. */
    private static HttpServer openAiServer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"qwen\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"OK\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        return server;
    }



}
