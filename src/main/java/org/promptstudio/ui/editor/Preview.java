package org.promptstudio.ui.editor;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What the editor shows beside a template text: the messages it renders to, its problems, the inputs its schema
 * declares and its token count and cost per model. Built by an {@link EditorBackend} from unsaved text.
 *
 * @param messages the rendered messages in order, empty when the template does not render
 * @param problems errors (the parser's, the renderer's) and warnings (undeclared variables), in the order found
 * @param fields   the input fields the front matter's input schema declares, in schema order
 * @param costs    one line per model the workspace has, in the workspace's order
 */
public record Preview(List<MessageBlock> messages, List<Problem> problems, List<InputField> fields,
                      List<ModelCost> costs) {

    public static final Preview EMPTY = new Preview(List.of(), List.of(), List.of(), List.of());

    public Preview {
        messages = List.copyOf(messages);
        problems = List.copyOf(problems);
        fields = List.copyOf(fields);
        costs = List.copyOf(costs);
    }

    /** One rendered message: its role ({@code system}, {@code user}, {@code model} ...) and its parts as lines. */
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
        /** What a line is. */
        public enum Kind { TEXT, MEDIA, PENDING }
    }

    /**
     * Something wrong with the template, with its place.
     *
     * @param severity error (the template does not render) or warning (it renders, probably not as meant)
     * @param source   the file it is in ({@code prompts/answer.prompt}, or a partial's file)
     * @param line     1-based line in that file, 0 when it has no single place
     * @param column   1-based column, 0 when unknown
     * @param message  what is wrong, without the place
     */
    public record Problem(Severity severity, String source, int line, int column, String message) {

        /** Errors stop the preview; warnings do not. */
        public enum Severity { ERROR, WARNING }

        /** {@code prompts/x.prompt:7:3: message}, as the command line prints it (warnings say so). */
        public String describe() {
            StringBuilder sb = new StringBuilder(source == null ? "<template>" : source);
            if (line > 0) {
                sb.append(':').append(line);
                if (column > 0) sb.append(':').append(column);
            }
            sb.append(": ");
            if (severity == Severity.WARNING) sb.append("warning: ");
            return sb.append(message).toString();
        }
    }

    /**
     * One input field of the schema, for the preview's form.
     *
     * @param type        the JSON Schema type ({@code string}, {@code number}, {@code integer}, {@code boolean},
     *                    {@code object}, {@code array}), {@code enum} for a list of values, or empty when not given
     * @param choices     the allowed values of an enum, as text; empty otherwise
     * @param example     the value the preview uses when the user gives none (the default, else a placeholder)
     */
    public record InputField(String name, String type, String description, boolean required, List<String> choices,
                             Object example) {
        public InputField {
            description = description == null ? "" : description;
            type = type == null ? "" : type;
            choices = List.copyOf(choices);
        }

        /** Whether the form can edit it as one line of text (or a check box, or a choice). */
        public boolean isScalar() {
            return !type.equals("object") && !type.equals("array");
        }
    }

    /**
     * The prompt's size and price for one model, as {@code studio run --dry-run} estimates a call.
     *
     * @param modelId      the workspace's id of the model
     * @param tokens       input tokens of the rendered messages, counted as OpenAI chat counts them
     * @param exact        whether {@code tokens} comes from the model's own tokenizer (else cl100k_base approximates it)
     * @param outputTokens the answer's length assumed for the highest cost (the call's maxOutputTokens, else 512)
     * @param minCostUsd   input cost in US dollars (tokens / 1e6 x input price per million); null when unknown
     * @param maxCostUsd   the cost with an answer {@code outputTokens} long; null when unknown
     */
    public record ModelCost(String modelId, long tokens, boolean exact, long outputTokens, Double minCostUsd,
                            Double maxCostUsd) {

        /** {@code $0.000123 – $0.0051}, {@code free}, or {@code price unknown}. */
        public String costText() {
            if (minCostUsd == null) return "price unknown";
            if (minCostUsd == 0 && (maxCostUsd == null || maxCostUsd == 0)) return "free";
            String min = usd(minCostUsd);
            return maxCostUsd == null ? min : min + " – " + usd(maxCostUsd) + " with " + outputTokens + " out";
        }

        private static String usd(double v) {
            return org.promptstudio.model.Usd.text(v);
        }
    }
}
