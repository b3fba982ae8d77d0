package org.promptstudio.ui.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.promptstudio.app.GridBenchmark;
import org.promptstudio.app.Studio;
import org.promptstudio.app.StreamingCompare;
import org.promptstudio.ui.common.Fx;
import org.promptstudio.ui.common.FxTaskRunner;

/**
 * {@code studio bench ui-grid}: the real compare view in a real window (a display is needed; Xvfb will do) fills a grid
 * from recorded calls ({@link GridBenchmark}) and then scrolls it to the end, 50 rows a step. Every frame is timed by an
 * {@link AnimationTimer} (it runs once a pulse, so the time between two calls is the time between two frames; a frame
 * the FX thread could not draw because it was busy shows as one long interval), and the first frame that laid the grid
 * out is found with a post-layout pulse listener.
 */
public final class CompareGridBench {

    /** Frame times of one phase, in milliseconds. */
    public record Frames(int count, double p50, double p95, double worst) {

        static Frames of(List<Long> gapsNanos) {
            if (gapsNanos.isEmpty()) return new Frames(0, 0, 0, 0);
            long[] s = gapsNanos.stream().mapToLong(Long::longValue).sorted().toArray();
            return new Frames(s.length, ms(s[rank(s.length, 0.50)]), ms(s[rank(s.length, 0.95)]), ms(s[s.length - 1]));
        }

        /** The nearest-rank percentile (the smallest value with at least p of the values at or below it). */
        private static int rank(int n, double p) {
            return Math.max(0, (int) Math.ceil(p * n) - 1);
        }
    }

    /**
     * The figures.
     *
     * @param plannedMs    from the Run to the rows handed to the grid (the grid planned off the UI thread)
     * @param firstPaintMs from the Run to the end of the layout of the first frame that shows the grid's rows
     * @param fillMs       from the Run to the last cell filled
     * @param updates      how many times streamed updates were applied (at most one a frame)
     * @param tableCells   table cells that exist at the end (virtualised: a screenful, not rows x columns)
     * @param stalls       when asked for: where the FX thread was, sampled while a frame was over 50 ms late
     */
    public record Result(int rows, int columns, int cellsDone, double plannedMs, double firstPaintMs, double fillMs, Frames filling,
                         Frames scrolling, long updates, int tableCells, String message,
                         Map<String, Integer> stalls) {
    }

    private CompareGridBench() {
    }

    /**
     * Prepares the workspace in {@code scratch} (recording every call once against a local server), then opens the
     * window and measures. Blocks until done; starts and ends the JavaFX toolkit.
     *
     * @param rows    the grid's rows (6 columns: 3 versions x 2 replay models)
     * @param profile true to sample the FX thread's stack while a frame is late
     * @throws Exception when the workspace cannot be made or the window does not fill the grid within 10 minutes
     */
    public static Result run(Path scratch, int rows, boolean profile) throws Exception {
        StreamingCompare.GridRequest request = GridBenchmark.prepare(scratch.resolve("workspace"), rows);
        try (Studio studio = Studio.open(scratch.resolve("workspace")); FxTaskRunner runner = new FxTaskRunner(2)) {
            CountDownLatch started = new CountDownLatch(1);
            Platform.startup(started::countDown);
            started.await();
            Platform.setImplicitExit(false);
            return measure(studio, runner, request, profile);
        } finally {
            Platform.exit();
        }
    }

