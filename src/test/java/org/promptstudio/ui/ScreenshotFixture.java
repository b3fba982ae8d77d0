package org.promptstudio.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.promptstudio.ui.common.Fx;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What the screenshot tools under src/test share: waiting for frames to be drawn (a latch on
 * {@link Fx#afterFrames}, no sleeping), writing the stage's scene as a PNG, waiting for a condition (the window tests
 * use that too), and copying a sample workspace into a temporary folder.
 */
public final class ScreenshotFixture {

    private ScreenshotFixture() {
    }

    /** Returns once {@code frames} more frames were drawn and the FX events queued meanwhile have run. */
    public static void afterFrames(int frames) throws Exception {
        CountDownLatch drawn = new CountDownLatch(1);
        Fx.afterFrames(frames, drawn::countDown);
        assertThat(drawn.await(FxThreadRobot.PATIENCE_SECONDS, TimeUnit.SECONDS)).as("frames drawn").isTrue();
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * Lets layout and CSS settle ({@code frames} more frames: lists and the code area lay out their rows lazily),
     * then writes {@code stage}'s scene to {@code file} as a PNG, creating its folder.
     */
    public static void snapshot(Stage stage, Path file, int frames) throws Exception {
        afterFrames(frames);
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get(FxThreadRobot.PATIENCE_SECONDS, TimeUnit.SECONDS);
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
    }

    /** Waits up to {@code seconds} for {@code condition}, checked on the test thread after the FX events ran. */
    public static void waitUntil(int seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return condition.call();
        });
    }

    /**
     * Waits up to {@code seconds} for {@code condition} as {@link #waitUntil(int, Callable)} does; when it never holds,
     * fails the test with {@code state} (what the view says) in the message.
     */
    public static void waitUntil(int seconds, Callable<Boolean> condition, Supplier<String> state) {
        try {
            waitUntil(seconds, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out; " + state.get(), e);
        } catch (Exception e) {
            throw new AssertionError("the condition failed; " + state.get(), e);
        }
    }

    /**
     * Shows {@code content} (built on the FX thread) in the primary stage, {@code width} x {@code height} pixels, under
     * AtlantaFX's Primer Light, as the window tests do; then runs {@code shown} on the FX thread.
     */
    public static void show(Supplier<Node> content, double width, double height, Runnable shown)
            throws TimeoutException {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            stage.setScene(new Scene((Parent) content.get(), width, height));
            stage.sizeToScene(); // an earlier test's explicit window size would otherwise stay
            stage.show();
            shown.run();
        });
    }

    /** The non-empty texts of the visible labelled controls in {@code node} and below it, in scene-graph order. */
    public static java.util.List<String> visibleTexts(Node node) {
        java.util.List<String> out = new java.util.ArrayList<>();
        collectTexts(node, out);
        return out.stream().filter(t -> t != null && !t.isEmpty()).toList();
    }

    private static void collectTexts(Node node, java.util.List<String> out) {
        if (!node.isVisible()) return;
        if (node instanceof javafx.scene.control.Labeled l) out.add(l.getText());
        if (node instanceof Parent p) p.getChildrenUnmodifiable().forEach(c -> collectTexts(c, out));
    }

    /** Copies the folder {@code from} with everything below it to {@code to}; returns {@code to}. */
    public static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return to;
    }

    /**
     * {@code stage} without the scene an earlier test left on it (TestFX reuses one primary stage): the window a test
     * shows next gets its own size, not the last test's smaller one (which put buttons out of the robot's reach).
     */
    public static javafx.stage.Stage fresh(javafx.stage.Stage stage) {
        stage.setScene(null);
        // A test that set the window's width or height (a small-window test) made them explicit, and an explicit size
        // outlives a new scene: the window is sized to the next scene once it is set.
        javafx.beans.value.ChangeListener<javafx.scene.Scene> once = new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends javafx.scene.Scene> o,
                                javafx.scene.Scene was, javafx.scene.Scene now) {
                if (now == null) return;
                stage.sceneProperty().removeListener(this);
                stage.sizeToScene();
            }
        };
        stage.sceneProperty().addListener(once);
        return stage;
    }
}
