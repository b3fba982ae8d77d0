package org.promptstudio.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.promptstudio.experiment.ExperimentSpec;
import org.promptstudio.experiment.ExperimentSpecReader;
import org.promptstudio.model.Message;
import org.promptstudio.model.Part;
import org.promptstudio.model.StudioException;
import org.promptstudio.template.ExampleInput;
import org.promptstudio.template.PartialReferences;
import org.promptstudio.template.PromptRenderer;
import org.promptstudio.template.RenderData;
import org.promptstudio.template.RenderedPrompt;
import org.promptstudio.template.ParsedPrompt;
import org.promptstudio.template.PromptLibrary;
import org.promptstudio.template.PromptRef;
import org.promptstudio.vcs.LabelChange;
import org.promptstudio.vcs.PartialLinks;
import org.promptstudio.vcs.PromptDiff;
import org.promptstudio.vcs.PromptLabel;
import org.promptstudio.vcs.PromptVersion;
import org.promptstudio.vcs.PromptVersions;
import org.promptstudio.vcs.SaveResult;
import org.promptstudio.vcs.TextDiff;
import org.promptstudio.vcs.VcsException;
import org.promptstudio.vcs.VersionFiles;
import org.promptstudio.vcs.VersionSpec;

/**
 * Prompt versions by prompt id ({@code answer}, {@code answer.formal}, {@code _rules} or {@code prompts/answer.prompt}):
 * finds the file, checks the template and finds its partials before a save, and hands the rest to
 * {@link PromptVersions}. Version specs are those of {@link VersionSpec}. A version is the prompt's closure: the
 * prompt and every partial it uses (decision 0014).
 */
public final class Versions {

