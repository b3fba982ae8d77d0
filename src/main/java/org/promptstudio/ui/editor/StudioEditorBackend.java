package org.promptstudio.ui.editor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.promptstudio.app.Studio;
import org.promptstudio.model.AtomicFile;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;
import org.promptstudio.model.Part;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.Pricing;
import org.promptstudio.provider.TokenCounter;
import org.promptstudio.template.ExampleInput;
import org.promptstudio.template.ParsedPrompt;
import org.promptstudio.template.PromptLibrary;
import org.promptstudio.template.PromptMetadata;
import org.promptstudio.template.RenderData;
import org.promptstudio.template.RenderedPrompt;
import org.promptstudio.template.TemplateException;
import org.promptstudio.template.TemplateWarning;
import org.promptstudio.ui.editor.Preview.InputField;
import org.promptstudio.ui.editor.Preview.Line;
import org.promptstudio.ui.editor.Preview.MessageBlock;
import org.promptstudio.ui.editor.Preview.ModelCost;
import org.promptstudio.ui.editor.Preview.Problem;
import org.promptstudio.ui.editor.Preview.Problem.Severity;
import org.promptstudio.vcs.SaveResult;
import org.promptstudio.workspace.Dataset;
import org.promptstudio.workspace.TestCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The editor's {@link EditorBackend} over an open {@link Studio}: parses and renders with the workspace's prompt
 * library (the parser the command line uses), counts tokens with the provider's tokenizer, saves through
 * {@code Studio.versions()}, and keeps recovery copies under {@code .studio/recovery/}.
 *
 * <p>Until {@code app.Previews} is merged this class renders with the template package itself, as
 * {@code studio render} does; it is the only editor class that reaches below {@code app}.
 */
public final class StudioEditorBackend implements EditorBackend {

    private static final Logger LOG = LoggerFactory.getLogger(StudioEditorBackend.class);

    private final Studio studio;
    private final TokenCounter tokens = new TokenCounter();

    public StudioEditorBackend(Studio studio) {
        this.studio = studio;
    }

    @Override
    public String load(String path) {
        return PromptLibrary.readText(file(path), path);
    }

    @Override
    public Preview preview(String path, String text, Map<String, Object> input) {
        PromptLibrary library = studio.prompts();
        List<Problem> problems = new ArrayList<>();
        List<InputField> fields = List.of();
        try {
            ParsedPrompt parsed = library.parse(text, path);
            PromptMetadata resolved = library.renderer().resolveMetadata(parsed, Map.of());
            fields = fields(resolved);
            library.check(parsed);
            Map<String, Object> data = new LinkedHashMap<>(ExampleInput.forPrompt(resolved));
            data.putAll(typed(input, resolved.inputSchema()));
            RenderedPrompt rendered = library.render(parsed, RenderData.of(data), Map.of());
            for (TemplateWarning w : rendered.warnings()) {
                problems.add(new Problem(Severity.WARNING, w.source(), w.line(), w.column(), w.message()));
            }
            return new Preview(blocks(rendered.messages()), problems, fields, costs(rendered.messages()));
        } catch (TemplateException e) {
            problems.add(problem(e, path));
            return new Preview(List.of(), problems, fields, List.of());
        }
    }

    /** The error's own place and reason: the message without its {@code file:line:column: } prefix. */
    private static Problem problem(TemplateException e, String path) {
        String source = e.source() == null ? path : e.source();
        String message = e.getMessage();
        String prefix = source + (e.line() > 0 ? ":" + e.line() + (e.column() > 0 ? ":" + e.column() : "") : "") + ": ";
        if (message.startsWith(prefix)) message = message.substring(prefix.length());
        return new Problem(Severity.ERROR, source, e.line(), e.column(), message);
    }

    private List<ModelCost> costs(List<Message> messages) {
        List<ModelCost> out = new ArrayList<>();
        for (ModelRef model : studio.models().models()) {
            int count = tokens.countMessages(model.model(), messages);
            out.add(new ModelCost(model.id(), count, tokens.isExact(model.model()),
                    Pricing.of(model).cost(count, 0)));
        }
        return out;
    }

