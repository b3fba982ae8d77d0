package org.promptstudio.ui.shell;

import java.util.List;
import java.util.Locale;

/**
 * A view that is no file, as a tab shows it: one tab per key, brought forward when asked for again.
 *
 * @param kind     which view ({@link #HISTORY}, {@link #DIFF}, {@link #SETTINGS}; part 2 adds its own)
 * @param prompt   the prompt it is about ({@code answer}, {@code answer.formal}), or empty
 * @param versions the versions it compares or shows, as the command line names them ({@code 2}, {@code prod},
 *                 {@code working}), or empty for the view's own choice
 */
public record ViewKey(String kind, String prompt, List<String> versions) {

    public static final String HISTORY = "history";
    public static final String DIFF = "diff";
    public static final String SETTINGS = "settings";
    public static final String COMPARE = "compare";
    /** The run list, a run's scoreboard, cases and comparison; {@code versions} holds a run id to show, or none. */
    public static final String RUNS = "runs";
    /** The recorded calls, paged from the database; {@code versions} holds a run id to filter on, or none. */
    public static final String CALLS = "calls";
    /**
     * The run launcher; {@code prompt} holds the experiment's name to pick, or is empty; {@code versions} holds the
     * number of cases to run (the compare grid's row limit), or is empty for every case.
     */
    public static final String LAUNCH = "launch";
    public static final String PLAYGROUND = "playground";
    /** A recorded run shown in the compare grid, read-only; {@code versions} holds its run id (decision 0090). */
    public static final String GRID = "grid";
    /** The labelling view (ui.labelling); {@code prompt} holds the queue to open first, or is empty for the first. */
    public static final String LABELLING = "labelling";
    /** The documents view (ui.documents): the document index's status, search and chunks; no prompt or versions. */
    public static final String DOCUMENTS = "documents";
    /** The dashboards view (ui.dashboards): charts over the monitor figures and the A/B table; no prompt or versions. */
    public static final String DASHBOARDS = "dashboards";

    public ViewKey {
        kind = kind == null ? "" : kind.strip().toLowerCase(Locale.ROOT);
        prompt = prompt == null ? "" : prompt.strip();
        versions = versions == null ? List.of() : List.copyOf(versions);
    }

    /** The versions of {@code prompt}, its labels and branches. */
    public static ViewKey history(String prompt) {
        return new ViewKey(HISTORY, prompt, List.of());
    }

    /** A diff of two versions of {@code prompt} ({@code versions} empty: the view picks). */
    public static ViewKey diff(String prompt, List<String> versions) {
        return new ViewKey(DIFF, prompt, versions);
    }

    /** The compare grid of {@code prompt}; {@code versions} empty: the view picks (production and working). */
    public static ViewKey compare(String prompt, List<String> versions) {
        return new ViewKey(COMPARE, prompt, versions);
    }

    /** The run list, its newest run's scoreboard shown. */
    public static ViewKey runs() {
        return new ViewKey(RUNS, "", List.of());
    }

    /** Run {@code runId} in the run list, its scoreboard shown (the run launcher opens a finished run so). */
    public static ViewKey run(long runId) {
        return new ViewKey(RUNS, "", List.of(String.valueOf(runId)));
    }

    /** The recorded calls, every one. */
    public static ViewKey calls() {
        return new ViewKey(CALLS, "", List.of());
    }

    /** The run id a {@link #RUNS}, {@link #CALLS} or {@link #GRID} key names, or null for none. */
    public Long runId() {
        return versions.size() == 1 && versions.get(0).matches("\\d{1,18}") ? Long.valueOf(versions.get(0)) : null;
    }

    /** The run launcher on experiment {@code experiment} (empty: the launcher picks). */
    public static ViewKey launch(String experiment) {
        return new ViewKey(LAUNCH, experiment, List.of());
    }

    /** The run launcher on {@code experiment}, its first {@code limit} cases (null: every case). */
    public static ViewKey launch(String experiment, Integer limit) {
        return new ViewKey(LAUNCH, experiment, limit == null ? List.of() : List.of(String.valueOf(limit)));
    }

    /** The playground with {@code prompt} chosen (empty: the view asks for one). */
    public static ViewKey playground(String prompt) {
        return new ViewKey(PLAYGROUND, prompt, List.of());
    }

    /** Recorded run {@code runId} in the compare grid ("Grid — run 7"). */
    public static ViewKey runGrid(long runId) {
        return new ViewKey(GRID, "", List.of(String.valueOf(runId)));
    }

    /** The labelling view on queue {@code queue} (empty: the first queue). */
    public static ViewKey labelling(String queue) {
        return new ViewKey(LABELLING, queue, List.of());
    }

    /** The documents view: the workspace's documents, their index, search and chunks. */
    public static ViewKey documents() {
        return new ViewKey(DOCUMENTS, "", List.of());
    }

    /** The dashboards: the monitor figures of the workspace's calls over a period. */
    public static ViewKey dashboards() {
        return new ViewKey(DASHBOARDS, "", List.of());
    }

    public static ViewKey settings() {
        return new ViewKey(SETTINGS, "", List.of());
    }

    /** The tab's key and id suffix: {@code history:answer}, {@code diff:answer@1,2}, {@code settings}. */
    public String id() {
        return kind + (prompt.isEmpty() ? "" : ":" + prompt) + (versions.isEmpty() ? "" : "@" + String.join(",", versions));
    }

    /** The tab's title: "History — answer", "Diff — answer 1 ↔ 2", "Settings". */
    public String title() {
        String name = describe();
        if (GRID.equals(kind) && runId() != null) return name + " \u2014 run " + runId();
        String about = prompt + (versions.isEmpty() ? "" : " " + String.join(" \u2194 ", versions));
        return about.isBlank() ? name : name + " \u2014 " + about.strip();
    }

    /** The view's name for a sentence ("History", "Diff", "Settings"). */
    public String describe() {
        return kind.isEmpty() ? "This view" : Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
    }
}