    /**
     * A version shown: {@code version} is null for the working copy.
     *
     * @param content  the prompt's own text
     * @param partials the partials it uses at that version, by path
     */
    public record Shown(String path, PromptVersion version, String content, Map<String, String> partials) {
        public Shown {
            partials = partials == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(partials));
        }
    }

    /**
     * What a rename did.
     *
     * @param result    the rename's commit
     * @param updated   the files that named the old one and were changed in the same commit (experiments, prompts
     *                  and partials including a renamed partial)
     * @param notUpdated files that still name the old one, each with why it was left ({@code experiments/a.yaml: has
     *                  unsaved changes}); the user fixes these
     */
    public record Moved(SaveResult result, List<String> updated, List<String> notUpdated) {
        public Moved {
            updated = List.copyOf(updated);
            notUpdated = List.copyOf(notUpdated);
        }
    }

    /** How versions find partials: {@code {{> name}}} in a file names {@code _name.prompt} in the same folder. */
    public static PartialLinks partialLinks() {
        return (path, text) -> {
            int slash = path.lastIndexOf('/');
            String dir = slash < 0 ? "" : path.substring(0, slash + 1);
            List<String> out = new ArrayList<>();
            for (String name : PartialReferences.in(text)) out.add(dir + "_" + name + PromptLibrary.EXTENSION);
            return out;
        };
    }

    private final PromptLibrary prompts;
    private final PromptVersions versions;
    private final java.nio.file.Path root;

    Versions(java.nio.file.Path root, PromptLibrary prompts, PromptVersions versions) {
        this.root = root;
        this.prompts = prompts;
        this.versions = versions;
    }

    /**
     * Refuses, before anything is written, when {@code target} cannot be written (a read-only checkout, another
     * user's folder): one line naming the folder (docs/decisions/0043).
     */
    private static void requireWritable(String what, java.nio.file.Path target) {
        String problem = org.promptstudio.model.WriteAccess.problem(target, what);
        if (problem != null) throw new VcsException(problem);
    }

    /** The vcs service itself, for callers that already have paths. */
    PromptVersions byPath() {
        return versions;
    }

    /** The workspace-relative path of a prompt: one on disk, else one that only has saved versions. */
    public String path(String prompt) {
        String id = prompt.replace('\\', '/');
        Optional<PromptRef> ref = prompts.find(id);
        if (ref.isPresent()) return ref.get().relativePath();
        String dir = prompts.directory().getFileName().toString();
        String name = id.substring(id.lastIndexOf('/') + 1);
        if (!name.endsWith(PromptLibrary.EXTENSION)) name += PromptLibrary.EXTENSION;
        String path = dir + "/" + name;
        if (Files.isRegularFile(prompts.directory().resolve(name))) return path; // a partial
        if (!name.startsWith("_") && !versions.history(path).isEmpty()) return path; // deleted, but saved before
        prompts.require(prompt); // throws, listing the prompts there are
        return path;
    }

    public List<PromptVersion> history(String prompt) {
        return versions.history(path(prompt));
    }

    public PromptVersion resolve(String prompt, String spec) {
        return versions.resolve(path(prompt), spec);
    }

    public String contentAt(String prompt, String spec) {
        return versions.contentAt(path(prompt), spec);
    }

    /** {@code answer@production}, {@code answer@3}, {@code answer@working}; {@code answer} alone is the latest version. */
    public Shown show(String promptAtSpec) {
        VersionSpec.PromptAt at = VersionSpec.promptAt(promptAtSpec);
        String path = path(at.prompt());
        VersionFiles files = versions.files(path, at.spec() == null ? "latest" : at.spec());
        return new Shown(files.path(), files.version(), files.prompt(), files.partials());
    }

    /** The prompt and the partials it uses at {@code spec} ({@code working} for the files on disk). */
    public VersionFiles files(String prompt, String spec) {
        return versions.files(path(prompt), spec);
    }

    /**
     * The other prompts (ids, sorted) whose rendered prompt depends on one of {@code partialPaths}: saving or restoring
     * those partials made a new version of each of them too (decision 0014). Prompts that do not parse are left out.
     */
    public List<String> sharing(String prompt, Collection<String> partialPaths) {
        String self = prompt == null ? null : path(prompt);
        List<String> out = new ArrayList<>();
        if (partialPaths.isEmpty()) return out;
        for (PromptRef ref : prompts.list()) {
            if (ref.relativePath().equals(self)) continue;
            try {
                List<String> used = prompts.partialFiles(prompts.parse(ref));
                if (used.stream().anyMatch(partialPaths::contains)) out.add(ref.id());
            } catch (RuntimeException e) {
                // a prompt that does not parse renders nothing yet; it is reported when it is used
            }
        }
        return out;
    }

    /**
     * Saves a prompt: refuses a template that does not compile (file:line:column, nothing committed), then commits
     * the prompt and the partials it uses that changed.
     */
    public SaveResult save(String prompt, String message) {
        String path = path(prompt);
        java.nio.file.Path file = root.resolve(path);
        if (!Files.isRegularFile(file)) throw new VcsException(path + ": no such file");
        versions.requireCommitPossible("save"); // a rebase's conflict markers are the rebase's to explain
        ParsedPrompt parsed = prompts.parse(PromptLibrary.readText(file, path), path);
        prompts.check(parsed);
        requireWritable("save " + path, root.resolve(".git"));
        return versions.save(path, message, prompts.partialFiles(parsed));
    }

    public LabelChange label(String prompt, String label, String spec) {
        requireWritable("label " + path(prompt), root.resolve(".git"));
        return versions.label(path(prompt), label, spec);
    }

    public PromptVersion removeLabel(String prompt, String label) {
        requireWritable("remove the label " + label, root.resolve(".git"));
        return versions.removeLabel(path(prompt), label);
    }

    public List<PromptLabel> labels(String prompt) {
        return versions.labels(path(prompt));
    }

    public SaveResult restore(String prompt, String spec, String message) {
        String path = path(prompt);
        requireWritable("restore " + path, root.resolve(path));
        requireWritable("restore " + path, root.resolve(".git"));
        return versions.restore(path(prompt), spec, message);
    }

    /** {@code diff}'s rows as {@code git diff --word-diff} prints them: {@code [-removed-]{+added+}} in the lines. */
    public static String wordDiff(PromptDiff diff) {
        return org.promptstudio.vcs.TextDiff.wordDiff(diff.rows());
    }

    /**
     * Compares two versions of a prompt: the source of the prompt and of its partials, and the two sides rendered with
     * the same example input ({@link ExampleInput}, both sides' schemas merged, the newer side's winning), so a change
     * in a shared partial shows as the difference a model would see.
     */
    public PromptDiff diff(String prompt, String from, String to) {
        PromptDiff diff = versions.diff(path(prompt), from, to);
        String fromPath = diff.fromFiles().isEmpty() ? diff.path() : diff.fromFiles().keySet().iterator().next();
        String toPath = diff.toFiles().isEmpty() ? diff.path() : diff.toFiles().keySet().iterator().next();
        try {
            PromptRenderer a = rendererOver(diff.fromFiles(), fromPath);
            PromptRenderer b = rendererOver(diff.toFiles(), toPath);
            ParsedPrompt pa = prompts.parse(diff.fromFiles().getOrDefault(fromPath, ""), fromPath + "@" + diff.from());
            ParsedPrompt pb = prompts.parse(diff.toFiles().getOrDefault(toPath, ""), toPath + "@" + diff.to());
            Map<String, Object> input = new LinkedHashMap<>(ExampleInput.forPrompt(a.resolveMetadata(pa, Map.of())));
            input.putAll(ExampleInput.forPrompt(b.resolveMetadata(pb, Map.of())));
            String ra = text(a.render(pa, RenderData.of(input), Map.of()));
            String rb = text(b.render(pb, RenderData.of(input), Map.of()));
            String id = diff.path().substring(diff.path().lastIndexOf('/') + 1).replaceAll("\\.prompt$", "");
            String unified = TextDiff.unified(id + "@" + diff.from() + " (rendered)", id + "@" + diff.to() + " (rendered)",
                    ra, rb, 3);
            return diff.withRendered(unified, null);
        } catch (StudioException | IllegalArgumentException e) {
            return diff.withRendered("", "cannot render both sides with example input: " + e.getMessage());
        }
    }

    /**
     * One file of a comparison, line by line with word-level changes.
     *
     * @param path the file's path on the newer side (the older side's when the file is gone there)
     * @param rows every line side by side, as {@link TextDiff#rows} gives them
     */
    public record FileChange(String path, List<org.promptstudio.vcs.DiffRow> rows) {
        public FileChange {
            rows = List.copyOf(rows);
        }
    }

    /**
     * One side rendered: its messages as text (each headed by {@code ── role ──}, as {@code studio render} prints),
     * or why it could not be rendered.
     *
     * @param text  the rendered messages, empty when {@code error} is set
     * @param error one line naming the place ({@code prompts/answer.prompt@2:7:3: ...}), or null when it rendered
     */
    public record RenderedSide(String text, String error) {
        /** Whether the side rendered. */
        public boolean rendered() {
            return error == null;
        }
    }

    /**
     * Two versions of a prompt side by side, as the window shows them.
     *
     * @param diff         the comparison {@link #diff} makes (both sides' files, the unified diffs)
     * @param files        the prompt and then each partial that differs, line by line with word-level changes; the
     *                     prompt is always there (all lines the same when only a partial changed)
     * @param fromRendered the older side rendered with the input both sides share
     * @param toRendered   the newer side rendered with the same input
     * @param renderedRows the two rendered texts line by line with word-level changes; empty when a side did not
     *                     render
     * @param input        the input both sides were rendered with: each side's example input from its schema
     *                     ({@link ExampleInput}) with its defaults, the newer side's winning
     */
    public record Comparison(PromptDiff diff, List<FileChange> files, RenderedSide fromRendered,
                             RenderedSide toRendered, List<org.promptstudio.vcs.DiffRow> renderedRows,
                             Map<String, Object> input) {
        public Comparison {
            files = List.copyOf(files);
            renderedRows = List.copyOf(renderedRows);
            input = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(input));
        }
    }

    /**
     * Compares two versions of {@code prompt} for a side-by-side view: the source of the prompt and of each partial
     * that differs, and both sides rendered with one input (as {@link #diff} renders them), each side's rendering
     * failing on its own. Specs are those of {@link VersionSpec}: a number, a label, a commit id, {@code latest} or
     * {@code working}.
     *
     * @throws VcsException naming the prompt and the spec when a side does not exist
     */
    public Comparison compare(String prompt, String from, String to) {
        PromptDiff diff = versions.diff(path(prompt), from, to);
        String fromPath = diff.fromFiles().isEmpty() ? diff.path() : diff.fromFiles().keySet().iterator().next();
        String toPath = diff.toFiles().isEmpty() ? diff.path() : diff.toFiles().keySet().iterator().next();
        List<FileChange> files = new ArrayList<>();
        files.add(new FileChange(toPath, diff.rows()));
        for (String p : diff.changed()) {
            if (p.equals(toPath) || p.equals(fromPath)) continue;
            files.add(new FileChange(p, TextDiff.rows(diff.fromFiles().getOrDefault(p, ""),
                    diff.toFiles().getOrDefault(p, ""))));
        }
        Map<String, Object> input = new LinkedHashMap<>();
        Side a = side(diff.fromFiles(), fromPath, diff.from());
        Side b = side(diff.toFiles(), toPath, diff.to());
        input.putAll(a.example());
        input.putAll(b.example());
        RenderedSide ra = a.render(input);
        RenderedSide rb = b.render(input);
        List<org.promptstudio.vcs.DiffRow> rendered = ra.rendered() && rb.rendered()
                ? TextDiff.rows(ra.text(), rb.text()) : List.of();
        return new Comparison(diff, files, ra, rb, rendered, input);
    }

    /** One side of a comparison, parsed (or why not), ready to render. */
    private record Side(PromptRenderer renderer, ParsedPrompt parsed, String where, String problem) {

        Map<String, Object> example() {
            if (parsed == null) return Map.of();
            try {
                return ExampleInput.forPrompt(renderer.resolveMetadata(parsed, Map.of()));
            } catch (StudioException | IllegalArgumentException e) {
                return Map.of(); // the render says what is wrong with the front matter
            }
        }

        RenderedSide render(Map<String, Object> input) {
            if (problem != null) return new RenderedSide("", problem);
            try {
                return new RenderedSide(text(renderer.render(parsed, RenderData.of(input), Map.of())), null);
            } catch (StudioException | IllegalArgumentException e) {
                return new RenderedSide("", org.promptstudio.model.ErrorText.oneLine(
                        org.promptstudio.model.ErrorText.reason(e)));
            }
        }
    }

    private Side side(Map<String, String> files, String promptPath, String spec) {
        PromptRenderer renderer = rendererOver(files, promptPath);
        String where = promptPath + "@" + spec;
        if (!files.containsKey(promptPath)) return new Side(renderer, null, where, where + ": no such file");
        try {
            return new Side(renderer, prompts.parse(files.get(promptPath), where), where, null);
        } catch (StudioException | IllegalArgumentException e) {
            return new Side(renderer, null, where, org.promptstudio.model.ErrorText.oneLine(
                    org.promptstudio.model.ErrorText.reason(e)));
        }
    }

    /**
     * Whether the prompt's files on disk (the prompt and the partials it uses) differ from its latest saved version:
     * then the history shows a working-copy row. A prompt never saved has unsaved changes; one deleted from disk has
     * none to show.
     */
    public boolean hasUnsavedChanges(String prompt) {
        String path = path(prompt);
        if (!Files.isRegularFile(root.resolve(path))) return false;
        if (versions.history(path).isEmpty()) return true;
        return !versions.files(path, "working").files().equals(versions.files(path, "latest").files());
    }

    /** A renderer whose partials come from {@code files} (a version's closure) instead of the disk. */
    private static PromptRenderer rendererOver(Map<String, String> files, String promptPath) {
        int slash = promptPath.lastIndexOf('/');
        String dir = slash < 0 ? "" : promptPath.substring(0, slash + 1);
        return new PromptRenderer(name -> files.get(dir + "_" + name + PromptLibrary.EXTENSION), null);
    }

    /** The rendered messages as text, one block per message headed by its role (as {@code studio render} prints). */
    static String text(RenderedPrompt rendered) {
        StringBuilder out = new StringBuilder();
        for (Message m : rendered.messages()) {
            out.append("── ").append(m.role()).append(" ──\n");
            StringBuilder body = new StringBuilder();
            for (Part p : m.content()) {
                if (p instanceof Part.Text t) body.append(t.text());
                else if (p instanceof Part.Media media) body.append("[media ").append(media.url()).append("]");
                else if (p instanceof Part.Pending pending) {
                    body.append("[section ").append(pending.metadata().get("purpose")).append("]");
                }
            }
            out.append(body);
            if (body.length() == 0 || body.charAt(body.length() - 1) != '\n') out.append('\n');
        }
        return out.toString();
    }

    /**
     * Renames a prompt ({@code studio mv answer reply}) or a partial ({@code studio mv _rules _policy}); the new name is
     * an id or file name in the same folder. History and labels follow. In the same commit, every experiment that
     * names the prompt ({@code experiments/*.yaml}) and, for a partial, every prompt and partial that includes it
     * ({@code {{> rules}}}) is updated; a file that cannot be updated (unsaved changes, or text this cannot rewrite
     * safely) is named in {@link Moved#notUpdated()} instead.
     */
    public Moved move(String prompt, String newName) {
        String from = path(prompt);
        requireWritable("rename " + from, root.resolve(from).getParent());
        requireWritable("rename " + from, root.resolve(".git"));
        String name = newName.replace('\\', '/');
        String dir = prompts.directory().getFileName().toString();
        if (name.startsWith(dir + "/")) name = name.substring(dir.length() + 1);
        if (name.endsWith(PromptLibrary.EXTENSION)) name = name.substring(0, name.length() - PromptLibrary.EXTENSION.length());
        if (name.isBlank() || name.contains("/") || name.startsWith(".") || !name.matches("[\\w.-]+")) {
            throw new VcsException("'" + newName + "' cannot be a prompt name: use letters, digits, '.', '_' or '-' "
                    + "(prompts live in " + dir + "/)");
        }
        String oldName = from.substring(from.lastIndexOf('/') + 1, from.length() - PromptLibrary.EXTENSION.length());
        boolean partial = oldName.startsWith("_");
        if (partial != name.startsWith("_")) {
            throw new VcsException(partial
                    ? "'" + newName + "': a partial's name starts with '_' (" + oldName + " is a partial; try _" + name + ")"
                    : "'" + newName + "': a name starting with '_' is a partial; " + oldName + " is a prompt");
        }
        String to = dir + "/" + name + PromptLibrary.EXTENSION;
        Map<String, byte[]> edits = new TreeMap<>();
        List<String> notUpdated = new ArrayList<>();
        if (partial) {
            partialUsers(from, oldName.substring(1), name.substring(1), edits, notUpdated);
        } else {
            experimentUsers(oldName, name, edits, notUpdated);
        }
        SaveResult r = versions.move(from, to, null, edits);
        return new Moved(r, List.copyOf(edits.keySet()), notUpdated);
    }

    private static final Pattern EXPERIMENT_FILE = Pattern.compile(".*\\.ya?ml");

    /** Experiments naming prompt {@code oldId}: rewritten to name {@code newId}, checked by reading them back. */
    private void experimentUsers(String oldId, String newId, Map<String, byte[]> edits, List<String> notUpdated) {
        java.nio.file.Path dir = root.resolve("experiments");
        if (!Files.isDirectory(dir)) return;
        ExperimentSpecReader reader = new ExperimentSpecReader();
        List<java.nio.file.Path> files;
        try (Stream<java.nio.file.Path> list = Files.list(dir)) {
            files = list.filter(f -> EXPERIMENT_FILE.matcher(f.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            notUpdated.add("experiments/: cannot list: " + e.getMessage());
            return;
        }
        for (java.nio.file.Path f : files) {
            String rel = "experiments/" + f.getFileName();
            String experiment = f.getFileName().toString().replaceAll("\\.ya?ml$", "");
            String text = readOrNote(f, rel, notUpdated);
            if (text == null) continue;
            long uses;
            try {
                uses = countUses(reader.parse(text, experiment, rel), oldId);
            } catch (RuntimeException e) {
                // It does not read as an experiment now; say so when it seems to name the prompt.
                if (Pattern.compile("(?<![\\w.-])" + Pattern.quote(oldId) + "(?![\\w-]|\\.\\w)").matcher(text).find()) {
                    notUpdated.add(rel + ": may name '" + oldId + "', but it does not read as an experiment (" + e.getMessage()
                            + "); check it by hand");
                }
                continue;
            }
            if (uses == 0) continue;
            if (versions.hasUnsavedChanges(rel)) {
                notUpdated.add(rel + ": names '" + oldId + "' but has unsaved changes; change it to '" + newId + "' yourself");
                continue;
            }
            String updated = rewriteExperiment(text, oldId, newId);
            boolean ok;
            try {
                ExperimentSpec after = reader.parse(updated, experiment, rel);
                ok = countUses(after, oldId) == 0 && countUses(after, newId) >= uses;
            } catch (RuntimeException e) {
                ok = false;
            }
            if (ok) {
                edits.put(rel, org.promptstudio.model.TextFile.keepingBom(f, updated).getBytes(StandardCharsets.UTF_8));
            } else {
                notUpdated.add(rel + ": names '" + oldId + "' in a form this cannot rewrite safely; change it to '"
                        + newId + "' yourself");
            }
        }
    }

    private static long countUses(ExperimentSpec spec, String id) {
        return spec.prompts().stream().filter(p -> p.prompt().equals(id) || p.prompt().equals(id + PromptLibrary.EXTENSION))
                .count();
    }

    /**
     * Replaces the prompt id where the experiment's {@code prompts:} list names it: a list item ({@code - answer},
     * {@code [answer, x]}, {@code answer@3}) or a {@code prompt:} value, quoted or not. Only the {@code prompts:}
     * block is touched; the caller reads the result back to check it.
     */
    static String rewriteExperiment(String text, String oldId, String newId) {
        Pattern token = Pattern.compile("(?<=^|[\\s\\[,{:'\"-])" + Pattern.quote(oldId)
                + "(?=(?:\\.prompt)?(?:@[^\\s,\\]}'\"#]*)?['\"]?\\s*(?:[,\\]}#]|$))");
        StringBuilder out = new StringBuilder();
        boolean inPrompts = false;
        for (String line : text.split("(?<=\n)", -1)) {
            boolean topLevel = !line.isBlank() && !Character.isWhitespace(line.charAt(0)) && line.charAt(0) != '-'
                    && line.charAt(0) != '#';
            if (topLevel) inPrompts = line.startsWith("prompts:");
            if (inPrompts) {
                String body = line;
                String tail = "";
                int comment = line.indexOf(" #");
                if (comment >= 0) {
                    body = line.substring(0, comment);
                    tail = line.substring(comment);
                }
                if (topLevel) {
                    out.append("prompts:").append(token.matcher(body.substring("prompts:".length()))
                            .replaceAll(Matcher.quoteReplacement(newId))).append(tail);
                } else {
                    out.append(token.matcher(body).replaceAll(Matcher.quoteReplacement(newId))).append(tail);
                }
            } else {
                out.append(line);
            }
        }
        return out.toString();
    }

    /** Prompts and partials that include partial {@code oldName}: their {@code {{> old}}} becomes {@code {{> new}}}. */
    private void partialUsers(String movedPath, String oldName, String newName, Map<String, byte[]> edits,
                              List<String> notUpdated) {
        java.nio.file.Path dir = prompts.directory();
        String folder = dir.getFileName().toString();
        List<java.nio.file.Path> files;
        try (Stream<java.nio.file.Path> list = Files.list(dir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(PromptLibrary.EXTENSION)).sorted().toList();
        } catch (IOException e) {
            notUpdated.add(folder + "/: cannot list: " + e.getMessage());
            return;
        }
        for (java.nio.file.Path f : files) {
            String rel = folder + "/" + f.getFileName();
            if (rel.equals(movedPath)) continue;
            String text = readOrNote(f, rel, notUpdated);
            if (text == null) continue;
            if (!PartialReferences.in(text).contains(oldName)) continue;
            if (versions.hasUnsavedChanges(rel)) {
                notUpdated.add(rel + ": includes {{> " + oldName + "}} but has unsaved changes; change it to {{> "
                        + newName + "}} yourself");
                continue;
            }
            String updated = rewritePartialUse(text, oldName, newName);
            if (PartialReferences.in(updated).contains(oldName)) {
                notUpdated.add(rel + ": includes '" + oldName + "' in a form this cannot rewrite safely; change it to '"
                        + newName + "' yourself");
            } else {
                edits.put(rel, org.promptstudio.model.TextFile.keepingBom(f, updated).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** {@code {{> old ...}}}, {@code {{#> old}}...{{/old}}} with any whitespace control: the name replaced. */
    static String rewritePartialUse(String text, String oldName, String newName) {
        String name = Pattern.quote(oldName);
        String replacement = "$1" + Matcher.quoteReplacement(newName);
        String out = Pattern.compile("((?<!\\\\)\\{\\{~?\\s*#?>\\s*)" + name + "(?![A-Za-z0-9_.-])").matcher(text)
                .replaceAll(replacement);
        if (Pattern.compile("\\{\\{~?\\s*#>\\s*" + Pattern.quote(newName) + "(?![A-Za-z0-9_.-])").matcher(out).find()) {
            out = Pattern.compile("(\\{\\{~?\\s*/\\s*)" + name + "(?=\\s*~?}})").matcher(out).replaceAll(replacement);
        }
        return out;
    }

    /**
     * The text of workspace file {@code f} ({@code rel}, its path in the workspace), or null when it is no text or
     * cannot be read; then why is added to {@code notUpdated} as one line naming {@code rel}.
     */
    private static String readOrNote(java.nio.file.Path f, String rel, List<String> notUpdated) {
        try {
            return org.promptstudio.model.TextFile.read(f, rel);
        } catch (org.promptstudio.model.TextFile.NotText e) {
            notUpdated.add(e.getMessage());
        } catch (IOException e) {
            notUpdated.add(rel + ": cannot read: " + org.promptstudio.model.AtomicFile.reason(e));
        }
        return null;
    }
}
