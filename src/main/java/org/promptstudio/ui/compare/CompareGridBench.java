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
import javafx.stage.Stage;
import org.promptstudio.app.GridBenchmark;
import org.promptstudio.app.Studio;
import org.promptstudio.app.StreamingCompare;
import org.promptstudio.ui.common.Fx;
import org.promptstudio.ui.common.FxTaskRunner;

/**
 * {@code studio bench ui-grid}: the real compare view in a real window (a display is needed; Xvfb will do) fills a grid
 * from recorded calls ({@link GridBenchmark}) and then scrolls it to the end as a user does (wheel notches of 40 px,
 * one a frame, and page jumps; {@link #scrollLikeAUser}). Every frame is timed by an {@link AnimationTimer} (it runs
 * once a pulse, so the time between two calls is the time between two frames; a frame the FX thread could not draw
 * because it was busy shows as one long interval), with the UI thread's own CPU time in it (on a shared machine a
 * frame also waits for a core), and the first frame that laid the grid out is found with a post-layout pulse listener.
 */
public final class CompareGridBench {

    /** A frame over this long is counted as slow. */
    public static final double SLOW_MS = 50;
    /** A frame over this long is a stall: a user sees the grid stop. */
    public static final double STALL_MS = 100;
    /** Pixels one wheel notch scrolls (JavaFX's ScrollEvent gives 40 px a notch on Linux, Windows and macOS). */
    static final double WHEEL_PX = 40;
    /** Wheel notches in a row, one a frame (a fast spin), before the page jumps. */
    static final int WHEEL_NOTCHES = 20;
    /** Page jumps in a row (Page Down, or a click in the scroll bar's track) after the notches. */
    static final int PAGE_JUMPS = 3;
    /** Frames between two page jumps: a user presses Page Down about ten times a second at most. */
    static final int FRAMES_BETWEEN_PAGES = 6;

    /**
     * Frame times of one phase.
     *
     * @param count   frames timed
     * @param p50     median time between two frames, ms (nearest rank)
     * @param p95     95th percentile, ms (nearest rank)
     * @param worst   the longest, ms
     * @param slow    frames over {@link #SLOW_MS}
     * @param stalls  frames over {@link #STALL_MS}
     * @param cpuP95  the UI thread's own CPU time in a frame, 95th percentile, ms: what the frame cost, apart from
     *                waiting for a core on a busy machine
     * @param cpuWorst the UI thread's CPU time in its costliest frame, ms
     * @param costliest the three frames with the most UI thread CPU, costliest first, each as
     *                  {@code #index (from 0, among the phase's frames) CPU ms, cells made}: the flow makes a cell
     *                  when it has too few for the view; "" when no frame
     */
    public record Frames(int count, double p50, double p95, double worst, int slow, int stalls, double cpuP95,
                         double cpuWorst, String costliest) {

        static Frames of(List<long[]> frames) {
            if (frames.isEmpty()) return new Frames(0, 0, 0, 0, 0, 0, 0, 0, "");
            long[] s = frames.stream().mapToLong(f -> f[0]).sorted().toArray();
            long[] c = frames.stream().mapToLong(f -> f[1]).sorted().toArray();
            String costliest = java.util.stream.IntStream.range(0, frames.size()).boxed()
                    .sorted(Comparator.comparingLong((Integer i) -> -frames.get(i)[1]).thenComparing(i -> i)).limit(3)
                    .map(i -> String.format(java.util.Locale.ROOT, "#%d %.1f ms, %d cells made", i,
                            ms(frames.get(i)[1]), frames.get(i)[2]))
                    .reduce((a, b) -> a + "; " + b).orElse("");
            int slow = (int) Arrays.stream(s).filter(g -> ms(g) > SLOW_MS).count();
            int stalls = (int) Arrays.stream(s).filter(g -> ms(g) > STALL_MS).count();
            return new Frames(s.length, ms(s[rank(s.length, 0.50)]), ms(s[rank(s.length, 0.95)]), ms(s[s.length - 1]),
                    slow, stalls, ms(c[rank(c.length, 0.95)]), ms(c[c.length - 1]), costliest);
        }

        /** The nearest-rank percentile (the smallest value with at least p of the values at or below it). */
        private static int rank(int n, double p) {
            return Math.max(0, (int) Math.ceil(p * n) - 1);
        }
    }

