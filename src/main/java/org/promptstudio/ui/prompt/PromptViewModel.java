package org.promptstudio.ui.prompt;

import org.promptstudio.model.ErrorText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.promptstudio.model.Message;
import org.promptstudio.model.Part;
import org.promptstudio.template.ExampleInput;
import org.promptstudio.template.ParsedPrompt;
import org.promptstudio.template.PromptLibrary;
import org.promptstudio.template.PromptMetadata;
import org.promptstudio.template.PromptRef;
import org.promptstudio.template.RenderData;
import org.promptstudio.template.RenderedPrompt;
import org.promptstudio.template.TemplateException;
import org.promptstudio.ui.common.HighlightedText;
import org.promptstudio.ui.common.TaskRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One prompt, read-only: its source, a summary of its front matter, and how it renders with an example input.
 * A prompt that does not parse or render keeps its source on screen and shows the error, which names file:line.
 */
public final class PromptViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(PromptViewModel.class);

    /** One line of the metadata summary. */
    public record MetaRow(String label, String value) {
    }

    /** One rendered message: its role and its parts as lines. */
    public record MessageBlock(String role, List<Line> lines) {
        public MessageBlock {
            lines = List.copyOf(lines);
        }

        /** The text as the preview shows it, lines joined by newlines. */
        public String text() {
            return lines.stream().map(Line::text).collect(Collectors.joining("\n"));
        }
    }

    /** A piece of a message: text, a media reference shown as a link line, or a section filled in later. */
    public record Line(Kind kind, String text) {
        public enum Kind { TEXT, MEDIA, PENDING }
    }

    private record Shown(HighlightedText source, List<MetaRow> meta, String exampleInput,
                         List<MessageBlock> messages, String error) {
    }

    private final PromptLibrary library;
    private final TaskRunner runner;

    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper path = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<HighlightedText> source = new ReadOnlyObjectWrapper<>(HighlightedText.EMPTY);
    private final ObservableList<MetaRow> meta = FXCollections.observableArrayList();
    private final ObservableList<MetaRow> metaView = FXCollections.unmodifiableObservableList(meta);
    private final ReadOnlyStringWrapper exampleInput = new ReadOnlyStringWrapper("");
    private final ObservableList<MessageBlock> messages = FXCollections.observableArrayList();
    private final ObservableList<MessageBlock> messagesView = FXCollections.unmodifiableObservableList(messages);
    private final ReadOnlyStringWrapper renderError = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<PromptRef> prompt = new ReadOnlyObjectWrapper<>();

    /** Only the answer to the latest request is shown: an older one that arrives late is dropped. */
    private long request;

    public PromptViewModel(PromptLibrary library, TaskRunner runner) {
        this.library = library;
        this.runner = runner;
    }

    /** Loads, parses and renders {@code ref} in the background, then shows it. */
    public void onShow(PromptRef ref) {
        long id = ++request;
        prompt.set(ref);
        title.set(ref.id());
        path.set(ref.relativePath());
        busy.set(true);
        runner.run(() -> load(ref),
                shown -> {
                    if (id == request) show(shown);
                },
                error -> {
                    if (id == request) fail(ref, error);
                });
    }

    private Shown load(PromptRef ref) {
        String text = PromptLibrary.readText(ref.file(), ref.relativePath());
        HighlightedText highlighted = HighlightedText.prompt(text);
        List<MetaRow> rows = List.of();
        String example = "";
        try {
            ParsedPrompt parsed = library.parse(text, ref.relativePath());
            rows = summary(ref, parsed.metadata(), null);
            PromptMetadata resolved = library.renderer().resolveMetadata(parsed, Map.of());
            rows = summary(ref, parsed.metadata(), resolved);
            Map<String, Object> input = ExampleInput.forPrompt(resolved);
            example = describe(input);
            RenderedPrompt rendered = library.render(parsed, RenderData.of(input), Map.of());
            return new Shown(highlighted, rows, example, blocks(rendered.messages()), "");
        } catch (TemplateException e) {
            // The user's own mistake, shown in the preview; nothing to log beyond a trace.
            LOG.debug("{} does not render", ref.relativePath(), e);
            return new Shown(highlighted, rows, example, List.of(), e.getMessage());
        }
    }

    private void show(Shown shown) {
        source.set(shown.source());
        meta.setAll(shown.meta());
        exampleInput.set(shown.exampleInput());
        messages.setAll(shown.messages());
        renderError.set(shown.error());
        busy.set(false);
    }

    private void fail(PromptRef ref, Throwable error) {
        if (!(error instanceof TemplateException)) LOG.warn("cannot show {}", ref.relativePath(), error);
        source.set(HighlightedText.EMPTY);
        meta.clear();
        exampleInput.set("");
        messages.clear();
        String message = ErrorText.reason(error);
        renderError.set(error instanceof TemplateException ? message : ref.relativePath() + ": " + message);
        busy.set(false);
    }

    static List<MetaRow> summary(PromptRef ref, PromptMetadata written, PromptMetadata resolved) {
        List<MetaRow> rows = new ArrayList<>();
        String name = written.name() != null ? written.name() : ref.name();
        String variant = written.variant() != null ? written.variant() : ref.variant();
        rows.add(new MetaRow("Name", variant == null ? name : name + " (variant " + variant + ")"));
        if (written.description() != null) rows.add(new MetaRow("Description", written.description()));
        rows.add(new MetaRow("Model", written.model() == null ? "(default)" : written.model()));
        if (!written.config().isEmpty()) {
            rows.add(new MetaRow("Config", written.config().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(" · "))));
        }
        String input = resolved != null ? fields(resolved.inputSchema(), resolved.inputDefaults())
                : writtenFields(written.get("input"));
        rows.add(new MetaRow("Input", input.isEmpty() ? "(none)" : input));
        String format = (resolved != null ? resolved : written).outputFormat();
        if (format != null || (resolved != null && resolved.outputSchema() != null)) {
            String out = format == null ? "" : format;
            if (resolved != null && resolved.outputSchema() != null
                    && resolved.outputSchema().get("properties") instanceof Map<?, ?> props) {
                out += (out.isEmpty() ? "" : ": ") + props.keySet().stream().map(String::valueOf)
                        .collect(Collectors.joining(", "));
            }
            rows.add(new MetaRow("Output", out));
        }
        return rows;
    }

    /** One line per input field from the JSON Schema: {@code question: string — the customer's question}. */
    private static String fields(Map<String, Object> schema, Map<String, Object> defaults) {
        if (schema == null) return "";
        if (!(schema.get("properties") instanceof Map<?, ?> props)) {
            return schema.get("type") == null ? "" : String.valueOf(schema.get("type"));
        }
        List<?> required = schema.get("required") instanceof List<?> r ? r : List.of();
        List<String> lines = new ArrayList<>();
        props.forEach((key, value) -> {
            boolean optional = !required.contains(key);
            StringBuilder line = new StringBuilder(String.valueOf(key));
            if (optional) line.append(" (optional)");
            if (value instanceof Map<?, ?> field) {
                Object type = field.get("type");
                if (type == null && field.get("enum") != null) type = "enum " + field.get("enum");
                if (type instanceof List<?> types) {
                    // Picoschema makes an optional field nullable; "(optional)" already says so.
                    type = types.stream().map(String::valueOf).filter(t -> !(optional && t.equals("null")))
                            .collect(Collectors.joining(" | "));
                }
                if (type != null) line.append(": ").append(type);
                if (field.get("description") != null) line.append(" — ").append(field.get("description"));
            }
            if (defaults.containsKey(String.valueOf(key))) {
                line.append(" (default: ").append(defaults.get(String.valueOf(key))).append(')');
            }
            lines.add(line.toString());
        });
        return String.join("\n", lines);
    }

    /** Field names as written, for a prompt whose schema could not be converted. */
    private static String writtenFields(Object input) {
        if (input instanceof Map<?, ?> in && in.get("schema") instanceof Map<?, ?> schema) {
            return schema.keySet().stream().map(String::valueOf).collect(Collectors.joining("\n"));
        }
        return "";
    }

    private static String describe(Map<String, Object> input) {
        return input.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining(", "));
    }

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

    public ReadOnlyObjectProperty<PromptRef> promptProperty() {
        return prompt.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty pathProperty() {
        return path.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<HighlightedText> sourceProperty() {
        return source.getReadOnlyProperty();
    }

    public ObservableList<MetaRow> meta() {
        return metaView;
    }

    public ReadOnlyStringProperty exampleInputProperty() {
        return exampleInput.getReadOnlyProperty();
    }

    public ObservableList<MessageBlock> messages() {
        return messagesView;
    }

    /** Empty when the prompt rendered; otherwise the error, naming file:line:column where there is one. */
    public ReadOnlyStringProperty renderErrorProperty() {
        return renderError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
