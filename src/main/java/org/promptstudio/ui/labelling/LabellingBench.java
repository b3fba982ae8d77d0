package org.promptstudio.ui.labelling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import org.promptstudio.ui.common.Fx;
import org.promptstudio.ui.common.FxTaskRunner;

/**
 * {@code studio bench labelling}: labels a queue of N items in a real window by keys alone (a digit, then Enter, one
 * item a frame) and measures, for each Enter, the time from the key event to the next item laid out in the window
 * (its nodes built, CSS applied, layout done; drawing the frame comes after). When the next item has not been read
 * yet, the wait for it counts too. Figures: median, 95th percentile (nearest rank), worst, and how many were over
 * {@link #TARGET_MS}.
 */
public final class LabellingBench {

    /** The target for going to the next item. */
    public static final double TARGET_MS = 50;

    /**
     * The figures.
     *
     * @param items   items labelled (Enter presses that showed a next item, or the end)
     * @param stored  labels confirmed in the database at the end
     * @param p50     median keypress-to-next-item time, ms
     * @param p95     95th percentile, ms
     * @param worst   the longest, ms
     * @param over    how many took longer than {@link #TARGET_MS}
     * @param waited  how many found the next item not read yet (the read-ahead fell behind)
     */
    public record Result(int items, int stored, double p50, double p95, double worst, int over, int waited) {
    }

    private LabellingBench() {
    }