    /** The schema's fields for the form; a schema without properties has none. */
    @SuppressWarnings("unchecked")
    static List<InputField> fields(PromptMetadata metadata) {
        Map<String, Object> schema = metadata.inputSchema();
        if (schema == null || !(schema.get("properties") instanceof Map<?, ?> props)) return List.of();
        List<?> required = schema.get("required") instanceof List<?> r ? r : List.of();
        Map<String, Object> example = ExampleInput.forPrompt(metadata);
        List<InputField> out = new ArrayList<>();
        props.forEach((key, value) -> {
            String name = String.valueOf(key);
            Map<String, Object> field = value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
            List<String> choices = field.get("enum") instanceof List<?> values
                    ? values.stream().map(String::valueOf).toList() : List.of();
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

    /**
     * Values typed into the form are text: a number or boolean field reads them as such (a value that is not one
     * is passed as text, so the schema check names the field). Empty text means "use the example".
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> typed(Map<String, Object> input, Map<String, Object> schema) {
        Map<String, Object> props = schema != null && schema.get("properties") instanceof Map<?, ?> p
                ? (Map<String, Object>) p : Map.of();
        Map<String, Object> out = new LinkedHashMap<>();
        input.forEach((name, value) -> {
            if (!(value instanceof String s)) {
                out.put(name, value);
                return;
            }
            if (s.isEmpty()) return;
            Object field = props.get(name);
            String type = field instanceof Map<?, ?> f ? typeOf(f.get("type")) : "string";
            out.put(name, switch (type) {
                case "integer" -> parse(s, true);
                case "number" -> parse(s, false);
                case "boolean" -> s.equals("true") ? Boolean.TRUE : s.equals("false") ? Boolean.FALSE : s;
                default -> s;
            });
        });
        return out;
    }

    private static Object parse(String s, boolean integer) {
        try {
            return integer ? (Object) Long.parseLong(s.strip()) : (Object) Double.parseDouble(s.strip());
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
        return studio.prompts().partials();
    }

    @Override
    public List<String> datasets() {
        return studio.datasets().files().stream().map(f -> {
            String n = f.getFileName().toString();
            int dot = n.lastIndexOf('.');
            return dot < 0 ? n : n.substring(0, dot);
        }).distinct().sorted().toList();
    }

    @Override
    public List<DatasetRow> rows(String name) {
        Optional<Dataset> dataset = studio.datasets().find(name);
        if (dataset.isEmpty()) throw new EditorException("datasets/" + name + ": no such dataset");
        List<DatasetRow> out = new ArrayList<>();
        for (TestCase c : dataset.get().cases()) out.add(new DatasetRow(c.id(), c.input()));
        return out;
    }

    @Override
    public String save(String path, String text, String message) {
        Path file = file(path);
        byte[] before = null;
        try {
            if (Files.exists(file)) before = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new EditorException(path + ": cannot read: " + e.getMessage(), e);
        }
        AtomicFile.writeString(file, path, text);
        SaveResult result;
        try {
            result = studio.versions().save(path, message);
        } catch (RuntimeException e) {
            // Refused (a key in the text, a template that does not compile, git busy): the disk keeps the last
            // saved text, the editor keeps the new one.
            if (before != null) AtomicFile.write(file, path, before);
            throw e;
        }
        if (result.nothingCommitted()) return path + " is unchanged: nothing to save";
        String version = result.version() == null || result.version().number() <= 0 ? ""
                : "version " + result.version().number() + " ";
        return "saved " + version + "(" + result.commitShortId() + ")";
    }

    @Override
    public Optional<String> recovery(String path) {
        Path copy = recoveryFile(path);
        if (!Files.isRegularFile(copy)) return Optional.empty();
        return Optional.of(PromptLibrary.readText(copy, studio.workspace().relative(copy)));
    }

    @Override
    public void writeRecovery(String path, String text) {
        Path copy = recoveryFile(path);
        try {
            Files.createDirectories(copy.getParent());
        } catch (IOException e) {
            throw new EditorException(studio.workspace().relative(copy.getParent()) + ": cannot create: "
                    + AtomicFile.reason(e), e);
        }
        AtomicFile.writeString(copy, studio.workspace().relative(copy), text);
    }

    @Override
    public void deleteRecovery(String path) {
        Path copy = recoveryFile(path);
        try {
            Files.deleteIfExists(copy);
        } catch (IOException e) {
            LOG.warn("cannot delete the recovery copy {}", copy, e);
        }
    }

    /** {@code .studio/recovery/prompts/answer.prompt} for {@code prompts/answer.prompt}. */
    Path recoveryFile(String path) {
        return studio.workspace().stateDir().resolve("recovery").resolve(path).normalize();
    }

    private Path file(String path) {
        Path root = studio.workspace().root();
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root)) throw new EditorException(path + ": not inside the workspace");
        return file;
    }

    /** A refusal of the editor's own, with a message for the user. */
    static final class EditorException extends StudioException {
        private static final long serialVersionUID = 1L;

        EditorException(String message) {
            super(message);
        }

        EditorException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
