package org.promptstudio.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** View lifecycle (attach/detach with the window and a condition) and debouncing, on the real JavaFX thread. */
class LifecycleAndDebounceTest {

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void aViewListensOnlyWhileItsWindowShowsAndItsTabIsSelected() throws Exception {
        List<String> events = new ArrayList<>();
        SimpleStringProperty model = new SimpleStringProperty("a");
        Listeners listeners = new Listeners();
        Activatable view = new Activatable() {
            @Override
            public void onActivate() {
                events.add("activate");
                listeners.onChange(model, (obs, old, v) -> events.add("saw " + v));
            }

            @Override
            public void onDeactivate() {
                events.add("deactivate");
                listeners.removeAll();
            }
        };
        SimpleBooleanProperty selected = new SimpleBooleanProperty(true);
        Label node = new Label("x");
        // A stage of its own: the primary stage is shared with the window tests, which need it at its full size.
        Stage stage = WaitForAsyncUtils.asyncFx(() -> {
            Stage own = new Stage();
            own.setScene(new Scene(new StackPane(), 100, 100));
            return own;
        }).get(1, TimeUnit.MINUTES);

        WaitForAsyncUtils.asyncFx(() -> {
            ViewLifecycle.bind(node, selected, view);
            events.add("bound");
            stage.getScene().setRoot(new StackPane(node));
            stage.show();
            model.set("b");
            selected.set(false);
            model.set("c");
            selected.set(true);
            model.set("d");
            stage.hide();
            model.set("e");
        }).get(1, TimeUnit.MINUTES);

        assertThat(events).containsExactly("bound", "activate", "saw b", "deactivate", "activate", "saw d",
                "deactivate");
        assertThat(listeners.size()).isZero();
    }

    @Test
    void aBurstOfValuesIsPassedOnOnceWithTheLastValue() throws Exception {
        CompletableFuture<List<String>> received = new CompletableFuture<>();
        List<String> seen = new ArrayList<>();
        Debouncer<String> debouncer = WaitForAsyncUtils.asyncFx(() -> new Debouncer<String>(Duration.ofMillis(200), v -> {
            seen.add(v);
            if (v.equals("end")) received.complete(List.copyOf(seen));
        })).get(1, TimeUnit.MINUTES);

        // All pushed within one FX event, so no quiet gap can fall between them however slow the machine is.
        WaitForAsyncUtils.asyncFx(() -> {
            for (String v : List.of("h", "he", "hel", "hell", "hello")) debouncer.push(v);
        }).get(1, TimeUnit.MINUTES);
        WaitForAsyncUtils.waitFor(1, TimeUnit.MINUTES, () -> WaitForAsyncUtils.asyncFx(() -> !seen.isEmpty()).get());
        WaitForAsyncUtils.asyncFx(() -> debouncer.push("end")).get(1, TimeUnit.MINUTES);

        assertThat(received.get(1, TimeUnit.MINUTES)).containsExactly("hello", "end");
        debouncer.close();
    }
}