    private static Result measure(Studio studio, FxTaskRunner runner, StreamingCompare.GridRequest request,
                                  boolean profile) throws Exception {
        List<Long> gaps = new ArrayList<>(); // FX thread only
        long[] state = new long[5]; // start, firstPaint, lastPulse, filled, rows laid out (nanos), FX thread only
        AtomicReference<Thread> fxThread = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicLong lastPulse = new java.util.concurrent.atomic.AtomicLong();
        CountDownLatch filled = new CountDownLatch(1);
        CompareViewModel[] vm = new CompareViewModel[1];
        Stage[] stage = new Stage[1];
        List<Long> fillGaps = new ArrayList<>();
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long t = System.nanoTime();
                if (state[2] != 0 && state[0] != 0) gaps.add(t - state[2]);
                state[2] = t;
                lastPulse.set(t);
            }
        };
        Fx.run(() -> {
            fxThread.set(Thread.currentThread());
            Application.setTheme();
            vm[0] = new CompareViewModel(studio, runner);
            vm[0].promptProperty().set(request.prompt());
            vm[0].versions().setAll(request.versions());
            CompareView view = new CompareView(vm[0]);
            Scene scene = new Scene((Parent) view.node(), 1280, 800);
            scene.addPostLayoutPulseListener(() -> {
                if (state[0] != 0 && state[1] == 0 && !vm[0].rows().isEmpty()) state[1] = System.nanoTime();
            });
            vm[0].rows().addListener((javafx.collections.ListChangeListener<CompareViewModel.GridRow>) c -> {
                if (state[4] == 0 && !vm[0].rows().isEmpty()) state[4] = System.nanoTime();
            });
            vm[0].runningProperty().addListener((o, was, now) -> {
                if (now && state[0] == 0) state[0] = System.nanoTime();
                if (!now && state[0] != 0 && state[3] == 0) {
                    state[3] = System.nanoTime();
                    fillGaps.addAll(gaps);
                    gaps.clear();
                    filled.countDown();
                }
            });
            stage[0] = new Stage();
            stage[0].setTitle("studio bench ui-grid");
            stage[0].setScene(scene);
            stage[0].show();
            timer.start();
            vm[0].onActivate();
            vm[0].onRunWhenReady(new CompareViewModel.Start(request.models(), request.dataset(), 0));
        });
        Map<String, Integer> stalls = new LinkedHashMap<>();
        Thread sampler = profile ? sampler(fxThread, lastPulse, stalls) : null;
        if (!filled.await(10, TimeUnit.MINUTES)) throw new IllegalStateException("the grid did not fill in 10 minutes");
        // Scroll to the end, 50 rows a step, two frames apart.
        CountDownLatch scrolled = new CountDownLatch(1);
        Fx.run(() -> {
            @SuppressWarnings("unchecked")
            TableView<CompareViewModel.GridRow> grid = (TableView<CompareViewModel.GridRow>) stage[0].getScene()
                    .lookup("#compareGrid");
            scrollFrom(grid, 0, vm[0].rows().size(), scrolled);
        });
        if (!scrolled.await(5, TimeUnit.MINUTES)) throw new IllegalStateException("scrolling did not end in 5 minutes");
        if (sampler != null) sampler.interrupt();
        AtomicReference<Result> out = new AtomicReference<>();
        CountDownLatch read = new CountDownLatch(1);
        Fx.run(() -> {
            timer.stop();
            CompareViewModel m = vm[0];
            int cells = stage[0].getScene().getRoot().lookupAll(".table-cell").size();
            out.set(new Result(m.rows().size(), m.columns().size(), m.cellsDoneProperty().get(),
                    ms(state[4] - state[0]), ms(state[1] - state[0]), ms(state[3] - state[0]), Frames.of(fillGaps), Frames.of(gaps),
                    m.updatesApplied(), cells, m.errorProperty().get().isEmpty() ? m.messageProperty().get()
                    : m.errorProperty().get(), stalls));
            stage[0].close();
            read.countDown();
        });
        read.await();
        synchronized (stalls) {
            return out.get();
        }
    }

    private static void scrollFrom(TableView<CompareViewModel.GridRow> grid, int at, int rows, CountDownLatch done) {
        if (at >= rows) {
            Fx.afterFrames(2, done::countDown);
            return;
        }
        grid.scrollTo(Math.min(at, rows - 1));
        Fx.afterFrames(2, () -> scrollFrom(grid, at + 50, rows, done));
    }

    /**
     * Every 10 ms, while the last frame is over 50 ms old, counts the FX thread's top frames ({@code "UI thread at
     * ..."}) and the renderer thread's ({@code "renderer at ..."}): where a late frame's time went.
     */
    private static Thread sampler(AtomicReference<Thread> fx, java.util.concurrent.atomic.AtomicLong lastPulse,
                                  Map<String, Integer> counts) {
        Thread t = new Thread(new Runnable() {
            private Thread renderer;

            @Override
            public void run() {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(10); // a sampling period, not a wait for an event
                } catch (InterruptedException e) {
                    return;
                }
                Thread thread = fx.get();
                long last = lastPulse.get();
                if (thread == null || last == 0 || System.nanoTime() - last < 50_000_000L) continue;
                StackTraceElement[] stack = thread.getStackTrace();
                String where = "UI thread at " + where(stack, 4);
                // the renderer too, whether the UI thread waits for it or sits idle with no pulse coming
                if (renderer == null) renderer = Thread.getAllStackTraces().keySet().stream()
                        .filter(r -> r.getName().startsWith("QuantumRenderer")).findFirst().orElse(null);
                String drawing = renderer == null ? null : "renderer at " + where(renderer.getStackTrace(), 7);
                synchronized (counts) {
                    counts.merge(where, 1, Integer::sum);
                    if (drawing != null) counts.merge(drawing, 1, Integer::sum);
                }
            }
            }
        }, "bench-ui-grid-sampler");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The top frames past the waiting itself (park, the lock's queue): who waits, and the project's frames in it. */
    private static String where(StackTraceElement[] stack, int frames) {
        String top = Arrays.stream(stack).filter(f -> !f.getClassName().startsWith("java.util.concurrent")
                        && !f.getClassName().startsWith("jdk.internal.misc")).limit(frames).map(CompareGridBench::frame)
                .reduce((a, b) -> a + " < " + b).orElse("?");
        String own = Arrays.stream(stack).filter(f -> f.getClassName().startsWith("org.promptstudio"))
                .limit(2).map(CompareGridBench::frame).reduce((a, b) -> a + " < " + b).orElse("-");
        return top + " ... " + own;
    }

    private static String frame(StackTraceElement f) {
        String c = f.getClassName();
        return c.substring(c.lastIndexOf('.') + 1) + "." + f.getMethodName() + ":" + f.getLineNumber();
    }

    /** The most sampled places first. */
    public static List<Map.Entry<String, Integer>> top(Map<String, Integer> stalls, int n) {
        synchronized (stalls) {
            return stalls.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey())).limit(n).map(e -> Map.entry(e.getKey(), e.getValue()))
                    .toList();
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** The theme the window uses by default. */
    private static final class Application {
        static void setTheme() {
            javafx.application.Application.setUserAgentStylesheet(
                    new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        }
    }
}
