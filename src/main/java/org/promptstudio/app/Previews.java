package org.promptstudio.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.promptstudio.experiment.ContextRetrieval;
import org.promptstudio.experiment.RetrieveSpec;
import org.promptstudio.experiment.Retriever;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.EffectiveParams;
import org.promptstudio.provider.Pricing;
import org.promptstudio.provider.RunEstimate;
import org.promptstudio.provider.TokenCounter;
import org.promptstudio.template.ExampleInput;
import org.promptstudio.template.ParsedPrompt;
import org.promptstudio.template.PromptLibrary;
import org.promptstudio.template.RenderData;
import org.promptstudio.template.RenderedPrompt;
import org.promptstudio.template.TemplateException;
import org.promptstudio.template.TemplateWarning;

/**
 * The "render a preview" use case: a prompt's text as it stands in the editor (unsaved), rendered with the given input
 * the way {@code studio render} renders the saved file, with every problem the parser finds (file:line:column), the
 * variables the input schema does not declare, and for each model of the workspace the tokens the messages take and
 * what a call would cost. Partials come from the workspace's prompts folder as saved. Safe to call from any thread;
 * nothing is written.
 */
public final class Previews {

    /**
     * A place in a file and what is wrong there.
     *
     * @param source  the file as the workspace names it, e.g. {@code prompts/answer.prompt}
     * @param line    1-based line in that file (front matter counted), 0 when the problem has no single place
     * @param column  1-based column, 0 when unknown
     * @param message what is wrong, without the place
     */
    public record Place(String source, int line, int column, String message) {