    /**
     * The figures.
     *
     * @param loadAtStart   the machine's load average over the last minute when the window opened (-1 if unknown)
     * @param cores         the cores the JVM may use
     * @param plannedMs     from the Run to the rows handed to the grid (the grid planned off the UI thread)
     * @param firstPaintMs  from the Run to the end of the layout of the first frame that shows the grid's rows
     * @param firstPaintCpuMs the UI thread's CPU time over the same span, ms
     * @param fillMs        from the Run to the last cell filled
     * @param filling       frames from the Run to the last cell filled
     * @param wheel         frames while scrolling by wheel notches ({@link #WHEEL_PX} px, one a frame)
     * @param pages         the frame after each page jump (one viewport down)
     * @param updates       how many times streamed updates were applied (at most one a frame)
     * @param tableCells    table cells that exist at the end (virtualised: a screenful, not rows x columns)
     * @param loadAtEnd     the load average when the measuring ended
     * @param stalls        when asked for: where the FX thread was, sampled while a frame was over 50 ms late
     */
    public record Result(int rows, int columns, int cellsDone, double loadAtStart, int cores, double plannedMs,
                         double firstPaintMs, double firstPaintCpuMs, double fillMs, Frames filling, Frames wheel,
                         Frames pages, long updates, int tableCells, double loadAtEnd, String message,
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
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        boolean cpuTimed = threads.isCurrentThreadCpuTimeSupported();
        if (cpuTimed && !threads.isThreadCpuTimeEnabled()) threads.setThreadCpuTimeEnabled(true);
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double loadAtStart = os.getSystemLoadAverage();
        // FX thread only: each frame as {wall nanos, UI thread CPU nanos, cells made}, by phase (0 filling, 1 wheel, 2 page)
        List<List<long[]>> phases = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int[] phase = {-1}; // the phase the next frame counts for; -1: not counted
        int[] cellsMade = {CompareCell.made}; // grid cells made by the last frame
        // start, firstPaint, lastPulse, filled, rows laid out (nanos), cpu at start, cpu at first paint, cpu at last pulse
        long[] state = new long[8];
        AtomicReference<Thread> fxThread = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicLong lastPulse = new java.util.concurrent.atomic.AtomicLong();
        CountDownLatch filled = new CountDownLatch(1);
        CompareViewModel[] vm = new CompareViewModel[1];
        Stage[] stage = new Stage[1];
        java.util.function.LongSupplier cpu = () -> cpuTimed ? threads.getCurrentThreadCpuTime() : 0;
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long t = System.nanoTime();
                long c = cpu.getAsLong();
                int made = CompareCell.made;
                if (state[2] != 0 && phase[0] >= 0) {
                    phases.get(phase[0]).add(new long[] {t - state[2], c - state[7], made - cellsMade[0]});
                }
                cellsMade[0] = made;
                if (phase[0] == 2) phase[0] = -1; // a page jump counts its own frame, not the idle ones after it
                state[2] = t;
                state[7] = c;
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
                if (state[0] != 0 && state[1] == 0 && !vm[0].rows().isEmpty()) {
                    state[1] = System.nanoTime();
                    state[6] = cpu.getAsLong();
                }
            });
            vm[0].rows().addListener((javafx.collections.ListChangeListener<CompareViewModel.GridRow>) c -> {
                if (state[4] == 0 && !vm[0].rows().isEmpty()) state[4] = System.nanoTime();
            });
            vm[0].runningProperty().addListener((o, was, now) -> {
                if (now && state[0] == 0) {
                    state[0] = System.nanoTime();
                    state[5] = cpu.getAsLong();
                    phase[0] = 0;
                }
                if (!now && state[0] != 0 && state[3] == 0) {
                    state[3] = System.nanoTime();
                    phase[0] = -1;
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
        CountDownLatch scrolled = new CountDownLatch(1);
        Fx.run(() -> {
            javafx.scene.control.skin.VirtualFlow<?> flow = (javafx.scene.control.skin.VirtualFlow<?>) stage[0]
                    .getScene().lookup("#compareGrid .virtual-flow");
            scrollLikeAUser(flow, phase, scrolled);
        });
        if (!scrolled.await(10, TimeUnit.MINUTES)) throw new IllegalStateException("scrolling did not end in 10 minutes");
        if (sampler != null) sampler.interrupt();
        AtomicReference<Result> out = new AtomicReference<>();
        CountDownLatch read = new CountDownLatch(1);
        Fx.run(() -> {
            timer.stop();
            CompareViewModel m = vm[0];
            int cells = stage[0].getScene().getRoot().lookupAll(".table-cell").size();
            out.set(new Result(m.rows().size(), m.columns().size(), m.cellsDoneProperty().get(), loadAtStart,
                    Runtime.getRuntime().availableProcessors(), ms(state[4] - state[0]), ms(state[1] - state[0]),
                    ms(state[6] - state[5]), ms(state[3] - state[0]), Frames.of(phases.get(0)),
                    Frames.of(phases.get(1)), Frames.of(phases.get(2)), m.updatesApplied(), cells,
                    os.getSystemLoadAverage(), m.errorProperty().get().isEmpty() ? m.messageProperty().get()
                    : m.errorProperty().get(), stalls));
            stage[0].close();
            read.countDown();
        });
        read.await();
        synchronized (stalls) {
            return out.get();
        }
    }

    /**
     * Scrolls to the end as a user does: {@link #WHEEL_NOTCHES} wheel notches of {@link #WHEEL_PX} px, one a frame,
     * then {@link #PAGE_JUMPS} page jumps (one viewport down), {@link #FRAMES_BETWEEN_PAGES} frames apart; again until
     * the last row shows. Sets {@code phase[0]} to the phase the next frame counts for (1 wheel, 2 page jump).
     */
    private static void scrollLikeAUser(javafx.scene.control.skin.VirtualFlow<?> flow, int[] phase, CountDownLatch done) {
        new AnimationTimer() {
            private int step;
            private int wait;

            @Override
            public void handle(long now) {
                if (flow.getPosition() >= 1.0) {
                    phase[0] = -1;
                    stop();
                    Fx.afterFrames(2, done::countDown);
                    return;
                }
                if (wait > 0) {
                    wait--;
                    return;
                }
                int cycle = WHEEL_NOTCHES + PAGE_JUMPS;
                if (step % cycle < WHEEL_NOTCHES) {
                    phase[0] = 1;
                    flow.scrollPixels(WHEEL_PX);
                } else {
                    phase[0] = 2;
                    flow.scrollPixels(flow.getHeight());
                    wait = FRAMES_BETWEEN_PAGES - 1;
                }
                step++;
            }
        }.start();
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
