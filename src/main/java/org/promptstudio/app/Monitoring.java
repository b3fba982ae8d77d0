package org.promptstudio.app;

import java.util.ArrayList;
import java.util.List;
import org.promptstudio.model.LabelSchema;
import org.promptstudio.model.StudioException;
import org.promptstudio.monitor.MonitorReport;
import org.promptstudio.monitor.MonitorReports;
import org.promptstudio.monitor.MonitorRequest;
import org.promptstudio.store.MonitorRepository;
import org.promptstudio.template.PromptRef;
import org.promptstudio.vcs.PromptVersion;

/**
 * The "read the dashboards" use case ({@code studio monitor}, the Dashboards view): the figures of the recorded calls
 * per hour or day, from the sums the database keeps (docs/decisions/0145-monitor-aggregate-tables.md). A request's
 * prompt, version and label are resolved here to prompt files and commits, as the other commands resolve them.
 */
public final class Monitoring {

    private final Studio studio;

    Monitoring(Studio studio) {
        this.studio = studio;
    }

    /**
     * The report of {@code request}: its prompt id becomes the prompt's file, its version (a number, label or commit
     * of that prompt) the version's commit, its label the version each prompt's label points at now (prompts without
     * the label count nothing); a null rating schema is the workspace's first rating schema (every schema when it has
     * none).
     *
     * @throws StudioException one line, for a prompt, version or label that does not exist, or a period of too many
     *     buckets
     * @throws org.promptstudio.store.StoreException one line, when the database cannot be read
     */
    public MonitorReport report(MonitorRequest request) {
        if (request.version() != null && request.prompt() == null) {
            throw new StudioException("a version needs a prompt: give --prompt with --version");
        }
        if (request.run() != null && studio.database().runs().find(request.run()).isEmpty()) {
            throw Runs.unknownRun(request.run());
        }
        if (request.model() != null && studio.workspace().config().model(request.model()).isEmpty()
                && !studio.calls().models().contains(request.model())) {
            throw new StudioException("no model '" + request.model() + "' in studio.yaml nor among the recorded calls");
        }
        List<String> paths = null;
        List<MonitorRepository.Version> versions = null;
        Versions v = studio.versions();
        if (request.prompt() != null) {
            String path = promptPath(v, request.prompt());
            paths = List.of(path);
            if (request.version() != null) {
                PromptVersion at = v.resolve(request.prompt(), request.version());
                versions = List.of(new MonitorRepository.Version(path, at.commitId()));
            }
        }
        if (request.label() != null) {
            List<MonitorRepository.Version> labelled = new ArrayList<>();
            List<String> candidates = paths != null ? paths : studio.prompts().list().stream()
                    .map(PromptRef::relativePath).toList();
            for (String path : candidates) {
                PromptVersion at = labelledVersion(v, path, request.label());
                if (at != null) labelled.add(new MonitorRepository.Version(path, at.commitId()));
            }
            if (versions != null) labelled.retainAll(versions);
            versions = labelled;
        }
        try {
            return new MonitorReports(studio.database().monitor()).report(request, paths, versions,
                    ratingSchema(request.ratingSchema()));
        } catch (IllegalArgumentException e) {
            throw new StudioException(e.getMessage(), e);
        }
    }

    /** The longest period --since takes: 100 years. */
    private static final java.time.Duration FARTHEST = java.time.Duration.ofDays(36_500);

    private static final java.util.regex.Pattern AGO = java.util.regex.Pattern.compile("(\\d{1,18})([mhdw])");

    /**
     * The start of a period given as {@code --since} takes it: a time ago ({@code 90m}, {@code 24h}, {@code 7d},
     * {@code 2w}) before {@code now}, a UTC date ({@code 2026-11-01}) or an instant ({@code 2026-11-01T08:00:00Z}).
     *
     * @throws StudioException one line naming the value and the forms taken
     */
    public static java.time.Instant since(String text, java.time.Instant now) {
        String t = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
        java.util.regex.Matcher m = AGO.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            if (n == 0) throw new StudioException("--since " + text + ": give a period of at least 1");
            java.time.Duration d = switch (m.group(2)) {
                case "m" -> java.time.Duration.ofMinutes(n);
                case "h" -> java.time.Duration.ofHours(n);
                case "d" -> java.time.Duration.ofDays(n);
                default -> java.time.Duration.ofDays(7 * n);
            };
            if (d.compareTo(FARTHEST) > 0) {
                throw new StudioException("--since " + text + ": too far back; give at most 100 years (36500d)");
            }
            return now.minus(d);
        }
        try {
            return java.time.LocalDate.parse(t).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            // not a date: an instant, or nothing we know
        }
        try {
            return java.time.Instant.parse(text.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new StudioException("--since '" + text + "': give a time ago (90m, 24h, 7d, 2w), a date"
                    + " (2026-11-01) or an instant (2026-11-01T08:00:00Z)");
        }
    }

    /**
     * The file of prompt {@code prompt}: one in prompts/, else one that only has saved versions (deleted since).
     *
     * @throws StudioException one line listing the prompts there are, when there is no such prompt
     */
    private String promptPath(Versions v, String prompt) {
        java.util.Optional<PromptRef> ref = studio.prompts().find(prompt);
        if (ref.isPresent()) return ref.get().relativePath();
        try {
            return v.path(prompt);
        } catch (StudioException e) {
            studio.prompts().require(prompt); // no such prompt: says so, listing those there are
            throw e;
        }
    }

    /** The version label {@code label} points at in {@code path}'s history, or null when it has no such label. */
    private static PromptVersion labelledVersion(Versions v, String path, String label) {
        for (PromptVersion p : v.byPath().history(path)) {
            if (p.labels().contains(label)) return p;
        }
        return null;
    }

    /**
     * {@code named}, or the workspace's first rating schema, or null (every schema).
     *
     * @throws StudioException one line when {@code named} is no rating schema of the workspace
     */
    private String ratingSchema(String named) {
        if (named != null) {
            List<String> ratings = new ArrayList<>();
            for (LabelSchema s : studio.workspace().config().labelSchemas()) {
                if (s.type() == LabelSchema.Type.RATING) ratings.add(s.name());
            }
            if (ratings.contains(named)) return named;
            throw new StudioException("no rating schema '" + named + "' in studio.yaml" + (ratings.isEmpty()
                    ? " (it has none: add one under labels:)" : " (rating schemas: " + String.join(", ", ratings)
                    + ")"));
        }
        for (LabelSchema s : studio.workspace().config().labelSchemas()) {
            if (s.type() == LabelSchema.Type.RATING) return s.name();
        }
        return null;
    }
}