    /**
     * Makes a workspace in {@code scratch} with {@code items} calls recorded by the built-in echo model and a queue of
     * them for a 1-5 rating, then measures as {@link #run(LabelSource, String, int, int)} does.
     *
     * @throws Exception when the workspace or the queue cannot be made, or the window does not finish
     */
    public static Result run(java.nio.file.Path scratch, int items) throws Exception {
        java.nio.file.Path dir = scratch.resolve("workspace");
        org.promptstudio.app.Studio.init(dir, "bench-labelling");
        java.nio.file.Files.writeString(dir.resolve("studio.yaml"), "name: bench-labelling\nmodels:\n"
                + "  - id: echo\n    provider: echo\n" + "labels:\n  - name: helpfulness\n    type: rating\n"
                + "    scale: { min: 1, max: 5 }\n    points: { 1: Wrong or harmful, 3: Partly useful, 5: Resolves it"
                + " fully }\n");
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < items; i++) {
            data.append("{\"id\": \"q").append(i).append("\", \"question\": \"Question ").append(i)
                    .append(": how long does delivery to city ").append(i % 37).append(" take?\"}\n");
        }
        java.nio.file.Files.writeString(dir.resolve("datasets/questions.jsonl"), data.toString());
        java.nio.file.Files.writeString(dir.resolve("prompts/ask.prompt"), "---\ninput:\n  schema:\n    question:"
                + " string\n---\n**Delivery** question, answered in *markdown*:\n\n- {{question}}\n- Tracked parcel\n");
        java.nio.file.Files.writeString(dir.resolve("experiments/asks.yaml"),
                "prompts: [ask]\nmodels: [echo]\ndataset: questions\n");
        try (org.promptstudio.app.Studio studio = org.promptstudio.app.Studio.open(dir)) {
            long run = studio.runs().plan(new org.promptstudio.app.Runs.Request("asks", null, null, null,
                    org.promptstudio.provider.CachePolicy.OFF)).start((s, call) -> { }).outcome().runId();
            String queue = "bench";
            StudioLabelSource source = new StudioLabelSource(studio);
            source.createQueue(new LabelSource.NewQueue(queue, "helpfulness", run, null, null, false, false, null, null,
                    1, false));
            return run(source, queue, items, 4);
        }
    }

    /**
     * Opens a window on {@code queue} of {@code source} and labels {@code items} items of it with rating key
     * {@code digit}; blocks until every label is stored. Starts and ends the JavaFX toolkit.
     *
     * @throws IllegalStateException when the queue has fewer items, or the window does not finish within 10 minutes
     */
    public static Result run(LabelSource source, String queue, int items, int digit) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        Platform.setImplicitExit(false);
        try (FxTaskRunner runner = new FxTaskRunner(2)) {
            return measure(source, runner, queue, items, digit);
        } finally {
            Platform.exit();
        }
    }

    private static Result measure(LabelSource source, FxTaskRunner runner, String queue, int items, int digit)
            throws InterruptedException {
        long[] times = new long[items];
        int[] done = {0};
        int[] waited = {0};
        Stage[] stage = new Stage[1];
        LabellingViewModel[] vm = new LabellingViewModel[1];
        CountDownLatch finished = new CountDownLatch(1);
        AtomicReference<String> failure = new AtomicReference<>();
        Fx.run(() -> {
            javafx.application.Application.setUserAgentStylesheet(
                    new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
            vm[0] = new LabellingViewModel(source, runner, queue);
            LabellingView view = new LabellingView(vm[0]);
            stage[0] = new Stage();
            stage[0].setTitle("studio bench labelling");
            stage[0].setScene(new Scene((Parent) view.node(), 1400, 880));
            stage[0].show();
            view.onActivate();
            // the first item shown and the read-ahead filled: then one item a frame
            whenShown(vm[0], () -> Fx.afterFrames(2, new Runnable() {
                @Override
                public void run() {
                    if (done[0] == items) {
                        whenStored(vm[0], finished::countDown);
                        return;
                    }
                    if (vm[0].shownProperty().get() == null) {
                        failure.set("the queue ran out after " + done[0] + " items");
                        finished.countDown();
                        return;
                    }
                    Node target = stage[0].getScene().getFocusOwner() != null ? stage[0].getScene().getFocusOwner()
                            : view.node();
                    Event.fireEvent(target, key(KeyCode.getKeyCode(String.valueOf(digit))));
                    LabellingViewModel.Shown before = vm[0].shownProperty().get();
                    int index = done[0];
                    Runnable next = this;
                    long t0 = System.nanoTime();
                    Event.fireEvent(target, key(KeyCode.ENTER));
                    Runnable laidOut = () -> {
                        Parent root = stage[0].getScene().getRoot();
                        root.applyCss();
                        root.layout();
                        times[index] = System.nanoTime() - t0;
                        done[0]++;
                        Fx.afterFrames(1, next);
                    };
                    if (vm[0].shownProperty().get() != before && (vm[0].shownProperty().get() != null
                            || vm[0].finishedProperty().get())) {
                        laidOut.run();
                    } else {
                        waited[0]++;
                        whenShownOrFinished(vm[0], laidOut);
                    }
                }
            }));
        });
        if (!finished.await(10, TimeUnit.MINUTES)) throw new IllegalStateException("labelling did not end in 10 minutes");
        if (failure.get() != null) throw new IllegalStateException(failure.get());
        AtomicReference<Result> out = new AtomicReference<>();
        CountDownLatch read = new CountDownLatch(1);
        Fx.run(() -> {
            long[] s = Arrays.copyOf(times, done[0]);
            Arrays.sort(s);
            int over = (int) Arrays.stream(s).filter(t -> ms(t) > TARGET_MS).count();
            out.set(new Result(done[0], vm[0].storedProperty().get(), ms(s[rank(s.length, 0.5)]),
                    ms(s[rank(s.length, 0.95)]), ms(s[s.length - 1]), over, waited[0]));
            stage[0].close();
            read.countDown();
        });
        read.await();
        return out.get();
    }

    private static KeyEvent key(KeyCode code) {
        return new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, false, false, false, false);
    }

    private static void whenShown(LabellingViewModel vm, Runnable then) {
        whenTrue(() -> vm.shownProperty().get() != null && (vm.prefetched() > 0 || vm.finishedProperty().get()),
                vm, then);
    }

    private static void whenShownOrFinished(LabellingViewModel vm, Runnable then) {
        whenTrue(() -> vm.shownProperty().get() != null || vm.finishedProperty().get(), vm, then);
    }

    private static void whenStored(LabellingViewModel vm, Runnable then) {
        whenTrue(() -> vm.pendingWritesProperty().get() == 0, vm, then);
    }

    /** Runs {@code then} on the FX thread once {@code condition} holds, checked at each change of the view model. */
    private static void whenTrue(java.util.function.BooleanSupplier condition, LabellingViewModel vm, Runnable then) {
        if (condition.getAsBoolean()) {
            then.run();
            return;
        }
        List<javafx.beans.value.ObservableValue<?>> watched = List.of(vm.shownProperty(), vm.finishedProperty(),
                vm.pendingWritesProperty(), vm.statusProperty());
        @SuppressWarnings("unchecked")
        javafx.beans.value.ChangeListener<Object>[] l = new javafx.beans.value.ChangeListener[1];
        boolean[] fired = {false};
        l[0] = (o, old, now) -> {
            if (!fired[0] && condition.getAsBoolean()) {
                fired[0] = true;
                watched.forEach(w -> w.removeListener(l[0]));
                then.run();
            }
        };
        watched.forEach(w -> w.addListener(l[0]));
    }

    private static int rank(int n, double p) {
        return Math.max(0, (int) Math.ceil(p * n) - 1);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** The figures as {@code studio bench labelling} prints them. */
    public static List<String> lines(Result r) {
        List<String> out = new ArrayList<>();
        out.add(String.format(java.util.Locale.ROOT, "labelling: %d items labelled by keys (a digit, then Enter), %d"
                + " labels stored", r.items(), r.stored()));
        out.add(String.format(java.util.Locale.ROOT, "keypress to next item laid out: median %.1f ms, p95 %.1f ms, max"
                + " %.1f ms; %d over %.0f ms; %d waited for the read-ahead", r.p50(), r.p95(), r.worst(), r.over(),
                TARGET_MS, r.waited()));
        return out;
    }
}
