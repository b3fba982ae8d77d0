package org.promptstudio.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.promptstudio.model.AtomicFile;
import org.promptstudio.model.StudioException;
import org.promptstudio.template.PromptLibrary;
import org.promptstudio.vcs.SaveResult;
import org.promptstudio.workspace.Dataset;
import org.promptstudio.workspace.TestCase;
import org.promptstudio.workspace.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "edit a prompt file" use case, beside {@link Previews}: read a file of the workspace, the input fields its front
 * matter declares (for a form) with example values, the partials and dataset cases a preview may use, save the
 * editor's text as a commit, and keep a recovery copy of unsaved text under {@code .studio/recovery/} that survives
 * a crash (docs/decisions/0054, 0055). Paths are as the workspace names them ({@code prompts/answer.prompt}). Safe
 * to call from any thread; the recovery copy of one file should be written from one thread at a time.
 */
public final class Editing {

    private static final Logger LOG = LoggerFactory.getLogger(Editing.class);

    /**
     * One input field of a prompt's input schema.
     *
     * @param name        the field's name
     * @param type        its JSON Schema type ({@code string}, {@code number}, {@code integer}, {@code boolean},
     *                    {@code object}, {@code array}), {@code enum} for a list of values, or empty when not given
     * @param description the schema's description, or empty
     * @param required    whether the schema requires it
     * @param choices     the values of an enum, as text (an optional enum's null left out); empty otherwise
     * @param example     the value a preview uses when none is given: the default, else a placeholder
     *                    ({@code <question>}), 1 for numbers, true for booleans
     */
    public record InputField(String name, String type, String description, boolean required, List<String> choices,
                             Object example) {
        public InputField {
            type = type == null ? "" : type;
            description = description == null ? "" : description;
            choices = List.copyOf(choices);
        }
    }

