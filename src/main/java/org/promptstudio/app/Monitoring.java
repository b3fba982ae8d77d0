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
     * @throws UnknownFilterException one line listing the ones there are, for a prompt, version, label, model, run or
     *     rating schema that does not exist
     * @throws StudioException one line, for a version without a prompt, or a period of too many buckets
     * @throws org.promptstudio.store.StoreException one line, when the database cannot be read
     */
    public MonitorReport report(MonitorRequest request) {
        if (request.version() != null && request.prompt() == null) {
            throw new StudioException("a version needs a prompt: give --prompt with --version");
        }
        if (request.run() != null && studio.database().runs().find(request.run()).isEmpty()) {
            List<String> latest = studio.database().runs().latest(10).stream()
                    .map(r -> String.valueOf(r.id())).toList();
            throw new UnknownFilterException("no run " + request.run() + " in this workspace; " + (latest.isEmpty()
                    ? "it has no runs yet" : "latest runs: " + String.join(", ", latest) + " (see 'studio runs')"));
        }
        if (request.model() != null && studio.workspace().config().model(request.model()).isEmpty()
                && !studio.calls().models().contains(request.model())) {
            java.util.TreeSet<String> models = new java.util.TreeSet<>(studio.calls().models());
            studio.workspace().config().models().forEach(m -> models.add(m.id()));
            throw new UnknownFilterException("no model '" + request.model() + "' in studio.yaml nor among the"
                    + " recorded calls; " + (models.isEmpty() ? "there are none" : "models: "
                    + UnknownFilterException.list(models, 20)));
        }
        List<String> paths = null;
        List<MonitorRepository.Version> versions = null;
        Versions v = studio.versions();
        if (request.prompt() != null) {
            String path = promptPath(v, request.prompt());
            paths = List.of(path);
            if (request.version() != null) {
                PromptVersion at;
                try {
                    at = v.resolve(request.prompt(), request.version());
                } catch (StudioException e) {
                    throw new UnknownFilterException(e.getMessage(), e);
                }
                versions = List.of(new MonitorRepository.Version(path, at.commitId()));
            }
        }
        if (request.label() != null) {
            List<MonitorRepository.Version> labelled = new ArrayList<>();
            List<String> candidates = paths != null ? paths : studio.prompts().list().stream()
                    .map(PromptRef::relativePath).toList();
            java.util.TreeSet<String> names = new java.util.TreeSet<>();
            for (String path : candidates) {
                PromptVersion at = null;
                for (org.promptstudio.vcs.PromptLabel l : labels(v, path)) {
                    names.add(l.name());
                    if (l.name().equals(request.label())) at = l.version();
                }
                if (at != null) labelled.add(new MonitorRepository.Version(path, at.commitId()));
            }
            if (!names.contains(request.label())) {
                String where = request.prompt() == null ? "in this workspace" : "on prompt " + request.prompt();
                throw new UnknownFilterException("no label '" + request.label() + "' " + where + "; " + (names.isEmpty()
                        ? "there are no labels (give one with 'studio label PROMPT LABEL')"
                        : "labels: " + UnknownFilterException.list(names, 20)));
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
        java.time.Duration ago = ago(text);
        if (ago != null) return now.minus(ago);
        String t = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
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
     * The period {@code --since} names, as the Dashboards view makes its own (one rule,
     * {@link MonitorRequest#last}): a time ago ({@code 7d}) is that many whole UTC buckets of {@code by} up to the end
     * of the one that holds now, so "7d" by day is today and the 6 days before it, as the view's "last 7 days"; a date
     * or an instant starts at the start of the bucket that holds it (the figures are kept by whole bucket, so that is
     * what they cover, and the period says so) and also ends at the end of the bucket that holds now.
     *
     * @return the request of that period, with no filter
     * @throws StudioException one line naming the value and the forms taken
     */
    public static MonitorRequest period(String text, org.promptstudio.monitor.Grain by, java.time.Clock clock) {
        java.time.Duration ago = ago(text);
        if (ago != null) return MonitorRequest.last(ago, by, clock);
        java.time.Instant given = since(text, clock.instant());
        long width = by.width().toSeconds();
        java.time.Instant from = java.time.Instant.ofEpochSecond(Math.floorDiv(given.getEpochSecond(), width) * width);
        java.time.Instant to = MonitorRequest.endOfCurrentBucket(by, clock);
        if (!from.isBefore(to)) return MonitorRequest.all(from, from.plusSeconds(1), by); // the caller says "not past"
        return MonitorRequest.all(from, to, by);
    }

    /**
     * The length of a time ago ({@code 90m}, {@code 24h}, {@code 7d}, {@code 2w}), or null when {@code text} is not
     * one.
     *
     * @throws StudioException one line for 0 or more than 100 years
     */
    private static java.time.Duration ago(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
        java.util.regex.Matcher m = AGO.matcher(t);
        if (!m.matches()) return null;
        long n = Long.parseLong(m.group(1));
        if (n == 0) throw new StudioException("--since " + text + ": give a period of at least 1");
        if (n > FARTHEST.toMinutes()) {
            throw new StudioException("--since " + text + ": too far back; give at most 100 years (36500d)");
        }
        java.time.Duration d = switch (m.group(2)) {
            case "m" -> java.time.Duration.ofMinutes(n);
            case "h" -> java.time.Duration.ofHours(n);
            case "d" -> java.time.Duration.ofDays(n);
            default -> java.time.Duration.ofDays(7 * n);
        };
        if (d.compareTo(FARTHEST) > 0) {
            throw new StudioException("--since " + text + ": too far back; give at most 100 years (36500d)");
        }
        return d;
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
            List<String> known = studio.prompts().list().stream().map(PromptRef::id).toList();
            throw new UnknownFilterException("no prompt '" + prompt + "' in this workspace; " + (known.isEmpty()
                    ? "prompts/ holds none" : "prompts: " + UnknownFilterException.list(known, 20)), e);
        }
    }

    /** The labels of {@code path} with the versions they point at; none when its history cannot be read (no git). */
    private static List<org.promptstudio.vcs.PromptLabel> labels(Versions v, String path) {
        try {
            return v.byPath().labels(path);
        } catch (StudioException e) {
            return List.of(); // a folder that is not a git repository has no labels
        }
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
            throw new UnknownFilterException("no rating schema '" + named + "' in studio.yaml" + (ratings.isEmpty()
                    ? " (it has none: add one under labels:)" : " (rating schemas: " + String.join(", ", ratings)
                    + ")"));
        }
        for (LabelSchema s : studio.workspace().config().labelSchemas()) {
            if (s.type() == LabelSchema.Type.RATING) return s.name();
        }
        return null;
    }
}