        /** {@code source:line:column: message}, leaving out what is 0. */
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(source);
            if (line > 0) {
                sb.append(':').append(line);
                if (column > 0) sb.append(':').append(column);
            }
            return sb.append(": ").append(message).toString();
        }
    }

    /**
     * What the rendered messages take and cost on one model, as {@code studio run --dry-run} estimates a call.
     *
     * @param modelId      the model's id in studio.yaml (or a built-in one)
     * @param inputTokens  tokens of the messages, counted locally ({@link TokenCounter#countMessages})
     * @param exactCount   whether the count is the model's own tokenizer, not an approximation
     * @param outputTokens the answer's length assumed for the highest cost: the call's {@code maxOutputTokens} after
     *                     the prompt's, then the model's settings, else {@link RunEstimate#DEFAULT_OUTPUT_TOKENS}
     * @param minCostUsd   the cost in US dollars of the input alone; null when the model has no prices
     * @param maxCostUsd   the cost in US dollars when the answer is {@code outputTokens} long; null when unknown
     */
    public record ModelCost(String modelId, long inputTokens, boolean exactCount, long outputTokens, Double minCostUsd,
                            Double maxCostUsd) {
    }

    /**
     * One preview.
     *
     * @param source   the file the text is from, as the workspace names it ({@code prompts/answer.prompt})
     * @param messages the rendered messages in order, each with its role; empty when the text could not be rendered
     * @param errors   what stops the text from rendering, in the order of the text; empty when it renders
     * @param warnings variables the body uses that the input schema does not declare, with their places
     * @param costs    one line per model of the workspace, in the order of {@code studio models}; empty when there
     *                 are errors
     */
    public record Preview(String source, List<Message> messages, List<Place> errors, List<Place> warnings,
                          List<ModelCost> costs) {
        public Preview {
            messages = List.copyOf(messages);
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
            costs = List.copyOf(costs);
        }

        /** Whether the text rendered. */
        public boolean rendered() {
            return errors.isEmpty();
        }

        /** The text of the messages of {@code role} ({@code system}, {@code user}, {@code model}), in order. */
        public List<String> texts(String role) {
            return messages.stream().filter(m -> m.role().equals(role)).map(Message::text).toList();
        }
    }

    /**
     * A saved prompt rendered, as {@code studio render} prints it.
     *
     * @param prompt   the messages and the resolved front matter
     * @param config   the prompt's {@code config} after options, for showing
     * @param warnings variables the input schema does not declare, as {@code file:line:column: warning: ...} lines
     */
    public record Rendered(RenderedPrompt prompt, Map<String, Object> config, List<String> warnings,
                           List<org.promptstudio.model.ContextChunk> context) {
        /**
         * @param context the chunks the prompt's {@code retrieve:} gave it, each with the number the template shows
         *                (decision 0140); empty when it declares none, found none or the index could not be read (a
         *                warning says which)
         */
        public Rendered {
            warnings = List.copyOf(warnings);
            context = context == null ? List.of() : List.copyOf(context);
        }

        /** A prompt rendered without retrieved context. */
        public Rendered(RenderedPrompt prompt, Map<String, Object> config, List<String> warnings) {
            this(prompt, config, warnings, List.of());
        }
    }

    private final PromptLibrary prompts;
    private final Supplier<List<ModelRef>> models;
    private final TokenCounter tokens;
    private final Supplier<Retriever> retriever;

    /** Previews whose saved prompts' {@code retrieve:} has no index to read (each says so in a warning). */
    public Previews(PromptLibrary prompts, Supplier<List<ModelRef>> models, TokenCounter tokens) {
        this(prompts, models, tokens, () -> Retriever.NONE);
    }

    /**
     * @param prompts   the workspace's prompts folder (partials are read from it)
     * @param models    the workspace's models, asked on each preview
     * @param tokens    the token counter
     * @param retriever the workspace's document index, as a run's {@code retrieve:} reads it (decision 0140)
     */
    Previews(PromptLibrary prompts, Supplier<List<ModelRef>> models, TokenCounter tokens, Supplier<Retriever> retriever) {
        this.prompts = prompts;
        this.models = models;
        this.tokens = tokens;
        this.retriever = retriever;
    }

    /** As {@link #render(String, String, Map, Map, List)} with no context data and no history. */
    public Preview render(String fileName, String text, Map<String, Object> input) {
        return render(fileName, text, input, Map.of(), List.of());
    }

    /**
     * Renders {@code text} as the content of {@code fileName}.
     *
     * @param fileName the file's name or path ({@code answer.prompt}, {@code prompts/answer.prompt}); a name that
     *                 starts with {@code _} is a partial, rendered alone with the input as its data
     * @param text     the file's text as it stands (the editor's unsaved content)
     * @param input    input variables (JSON-like values); the front matter's defaults fill what it leaves out
     * @param context  context data, each key reachable as {@code @key}
     * @param history  conversation history for {@code {{history}}}
     * @return the preview; problems with the text or the input are in its errors, never thrown
     */
    public Preview render(String fileName, String text, Map<String, Object> input, Map<String, Object> context,
                          List<Message> history) {
        String source = sourceName(fileName);
        List<Place> errors = new ArrayList<>();
        ParsedPrompt parsed;
        try {
            parsed = partial(source) ? prompts.parsePartial(text, source) : prompts.parse(text, source);
        } catch (StudioException e) {
            errors.add(place(source, e));
            return new Preview(source, List.of(), errors, List.of(), List.of());
        }
        RenderedPrompt rendered = null;
        try {
            rendered = prompts.render(parsed, new RenderData(input, context, history, List.of()), Map.of());
        } catch (StudioException e) {
            // The render stops at the first problem; the checker lists every one in the body (the editor marks them
            // all). Checked only here: on the way to a render the checker already ran once.
            prompts.renderer().problems(parsed).forEach(p -> errors.add(place(source, p)));
            if (errors.isEmpty()) errors.add(place(source, e));
        }
        List<Place> warnings = new ArrayList<>();
        try {
            List<TemplateWarning> found = rendered != null ? rendered.warnings()
                    : prompts.renderer().undeclaredVariables(parsed, Map.of());
            found.forEach(w -> warnings.add(new Place(w.source(), w.line(), w.column(), w.message())));
        } catch (StudioException e) {
            // The schema itself is broken; the render's error already says so, or says something earlier.
            if (errors.isEmpty()) errors.add(place(source, e));
        }
        if (rendered == null) return new Preview(source, List.of(), errors, warnings, List.of());
        GenerationParams fromPrompt;
        try {
            fromPrompt = GenerationParams.fromConfig(rendered.metadata().config());
        } catch (IllegalArgumentException e) {
            errors.add(new Place(source, 0, 0, "config: " + e.getMessage()));
            return new Preview(source, rendered.messages(), errors, warnings, List.of());
        }
        return new Preview(source, rendered.messages(), errors, warnings, costs(rendered, fromPrompt));
    }

    /**
     * What the editor's input form is made from: the input schema of {@code text} as JSON Schema (Picoschema
     * converted) and an example input (schema examples, with the front matter's defaults laid over).
     *
     * @param schema  the input schema, or null when the text declares none or its front matter does not parse
     * @param example a value for each declared input; empty when there is no schema
     */
    public record InputForm(Map<String, Object> schema, Map<String, Object> example) {
    }

    /**
     * The input form of {@code text} as the content of {@code fileName}; a text whose front matter does not parse
     * (the preview's errors say why) or a partial has none.
     */
    public InputForm inputForm(String fileName, String text) {
        String source = sourceName(fileName);
        if (partial(source)) return new InputForm(null, Map.of());
        try {
            org.promptstudio.template.PromptMetadata metadata =
                    prompts.renderer().resolveMetadata(prompts.parse(text, source), Map.of());
            return new InputForm(metadata.inputSchema(), ExampleInput.forPrompt(metadata));
        } catch (StudioException e) {
            return new InputForm(null, Map.of());
        }
    }

    /** The partials of the workspace ({@code _name.prompt}) by name, sorted: what {@code {{> name}}} can include. */
    public List<String> partials() {
        return prompts.partials();
    }

    /**
     * Checks that the saved prompt {@code prompt} exists and parses, before its input is read.
     *
     * @throws TemplateException naming the prompt (and the known ones), or file:line:column of its front matter
     */
    public void requireSaved(String prompt) {
        prompts.parse(prompts.require(prompt));
    }

    /**
     * Renders the saved prompt {@code prompt} ({@code answer}, {@code answer.formal}, {@code prompts/answer.prompt}).
     * A prompt with {@code retrieve:} gets its chunks from the document index as a run gives them (decision 0140),
     * unless {@code input} gives the chunks' input itself; an index that cannot be read (never built, empty, locked)
     * or a retrieval that finds nothing renders the input as an empty list, with a warning
     * ({@code prompts/x.prompt:LINE: warning: ...}, the line of {@code retrieve:}) saying so and how to build the
     * index.
     *
     * @param example fill the input fields {@code input} does not give with example values from the input schema
     * @throws TemplateException naming file:line:column for an unknown prompt, a broken template or input the schema
     *                           refuses
     * @throws org.promptstudio.experiment.ExperimentException naming file:line of {@code retrieve:} when it is not
     *                           valid or its query renders empty for the input
     */
    public Rendered renderSaved(String prompt, Map<String, Object> input, Map<String, Object> context,
                                List<Message> history, boolean example) {
        ParsedPrompt parsed = prompts.parse(prompts.require(prompt));
        Map<String, Object> values = new LinkedHashMap<>();
        if (example) {
            values.putAll(ExampleInput.forPrompt(prompts.renderer().resolveMetadata(parsed, Map.of())));
        }
        values.putAll(input);
        List<String> warnings = new ArrayList<>();
        List<org.promptstudio.model.ContextChunk> chunks = List.of();
        RetrieveSpec spec = RetrieveSpec.ofPrompt(parsed);
        if (spec != null && !input.containsKey(spec.into())) {
            String where = ContextRetrieval.where(parsed) + ": warning: ";
            List<String> problems = new ArrayList<>();
            ContextRetrieval.Given given = ContextRetrieval.forPrompt(parsed, values,
                    Retriever.orEmpty(retriever.get(), problems::add));
            values.put(given.into(), given.forTemplate());
            chunks = given.recorded();
            problems.forEach(p -> warnings.add(where + p + " (the context is rendered empty)"));
            if (problems.isEmpty() && given.note() != null) warnings.add(where + given.note());
        }
        RenderedPrompt rendered = prompts.render(parsed, new RenderData(values, context, history, List.of()), Map.of());
        // the retrieval declares the chunks' input: its being left out of the input schema is no mistake
        String filled = spec == null || input.containsKey(spec.into()) ? null : "variable '" + spec.into() + "' ";
        rendered.warnings().stream().filter(w -> filled == null || !w.message().startsWith(filled))
                .map(TemplateWarning::toString).forEach(warnings::add);
        return new Rendered(rendered, rendered.metadata().config(), warnings, chunks);
    }

    private List<ModelCost> costs(RenderedPrompt rendered, GenerationParams fromPrompt) {
        // Tokens depend on the encoding only: counted once per encoding, not once per model.
        Map<String, Integer> byEncoding = new HashMap<>();
        List<ModelCost> out = new ArrayList<>();
        for (ModelRef model : models.get()) {
            Integer max;
            try {
                max = EffectiveParams.of(fromPrompt, model, null).maxOutputTokens();
            } catch (StudioException e) {
                // A setting this model's provider does not take: the call would fail, as a run says; its own
                // settings still bound the answer.
                max = model.params().maxOutputTokens();
            }
            int in = byEncoding.computeIfAbsent(tokens.encodingFor(model.model()),
                    e -> tokens.countMessages(model.model(), rendered.messages()));
            int outTokens = max != null ? max : RunEstimate.DEFAULT_OUTPUT_TOKENS;
            // The cost range as RunEstimate gives it for a dry run: from no output to the longest answer.
            Pricing pricing = Pricing.of(model);
            out.add(new ModelCost(model.id(), in, tokens.isExact(model.model()), outTokens, pricing.cost(in, 0),
                    pricing.cost(in, outTokens)));
        }
        return out;
    }

    private String sourceName(String fileName) {
        String name = fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        Path dir = prompts.directory().getFileName();
        return dir == null ? name : dir + "/" + name;
    }

    private static boolean partial(String source) {
        return source.substring(source.lastIndexOf('/') + 1).startsWith("_");
    }

    private static Place place(String source, StudioException e) {
        if (e instanceof TemplateException t) {
            return new Place(t.source() == null ? source : t.source(), t.line(), t.column(), t.reason());
        }
        return new Place(source, 0, 0, e.getMessage());
    }
}