    /**
     * One case of a dataset, for choosing a preview's input.
     *
     * @param id    the case's id ({@code id} column, else {@code name:line})
     * @param input its input variables as read
     */
    public record DatasetCase(String id, Map<String, Object> input) {
        public DatasetCase {
            input = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(input));
        }
    }

    /**
     * What a save did.
     *
     * @param committed whether a commit was made (false: the text was what the last version holds)
     * @param version   the prompt's version number after it; 0 when it cannot be counted (a shallow clone)
     * @param commit    the new commit's short id, or null when nothing was committed
     * @param note      what to tell the user instead of a version when nothing was committed for another reason than
     *                  an unchanged text (a file in conflict written for the merge to commit), or null
     */
    public record Saved(boolean committed, int version, String commit, String note) {

        /** A save with nothing more to say. */
        public Saved(boolean committed, int version, String commit) {
            this(committed, version, commit, null);
        }
    }

    private final Workspace workspace;
    private final PromptLibrary prompts;
    private final Versions versions;
    private final Studio studio;

    /** The editing use case for {@code studio}'s workspace. */
    public Editing(Studio studio) {
        this.studio = studio;
        this.workspace = studio.workspace();
        this.prompts = studio.prompts();
        this.versions = studio.versions();
    }

    /**
     * The text of {@code path}, read as UTF-8.
     *
     * @throws StudioException naming the path: not found, not inside the workspace, binary or not UTF-8
     */
    public String read(String path) {
        return PromptLibrary.readText(file(path), path);
    }

    /**
     * The input fields {@code text}'s front matter declares, in schema order, each with the example value a preview
     * uses; empty for a partial, a prompt without an input schema, or front matter that does not parse (the preview
     * names that error).
     */
    public List<InputField> inputFields(String path, String text) {
        if (path.substring(path.lastIndexOf('/') + 1).startsWith("_")) return List.of();
        // The editor asks after every pause in typing, mostly in the body: the fields depend on the front matter only.
        String front = frontMatter(text);
        if (front == null) return List.of();
        String key = path + "\u0000" + front;
        synchronized (this) {
            if (key.equals(lastFieldsKey)) return lastFields;
        }
        List<InputField> fields = readFields(path, text);
        synchronized (this) {
            lastFieldsKey = key;
            lastFields = fields;
        }
        return fields;
    }

    private String lastFieldsKey;
    private List<InputField> lastFields = List.of();

    /** The front matter block with its {@code ---} lines, or null when the text has none (so no input schema). */
    static String frontMatter(String text) {
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        if (!text.startsWith("---")) return null;
        int end = text.indexOf("\n---", 3);
        return end < 0 ? text : text.substring(0, end + 4);
    }

    /** The fields of the input form {@link Previews#inputForm} reads (one reading of the schema for both). */
    @SuppressWarnings("unchecked")
    private List<InputField> readFields(String path, String text) {
        Previews.InputForm form = studio.previews().inputForm(path, text);
        Map<String, Object> schema = form.schema();
        if (schema == null || !(schema.get("properties") instanceof Map<?, ?> props)) return List.of();
        List<?> required = schema.get("required") instanceof List<?> r ? r : List.of();
        Map<String, Object> example = form.example();
        List<InputField> out = new ArrayList<>();
        props.forEach((key, value) -> {
            String name = String.valueOf(key);
            Map<String, Object> field = value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
            List<String> choices = field.get("enum") instanceof List<?> values
                    ? values.stream().filter(v -> v != null).map(String::valueOf).toList() : List.of();
            String type = choices.isEmpty() ? typeOf(field.get("type")) : "enum";
            Object description = field.get("description");
            out.add(new InputField(name, type, description == null ? "" : description.toString(),
                    required.contains(key), choices, example.get(name)));
        });
        return out;
    }

    private static String typeOf(Object type) {
        if (type instanceof List<?> types) {
            return types.stream().map(String::valueOf).filter(t -> !t.equals("null")).findFirst().orElse("");
        }
        return type == null ? "" : type.toString();
    }

    /** The partial names a template may include ({@code rules} for {@code _rules.prompt}), sorted. */
    public List<String> partialNames() {
        return studio.previews().partials();
    }

    /** The names of the workspace's datasets, sorted. */
    public List<String> datasets() {
        return studio.loadDatasets().stream().map(Dataset::name).distinct().sorted().toList();
    }

    /**
     * The cases of dataset {@code name} that loaded, in file order (bad rows are left out, as a run leaves them).
     *
     * @throws StudioException when there is no such dataset
     */
    public List<DatasetCase> cases(String name) {
        Dataset dataset = studio.loadDatasets().stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new StudioException("datasets/" + name + ": no such dataset"));
        List<DatasetCase> out = new ArrayList<>();
        for (TestCase c : dataset.cases()) out.add(new DatasetCase(c.id(), c.input()));
        return out;
    }

    /**
     * Saves {@code text} as the next version of {@code path}: writes the file, then commits it with {@code message}
     * as {@code studio save} does (the template checked, its changed partials committed with it). When the commit is
     * refused (a key found by the secret scan, a template that does not compile, git busy) the file is put back as
     * it was, so the disk keeps the last saved text, and the refusal is thrown; its message names the file and line
     * and shows a key only masked.
     */
    public Saved save(String path, String text, String message) {
        Path file = file(path);
        Branching branching = studio.branches();
        if (branching.mergeInProgress() && branching.conflicts().contains(path)) {
            // Resolving a merge: git commits the file with the merge ("Continue merge"), not on its own, so the text
            // is written and kept, and nothing is committed now.
            AtomicFile.writeString(file, path, text);
            List<String> left = new ArrayList<>();
            for (String p : branching.conflicts()) {
                Path f = workspace.root().resolve(p);
                try {
                    if (Files.isRegularFile(f) && org.promptstudio.model.ConflictMarkers.find(
                            PromptLibrary.readText(f, p)).isPresent()) {
                        left.add(p);
                    }
                } catch (StudioException notText) {
                    // git leaves no markers in a file that is not text: the merge decides about it.
                }
            }
            return new Saved(false, 0, null, left.isEmpty()
                    ? path + " written; every conflict is resolved: Continue merge commits the merge"
                    : path + " written; still in conflict: " + String.join(", ", left) + " (the merge commits them"
                    + " once each is resolved)");
        }
        byte[] before;
        try {
            before = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            before = null;
        } catch (IOException e) {
            throw new StudioException(path + ": cannot read: " + AtomicFile.reason(e), e);
        }
        AtomicFile.writeString(file, path, text);
        SaveResult result;
        try {
            result = versions.save(path, message);
        } catch (RuntimeException e) {
            try {
                if (before != null) AtomicFile.write(file, path, before);
                else Files.deleteIfExists(file);
            } catch (IOException | RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        return new Saved(!result.nothingCommitted(), result.version() == null ? 0 : result.version().number(),
                result.commitShortId());
    }

    /**
     * Whether {@code path} on disk, or a partial it uses, differs from its latest saved version (a commit), or was
     * never saved: what History shows as "working · Unsaved changes" ({@link Versions#hasUnsavedChanges}). False
     * when the file is not on disk. Errors (git unreadable) are thrown as a {@code StudioException} naming the file.
     */
    public boolean uncommitted(String path) {
        return versions.hasUnsavedChanges(path);
    }

    /** The recovery copy of {@code path} an editor left when it did not close cleanly, if there is one. */
    public Optional<String> recovery(String path) {
        Path copy = recoveryFile(path);
        if (!Files.isRegularFile(copy)) return Optional.empty();
        return Optional.of(PromptLibrary.readText(copy, workspace.relative(copy)));
    }

    /** Keeps {@code text} as the recovery copy of {@code path} (under {@code .studio/recovery/}, never committed). */
    public void writeRecovery(String path, String text) {
        Path copy = recoveryFile(path);
        try {
            Files.createDirectories(copy.getParent());
        } catch (IOException e) {
            throw new StudioException(workspace.relative(copy.getParent()) + ": cannot create: "
                    + AtomicFile.reason(e), e);
        }
        AtomicFile.writeString(copy, workspace.relative(copy), text);
    }

    /** Deletes the recovery copy of {@code path}; nothing happens when there is none. */
    public void deleteRecovery(String path) {
        Path copy = recoveryFile(path);
        try {
            Files.deleteIfExists(copy);
        } catch (IOException e) {
            LOG.warn("cannot delete the recovery copy {}", copy, e);
        }
    }

    private Path recoveryFile(String path) {
        file(path); // only files inside the workspace have copies
        return workspace.stateDir().resolve("recovery").resolve(path).normalize();
    }

    private Path file(String path) {
        Path root = workspace.root();
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root) || file.startsWith(workspace.stateDir())) {
            throw new StudioException(path + ": not a file of the workspace");
        }
        return file;
    }
}
