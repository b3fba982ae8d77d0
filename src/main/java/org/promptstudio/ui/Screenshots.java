package org.promptstudio.ui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.animation.AnimationTimer;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.promptstudio.app.Studio;
import org.promptstudio.model.ErrorText;
import org.promptstudio.ui.common.Fx;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.ui.common.Theme;
import org.promptstudio.ui.shell.FileTabs;
import org.promptstudio.ui.shell.ShellPreferences;
import org.promptstudio.ui.shell.ShellViewModel;
import org.promptstudio.ui.shell.ViewKey;
import org.promptstudio.ui.shell.WorkspaceNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code studio screenshot}: the real window on a workspace, at one view, written as a PNG once its background work
 * is done. The views: {@code editor} (a prompt in the template editor), and the shell's views that are no file
 * ({@code history}, {@code diff}, {@code settings}, {@code compare}, {@code runs}, {@code playground}, and
 * {@code grid}: a recorded run in the compare grid; {@code labelling}: the first labelling queue; {@code documents}: the documents indexed, a search and its first
 * hit's chunk; {@code dashboards}: the monitor charts of the last 7 days) as {@link StudioApp#viewTabs} has them.
 */
public final class Screenshots {

    private static final Logger LOG = LoggerFactory.getLogger(Screenshots.class);

    /** The views a picture can be taken of, in the order help lists them. */
    public static final List<String> VIEWS = List.of("editor", ViewKey.HISTORY, ViewKey.DIFF, ViewKey.SETTINGS,
            ViewKey.COMPARE, ViewKey.RUNS, ViewKey.PLAYGROUND, ViewKey.LAUNCH, ViewKey.GRID, ViewKey.LABELLING,
            ViewKey.DOCUMENTS, ViewKey.DASHBOARDS);

    /**
     * What the documents view's picture searches for once it has indexed the documents (a question the sample's
     * documents answer); {@code --prompt} gives another.
     */
    static final String DOCUMENTS_QUERY = "refund for a damaged item";

    /** What the playground's picture says to its models, one turn each (the sample's support questions). */
    static final List<String> PLAYGROUND_SCRIPT = List.of("Can I return my Dial if I opened the box?",
            "How long do I have?", "Does the 2-year warranty cover the Valve too?");

    /** The playground's prompt when none is named: the sample's chat prompt (its conversation at {{history}}). */
    static final String PLAYGROUND_PROMPT = "support-chat";

    /** The playground's models when none are named: two offline ones. */
    static final List<String> PLAYGROUND_MODELS = List.of("echo", "extractive");

    /** The prompt shown when none is named: the samples' first prompt, else the workspace's first. */
    static final String DEFAULT_PROMPT = "answer";

    /** How long the window may work before the picture is given up, in seconds (a stuck preview, a hung task). */
    static final long GIVE_UP_SECONDS = 120;

    /** Frames in a row with nothing running before the picture is taken (layout and CSS settle in between). */
    static final int QUIET_FRAMES = 3;

    /**
     * What to take.
     *
     * @param workspace the workspace folder
     * @param view      one of {@link #VIEWS}
     * @param prompt    the prompt id ({@code answer}, {@code answer.formal}), or empty for the default
     * @param versions  the versions a diff compares (empty: the view's choice); for {@code grid}, the run's number
     * @param out       the PNG file
     * @param width     the window's width in pixels
     * @param height    the window's height in pixels
     * @param theme     {@code light} or {@code dark}
     * @param models    for compare: the models (columns within each version); empty: the view's first model
     * @param dataset   for compare: the dataset whose rows are compared, or null for the view's choice
     * @param limit     for compare: the first rows kept (0: all)
     * @param shownAs   the path the status bar shows (the user's workspace when {@code workspace} is a temporary
     *                  copy of it); null: {@code workspace}
     */
    public record Request(Path workspace, String view, String prompt, List<String> versions, Path out, int width,
                          int height, String theme, List<String> models, String dataset, int limit, Path shownAs) {
        public Request {
            shownAs = shownAs == null ? workspace : shownAs;
            view = view == null ? "" : view.strip().toLowerCase(Locale.ROOT);
            prompt = prompt == null ? "" : prompt.strip();
            versions = versions == null ? List.of() : List.copyOf(versions);
            models = models == null ? List.of() : List.copyOf(models);
        }

        /** A picture of {@code workspace} itself, its own path in the status bar. */
        public Request(Path workspace, String view, String prompt, List<String> versions, Path out, int width,
                       int height, String theme, List<String> models, String dataset, int limit) {
            this(workspace, view, prompt, versions, out, width, height, theme, models, dataset, limit, null);
        }

        /** A picture of a view other than compare (no models, dataset or limit). */
        public Request(Path workspace, String view, String prompt, List<String> versions, Path out, int width,
                       int height, String theme) {
            this(workspace, view, prompt, versions, out, width, height, theme, List.of(), null, 0);
        }
    }

    /**
     * How it went.
     *
     * @param exitCode 0 written; 2 a view name that is not known (bad usage); 1 a prompt, version or view the
     *                 workspace cannot show, or the picture could not be made
     * @param message  the file written (exit 0) or the one line saying why not
     */
    public record Result(int exitCode, String message) {
    }

    private Screenshots() {
    }

    /**
     * Opens {@code request}'s workspace on {@code stage} in the background, then the view, and calls {@code done} on
     * the UI thread with the result. {@code opened} gets the studio, for the application to close at the end.
     */
    static void take(Stage stage, Request request, TaskRunner runner, Consumer<Result> done, Consumer<Studio> opened) {
        take(stage, request, runner, studio -> StudioApp.viewTabs(studio, runner, request.view().equals(ViewKey.COMPARE)
                ? new org.promptstudio.ui.compare.CompareViewModel.Start(request.models(), request.dataset(),
                request.limit()) : null, request.view().equals(ViewKey.PLAYGROUND)
                ? new org.promptstudio.ui.playground.PlaygroundViewModel.Start(request.models().isEmpty()
                ? PLAYGROUND_MODELS : request.models(), PLAYGROUND_SCRIPT) : null,
                request.view().equals(ViewKey.LAUNCH), request.view().equals(ViewKey.DOCUMENTS)
                ? new org.promptstudio.ui.documents.DocumentsViewModel.Start(request.prompt().isEmpty()
                ? DOCUMENTS_QUERY : request.prompt()) : null, request.view().equals(ViewKey.DASHBOARDS)
                ? dashboardsStart(request) : null), done, opened);
    }

    /**
     * The dashboards' start for {@code request}: two models (--models A,B) or two versions of --prompt (--versions
     * A,B) fill the A/B table; --prompt alone narrows the figures to that prompt.
     */
    static org.promptstudio.ui.dashboards.DashboardsViewModel.Start dashboardsStart(Request request) {
        if (request.models().size() == 2) {
            return new org.promptstudio.ui.dashboards.DashboardsViewModel.Start(org.promptstudio.ui.dashboards.DashboardsViewModel.AbKind.MODELS,
                    request.prompt(), request.models().get(0), request.models().get(1));
        }
        if (request.versions().size() == 2) {
            return new org.promptstudio.ui.dashboards.DashboardsViewModel.Start(org.promptstudio.ui.dashboards.DashboardsViewModel.AbKind.VERSIONS,
                    request.prompt(), request.versions().get(0), request.versions().get(1));
        }
        return new org.promptstudio.ui.dashboards.DashboardsViewModel.Start(null, request.prompt(), "", "");
    }

    /** As {@link #take(Stage, Request, TaskRunner, Consumer, Consumer)}, with the views {@code views} makes. */
    static void take(Stage stage, Request request, TaskRunner runner,
                     java.util.function.Function<Studio, org.promptstudio.ui.shell.ViewTabs> views,
                     Consumer<Result> done, Consumer<Studio> opened) {
        ShellPreferences preferences;
        try {
            Path prefs = Files.createTempFile("studio-screenshot", ".properties");
            prefs.toFile().deleteOnExit();
            Files.writeString(prefs, "theme=" + request.theme() + "\n");
            preferences = new ShellPreferences(prefs);
        } catch (IOException e) {
            done.accept(new Result(1, "cannot write the window's settings for the picture: " + ErrorText.reason(e)));
            return;
        }
        Theme.named(request.theme()).apply();
        stage.titleProperty().unbind();
        stage.setTitle("Prompt Studio — " + request.workspace().getFileName());
        stage.setScene(new Scene(new StackPane(), request.width(), request.height()));
        stage.show();
        runner.run(() -> Studio.open(request.workspace()), studio -> {
            opened.accept(studio);
            StudioApp.Window window = StudioApp.window(stage, studio, runner, preferences,
                    new FileTabs(studio, runner), views.apply(studio));
            window.vm().showWorkspaceAs(request.shownAs());
            whenListed(window.vm(), () -> {
                Optional<String> problem = goTo(window.vm(), request);
                // Even for a refusal the window's own start-up work (branch, models) ends first, so nothing is
                // handed to a runner that has stopped.
                // README's exit codes: 2 is bad usage (a view name the command does not know); a prompt, version
                // or view the workspace does not have is an error (1), as for `studio history nosuch`.
                int code = VIEWS.contains(request.view()) ? 1 : 2;
                whenQuiet(window, runner, () -> done.accept(problem.or(() -> window.view().activeTabProblem())
                                .map(p -> new Result(code, p))
                                .orElseGet(() -> write(stage.getScene(), request.out()))),
                        () -> done.accept(new Result(1, "the window was still working after " + GIVE_UP_SECONDS
                                + " s; no picture written")));
            });
        }, error -> {
            LOG.debug("cannot open {} for a screenshot", request.workspace(), error);
            done.accept(new Result(1, "cannot open the workspace " + request.workspace() + ": "
                    + ErrorText.reason(error)));
        });
    }

    /** Runs {@code then} once the tree was listed the first time. */
    private static void whenListed(ShellViewModel vm, Runnable then) {
        if (vm.loadsProperty().get() > 0) {
            then.run();
            return;
        }
        vm.loadsProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Number> obs, Number old, Number n) {
                vm.loadsProperty().removeListener(this);
                then.run();
            }
        });
    }

    /** Opens the request's view; empty when it shows, else the one line saying why it cannot. */
    static Optional<String> goTo(ShellViewModel vm, Request request) {
        if (!VIEWS.contains(request.view())) {
            return Optional.of("unknown view '" + request.view() + "': use one of " + String.join(", ", VIEWS));
        }
        if (!request.view().equals("editor") && !vm.isViewAvailable(request.view())) {
            return Optional.of("view " + request.view() + " is not available yet");
        }
        if (request.view().equals(ViewKey.SETTINGS)) {
            vm.onOpenView(ViewKey.settings());
            return Optional.empty();
        }
        if (request.view().equals(ViewKey.LABELLING)) {
            vm.onOpenView(ViewKey.labelling("")); // the first queue, its first item this annotator may label
            return Optional.empty();
        }
        if (request.view().equals(ViewKey.DOCUMENTS)) {
            vm.onOpenView(ViewKey.documents()); // it indexes, searches and shows the first hit (Request's query)
            return Optional.empty();
        }
        if (request.view().equals(ViewKey.DASHBOARDS)) {
            vm.onOpenView(ViewKey.dashboards()); // the last 7 days of the workspace's calls, every filter open
            return Optional.empty();
        }
        if (request.view().equals(ViewKey.RUNS)) {
            vm.onOpenView(ViewKey.runs());
            return Optional.empty();
        }
        if (request.view().equals(ViewKey.LAUNCH)) {
            // --prompt names the experiment here; empty: the launcher's first (the run goes to its end first)
            vm.onOpenView(ViewKey.launch(request.prompt()));
            return Optional.empty();
        }
        if (request.view().equals(ViewKey.GRID)) {
            // a recorded run in the compare grid: its number is the request's one version (ScreenshotCommand --run)
            String run = request.versions().isEmpty() ? "" : request.versions().get(0);
            if (!run.matches("\\d{1,18}")) return Optional.of("the grid view needs a run number, not '" + run + "'");
            vm.onOpenView(ViewKey.runGrid(Long.parseLong(run)));
            return Optional.empty();
        }
        Optional<WorkspaceNode> prompt = request.prompt().isEmpty()
                ? (request.view().equals(ViewKey.PLAYGROUND) ? vm.findPrompt(PLAYGROUND_PROMPT) : Optional.<WorkspaceNode>empty())
                .or(() -> vm.findPrompt(DEFAULT_PROMPT)).or(() -> firstPrompt(vm))
                : vm.findPrompt(request.prompt());
        if (prompt.isEmpty()) {
            return Optional.of(request.prompt().isEmpty() ? "the workspace has no prompt to show"
                    : "no prompt '" + request.prompt() + "' in the workspace " + vm.workspacePathProperty().get());
        }
        String id = prompt.get().prompt().id();
        switch (request.view()) {
            case "editor" -> vm.onSelect(prompt.get());
            case ViewKey.HISTORY -> vm.onOpenView(ViewKey.history(id));
            case ViewKey.COMPARE -> vm.onOpenView(ViewKey.compare(id, request.versions()));
            case ViewKey.PLAYGROUND -> vm.onOpenView(ViewKey.playground(id));
            default -> vm.onOpenView(ViewKey.diff(id, request.versions()));
        }
        return Optional.empty();
    }

    private static Optional<WorkspaceNode> firstPrompt(ShellViewModel vm) {
        return vm.groups().stream().flatMap(g -> g.children().stream()).filter(WorkspaceNode::isPrompt).findFirst();
    }

    /**
     * Calls {@code then} once the window has been quiet for {@link #QUIET_FRAMES} frames in a row: no task of the
     * runner running and the active tab not busy (its file read, its preview worked out); then one more frame is
     * drawn. Checked once per frame, with no sleeping; {@code gaveUp} after {@link #GIVE_UP_SECONDS}.
     */
    private static void whenQuiet(StudioApp.Window window, TaskRunner runner, Runnable then, Runnable gaveUp) {
        new AnimationTimer() {
            private long start = -1;
            private int quiet;

            @Override
            public void handle(long now) {
                if (start < 0) start = now;
                boolean busy = !runner.running().isEmpty() || window.view().activeTabBusy();
                quiet = busy ? 0 : quiet + 1;
                if (quiet >= QUIET_FRAMES) {
                    stop();
                    Fx.afterFrames(1, then);
                } else if (now - start > GIVE_UP_SECONDS * 1_000_000_000L) {
                    stop();
                    gaveUp.run();
                }
            }
        }.start();
    }

    /**
     * Draws {@code scene} into {@code out} as a PNG (folders made as needed), for window tests that leave a picture
     * to look at; on the UI thread.
     *
     * @return the file and size written, or the one line saying why not
     */
    public static String writeScene(Scene scene, Path out) {
        return write(scene, out).message();
    }

    /** Draws {@code scene} into {@code out} as a PNG (folders made as needed). */
    static Result write(Scene scene, Path out) {
        WritableImage image = scene.snapshot(null);
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage picture = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) picture.setRGB(x, y, pixels.getArgb(x, y));
        }
        Path file = out.toAbsolutePath().normalize();
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            // Encoded in memory, then written whole: ImageIO's own file stream prints a stack trace when the file
            // cannot be opened, and a picture cut short must not replace a good one.
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            if (!ImageIO.write(picture, "png", png)) return new Result(1, file + ": no PNG writer");
            org.promptstudio.model.AtomicFile.write(file, file.toString(), png.toByteArray());
        } catch (IOException e) {
            return new Result(1, file + ": cannot write: " + ErrorText.reason(e));
        } catch (org.promptstudio.model.StudioException e) {
            return new Result(1, ErrorText.reason(e));
        }
        return new Result(0, file + " (" + w + "x" + h + ")");
    }
}
