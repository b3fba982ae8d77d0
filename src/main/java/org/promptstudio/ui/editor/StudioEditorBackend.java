package org.promptstudio.ui.editor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.promptstudio.app.Editing;
import org.promptstudio.app.Previews;
import org.promptstudio.app.Studio;
import org.promptstudio.model.Message;
import org.promptstudio.model.Part;
import org.promptstudio.ui.editor.Preview.InputField;
import org.promptstudio.ui.editor.Preview.Line;
import org.promptstudio.ui.editor.Preview.MessageBlock;
import org.promptstudio.ui.editor.Preview.ModelCost;
import org.promptstudio.ui.editor.Preview.Problem;
import org.promptstudio.ui.editor.Preview.Problem.Severity;

/**
 * The editor's {@link EditorBackend} over the workspace's use cases: {@code app.Previews} renders the unsaved text
 * (the parser and renderer {@code studio render} uses, tokens and cost per model as {@code studio run --dry-run}
 * estimates them), {@code app.Editing} reads, saves as a commit, lists inputs, partials and dataset cases, and keeps
 * recovery copies. This class only turns their values into what the editor shows.
 */
public final class StudioEditorBackend implements EditorBackend {

    private final Previews previews;
    private final Editing editing;

    public StudioEditorBackend(Studio studio) {
        this(studio.previews(), new Editing(studio));
    }

    public StudioEditorBackend(Previews previews, Editing editing) {
        this.previews = previews;
        this.editing = editing;
    }

    @Override
    public String load(String path) {
        return editing.read(path);
    }

    /**
     * Renders with the example input of each field the user left empty (a placeholder such as {@code <question>},
     * or the default), so a prompt previews before anything is typed; text typed for a number or boolean field is
     * read as one (text that is not one is passed as it is, and the input check names the field).
     */
    @Override
    public Preview preview(String path, String text, Map<String, Object> input) {
        List<Editing.InputField> declared = editing.inputFields(path, text);
        Map<String, Object> data = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (Editing.InputField f : declared) {
            if (f.example() != null) data.put(f.name(), f.example());
            types.put(f.name(), f.type());
        }
        input.forEach((name, value) -> {
            if (value instanceof String s) {
                if (!s.isEmpty()) data.put(name, typed(s, types.getOrDefault(name, "string")));
            } else if (value != null) {
                data.put(name, value);
            }
        });
        Previews.Preview p = previews.render(path, text, data);
        List<Problem> problems = new ArrayList<>();
        p.errors().forEach(e -> problems.add(new Problem(Severity.ERROR, e.source(), e.line(), e.column(), e.message())));
        p.warnings().forEach(w -> problems.add(new Problem(Severity.WARNING, w.source(), w.line(), w.column(),
                w.message())));
        List<ModelCost> costs = p.costs().stream().map(c -> new ModelCost(c.modelId(), c.inputTokens(),
                c.exactCount(), c.outputTokens(), c.minCostUsd(), c.maxCostUsd())).toList();
        List<InputField> fields = declared.stream().map(f -> new InputField(f.name(), f.type(), f.description(),
                f.required(), f.choices(), f.example())).toList();
        return new Preview(p.rendered() ? blocks(p.messages()) : List.of(), problems, fields, costs);
    }

    private static Object typed(String s, String type) {
        try {
            return switch (type) {
                case "integer" -> Long.parseLong(s.strip());
                case "number" -> Double.parseDouble(s.strip());
                case "boolean" -> s.equals("true") ? Boolean.TRUE : s.equals("false") ? Boolean.FALSE : s;
                default -> s;
            };
        } catch (NumberFormatException e) {
            return s;
        }
    }

    /** Messages as blocks of lines: text runs, one line per media part, one per section filled in later. */
    static List<MessageBlock> blocks(List<Message> messages) {
        List<MessageBlock> out = new ArrayList<>();
        for (Message m : messages) {
            List<Line> lines = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (Part part : m.content()) {
                if (part instanceof Part.Text t) {
                    text.append(t.text());
                    continue;
                }
                flush(text, lines);
                if (part instanceof Part.Media media) {
                    lines.add(new Line(Line.Kind.MEDIA, media.contentType() == null ? media.url()
                            : media.url() + " (" + media.contentType() + ")"));
                } else if (part instanceof Part.Pending pending) {
                    Object purpose = pending.metadata().get("purpose");
                    lines.add(new Line(Line.Kind.PENDING, "filled in later: " + (purpose == null ? "section" : purpose)));
                }
            }
            flush(text, lines);
            out.add(new MessageBlock(m.role(), lines));
        }
        return out;
    }

    private static void flush(StringBuilder text, List<Line> lines) {
        String t = text.toString().strip();
        if (!t.isEmpty()) lines.add(new Line(Line.Kind.TEXT, t));
        text.setLength(0);
    }

    @Override
    public List<String> partialNames() {
        return editing.partialNames();
    }

    @Override
    public List<String> datasets() {
        return editing.datasets();
    }

    @Override
    public List<DatasetRow> rows(String name) {
        return editing.cases(name).stream().map(c -> new DatasetRow(c.id(), c.input())).toList();
    }

    @Override
    public String save(String path, String text, String message) {
        Editing.Saved saved = editing.save(path, text, message);
        if (saved.note() != null) return saved.note(); // e.g. a file in conflict during a merge: written, not committed
        if (!saved.committed()) return path + " is unchanged since its last version: nothing to save";
        return "saved " + (saved.version() > 0 ? "version " + saved.version() + " " : "") + "(" + saved.commit() + ")";
    }

    @Override
    public boolean uncommitted(String path) {
        return editing.uncommitted(path);
    }

    @Override
    public Optional<String> recovery(String path) {
        return editing.recovery(path);
    }

    @Override
    public void writeRecovery(String path, String text) {
        editing.writeRecovery(path, text);
    }

    @Override
    public void deleteRecovery(String path) {
        editing.deleteRecovery(path);
    }
}
