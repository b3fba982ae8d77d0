package org.promptstudio.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.jknack.handlebars.Context;
import com.github.jknack.handlebars.EscapingStrategy;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.HandlebarsError;
import com.github.jknack.handlebars.HandlebarsException;
import com.github.jknack.handlebars.Template;
import com.github.jknack.handlebars.context.MapValueResolver;
import com.github.jknack.handlebars.io.AbstractTemplateLoader;
import com.github.jknack.handlebars.io.StringTemplateSource;
import com.github.jknack.handlebars.io.TemplateSource;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders Dotprompt templates: Handlebars without HTML escaping, the Dotprompt helpers, partials from a
 * {@link PartialResolver}, named schemas from a {@link SchemaResolver}. Safe to share between threads.
 */
public final class PromptRenderer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

    private final Handlebars handlebars;
    private final PartialResolver partials;
    private final Picoschema picoschema;
    private final Set<String> helperNames;
    /** Compiling is most of a render's cost; partials are still read on every render, so edits show. */
    private final Map<String, Compiled> compiled = lru(128);
    /** The rewritten partials by the name Handlebars.java reports them under, to place their errors. */
    private final Map<String, PreparedSource> partialSources = new java.util.concurrent.ConcurrentHashMap<>();

    /** A compiled body and the map from Handlebars.java's positions back to the file's. */
    private record Compiled(Template template, PreparedSource source) {
    }
    /** Building a validator costs far more than using one; schemas repeat across renders. */
    private final Map<Map<String, Object>, JsonSchema> validators = lru(256);

    private static <K, V> Map<K, V> lru(int capacity) {
        return java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        });
    }

    public PromptRenderer(PartialResolver partials, SchemaResolver schemas) {
        this.partials = partials == null ? PartialResolver.none() : partials;
        this.picoschema = new Picoschema(schemas);
        this.handlebars = new Handlebars(new PartialLoader(this.partials, partialSources, this))
                .with(EscapingStrategy.NOOP)
                .with(new JsText())
                .prettyPrint(true);
        this.handlebars.setInfiniteLoops(false);
        DotpromptHelpers.register(handlebars);
        Set<String> names = new HashSet<>(DotpromptHelpers.NAMES);
        names.addAll(DotpromptHelpers.BUILT_IN);
        this.helperNames = Set.copyOf(names);
    }

    public PromptRenderer() {
        this(PartialResolver.none(), null);
    }

    /** Parses and renders {@code source} in one go. */
    public RenderedPrompt render(String source, String sourceName, RenderData data, Map<String, Object> options) {
        return render(PromptParser.parse(source, sourceName), data, options);
    }

    /**
     * Renders a parsed prompt. {@code options} are laid over the front matter (e.g. {@code input.default},
     * {@code config}); input defaults fill what {@code data.input()} leaves out.
     *
     * @throws TemplateException naming file:line:column for syntax errors, unknown helpers, missing partials and
     *                           input that does not match the input schema
     */
    public RenderedPrompt render(ParsedPrompt prompt, RenderData data, Map<String, Object> options) {
        PromptMetadata metadata = resolveMetadata(prompt, options);
        Compiled compiled = compiled(prompt);
        Map<String, Object> input = new LinkedHashMap<>(metadata.inputDefaults());
        @SuppressWarnings("unchecked")
        Map<String, Object> given = (Map<String, Object>) JsonValues.normalize(data.input());
        input.putAll(given);
        validateInput(prompt, metadata, input);
        List<TemplateWarning> warnings = VariableChecker.undeclared(prompt, metadata, partials);

        Context context = Context.newBuilder(input).resolver(MapValueResolver.INSTANCE).build();
        try {
            data.context().forEach((k, v) -> context.data(k, JsonValues.normalize(v)));
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("prompt", metadata.asMap());
            meta.put("docs", data.docs());
            meta.put("messages", data.messages());
            context.data("metadata", meta);
            String text = compiled.template().apply(context);
            return new RenderedPrompt(MessageAssembler.toMessages(text, data.messages()), metadata, warnings);
        } catch (HandlebarsException e) {
            throw translate(prompt, compiled.source(), e);
        } catch (TemplateException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new TemplateException(prompt.sourceName(), 0, 0, "cannot render: " + reasonOf(e), e);
        } finally {
            context.destroy();
        }
    }

    /**
     * The variables the prompt's body (and the partials it includes with the same data) uses but its input schema
     * does not declare, each with its file, line and column; empty when the prompt declares no input schema. See
     * {@link VariableChecker} for what counts as declared.
     */
    public List<TemplateWarning> undeclaredVariables(ParsedPrompt prompt, Map<String, Object> options) {
        return VariableChecker.undeclared(prompt, resolveMetadata(prompt, options), partials);
    }

    /**
     * The top-level input variables the prompt's body (and the partials it includes with the same data) reads, and
     * those it tests for presence; see {@link VariableChecker#uses}.
     */
    public VariableUses inputUses(ParsedPrompt prompt) {
        return VariableChecker.uses(prompt, partials);
    }

    /** The front matter with options laid over it and schemas converted to JSON Schema. */
    public PromptMetadata resolveMetadata(ParsedPrompt prompt, Map<String, Object> options) {
        PromptMetadata merged = prompt.metadata().mergedWith(options);
        Map<String, Object> fields = new LinkedHashMap<>(merged.asMap());
        for (String key : List.of("input", "output")) {
            Object section = fields.get(key);
            if (section instanceof Map<?, ?> m && m.get("schema") != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
                Object schema;
                try {
                    schema = picoschema.toJsonSchema(m.get("schema"));
                } catch (Picoschema.SchemaException e) {
                    throw schemaFault(prompt, key, picoschemaPath(e.getMessage()), key + ".schema: " + e.getMessage(), e);
                }
                try {
                    // a schema that is no JSON Schema would pass every answer (or fail them all) without a word
                    SchemaCheck.check(key + ".schema", schema);
                } catch (Picoschema.SchemaException e) {
                    String msg = e.getMessage();
                    int colon = msg.indexOf(": ");
                    String place = colon < 0 ? "" : msg.substring(0, colon);
                    String below = place.startsWith(key + ".schema.") ? place.substring((key + ".schema.").length()) : "";
                    throw schemaFault(prompt, key, below, msg, e);
                }
                copy.put("schema", schema);
                fields.put(key, copy);
            }
        }
        return new PromptMetadata(fields);
    }

    /**
     * A schema's fault with the place it is written in the front matter: the deepest key of {@code below} under
     * {@code section.schema} that the file has, or no line when the schema did not come from the file's front matter.
     */
    private static TemplateException schemaFault(ParsedPrompt prompt, String section, String below, String reason,
                                                 RuntimeException cause) {
        List<String> root = List.of(section, "schema");
        if (!FrontMatterPlace.written(prompt.frontMatter(), root)) {
            return new TemplateException(prompt.sourceName(), 0, 0, reason, cause);
        }
        List<String> path = new java.util.ArrayList<>(root);
        path.addAll(FrontMatterPlace.segments(below));
        int[] at = FrontMatterPlace.find(prompt.frontMatter(), path).orElseThrow();
        return new TemplateException(prompt.sourceName(), at[0], at[1], reason, cause);
    }

    /** The field path a Picoschema fault names ({@code at 'user.age'}), or empty. */
    private static String picoschemaPath(String message) {
        java.util.regex.Matcher m = PICOSCHEMA_AT.matcher(message == null ? "" : message);
        return m.find() ? m.group(1) : "";
    }

    private static final java.util.regex.Pattern PICOSCHEMA_AT = java.util.regex.Pattern.compile("at '([^']*)'");

    /**
     * Every syntax error, then every unknown helper and missing partial in the body (each group in the order of the
     * text), each naming the prompt's file, line and column; empty when the body compiles. {@link #render} throws the first of them.
     */
    public List<TemplateException> problems(ParsedPrompt prompt) {
        HandlebarsScanner.Scan scan = HandlebarsScanner.scan(prompt.template());
        return TemplateChecker.check(prompt.template(), scan, prompt.bodyLine(), helperNames, partials).stream()
                .map(p -> new TemplateException(prompt.sourceName(), p.line(), p.column(), p.reason()))
                .toList();
    }

    /** Compiles the body, reporting syntax errors, unknown helpers and missing partials with their place. */
    public Template compile(ParsedPrompt prompt) {
        return compiled(prompt).template();
    }

    private Compiled compiled(ParsedPrompt prompt) {
        String key = prompt.sourceName() + "\u0000" + prompt.bodyLine() + "\u0000" + prompt.template();
        Compiled cached = compiled.get(key);
        if (cached != null) return cached;
        HandlebarsScanner.Scan scan = HandlebarsScanner.scan(prompt.template());
        List<TemplateChecker.Problem> problems = TemplateChecker.check(prompt.template(), scan, prompt.bodyLine(),
                helperNames, partials);
        if (!problems.isEmpty()) {
            TemplateChecker.Problem p = problems.get(0);
            throw new TemplateException(prompt.sourceName(), p.line(), p.column(), p.reason());
        }
        PreparedSource source = PreparedSource.of(prompt.template(), scan);
        try {
            Template template = handlebars.compile(new StringTemplateSource(String.valueOf(prompt.sourceName()),
                    source.text()));
            Compiled result = new Compiled(template, source);
            compiled.put(key, result);
            return result;
        } catch (HandlebarsException e) {
            throw translate(prompt, source, e);
        } catch (TemplateException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new TemplateException(prompt.sourceName(), 0, 0, "cannot compile: " + reasonOf(e), e);
        }
    }

    /**
     * Checks a partial's text as the body is checked (syntax, unknown helpers, missing partials), naming the
     * partial's file and line.
     */
    PreparedSource preparePartial(String sourceName, String text) {
        PromptParser.refuseConflict(text, sourceName);
        HandlebarsScanner.Scan scan = HandlebarsScanner.scan(text);
        List<TemplateChecker.Problem> problems = TemplateChecker.check(text, scan, 1, helperNames, partials);
        if (!problems.isEmpty()) {
            TemplateChecker.Problem p = problems.get(0);
            throw new TemplateException(sourceName, p.line(), p.column(), p.reason());
        }
        return PreparedSource.of(text, scan);
    }

    private void validateInput(ParsedPrompt prompt, PromptMetadata metadata, Map<String, Object> input) {
        Map<String, Object> schema = metadata.inputSchema();
        // Only an object schema can describe named variables; a scalar schema documents intent only.
        if (schema == null || !"object".equals(schema.get("type"))) return;
        JsonSchema validator;
        try {
            validator = validators.computeIfAbsent(schema, s -> SCHEMAS.getSchema(JSON.valueToTree(s)));
        } catch (RuntimeException e) {
            throw new TemplateException(prompt.sourceName(), 0, 0, "input schema is not valid JSON Schema: " + reasonOf(e), e);
        }
        JsonNode node = JSON.valueToTree(input);
        // Extra fields are harmless to rendering (a dataset row carries more than a prompt uses); Picoschema
        // forbids them only to describe model output, so they are not input errors.
        List<ValidationMessage> errors = validator.validate(node).stream()
                .filter(m -> !"additionalProperties".equals(m.getType()))
                .toList();
        if (!errors.isEmpty()) {
            String detail = errors.stream().map(PromptRenderer::describe).sorted().collect(Collectors.joining("; "));
            throw new TemplateException(prompt.sourceName(), 0, 0, "input does not match the input schema: " + detail);
        }
    }

    private static String describe(ValidationMessage m) {
        String where = m.getInstanceLocation() == null ? "" : m.getInstanceLocation().toString();
        if ("required".equals(m.getType()) && m.getProperty() != null) {
            String parent = where.equals("$") ? "" : where.substring(2) + ".";
            return "missing required field '" + parent + m.getProperty() + "'";
        }
        String field = where.equals("$") || where.isEmpty() ? "input" : "field '" + where.substring(2) + "'";
        String msg = m.getMessage();
        int colon = msg.indexOf(": ");
        return field + ": " + (colon >= 0 ? msg.substring(colon + 2) : msg);
    }

    /**
     * A Handlebars.java error as the user's own: the file (the prompt or the partial it happened in), the line and
     * column in that file, and the reason without Java class names.
     */
    private TemplateException translate(ParsedPrompt prompt, PreparedSource source, HandlebarsException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof TemplateException te) return te;
        }
        HandlebarsError err = e.getError();
        String reason = reasonOf(e);
        if (err == null) return new TemplateException(prompt.sourceName(), 0, 0, reason, e);
        String file = prompt.sourceName();
        PreparedSource map = source;
        int firstLine = prompt.bodyLine();
        if (err.filename != null && !err.filename.equals(String.valueOf(prompt.sourceName()))
                && partialSources.containsKey(err.filename)) {
            file = err.filename;
            map = partialSources.get(err.filename);
            firstLine = 1;
        }
        if (err.line <= 0) return new TemplateException(file, 0, 0, reason, e);
        int[] pos = map.originalPosition(err.line, err.column);
        return new TemplateException(file, pos[0] + firstLine - 1, pos[1], reason, e);
    }

    private static final java.util.regex.Pattern CLASS_PREFIX =
            java.util.regex.Pattern.compile("(?:[a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)(?::\\s*|$)");

    /**
     * Why something failed, in words: the message of the deepest cause (a helper's own message), without Java
     * class names; a failure without a message is described by what it is.
     */
    static String reasonOf(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = null;
        if (root != e || !(e instanceof HandlebarsException)) message = root.getMessage();
        if (message == null && e instanceof HandlebarsException he && he.getError() != null) {
            message = he.getError().reason == null ? he.getError().message : he.getError().reason;
        }
        if (message == null) message = e.getMessage();
        message = message == null ? "" : CLASS_PREFIX.matcher(message.strip()).replaceAll("").strip();
        if (message.isEmpty()) {
            if (root instanceof NullPointerException) return "a value the template needs is missing";
            if (root instanceof StackOverflowError) return "the template calls itself without end";
            return "the template engine failed without saying why";
        }
        int newline = message.indexOf('\n');
        message = newline < 0 ? message : message.substring(0, newline).strip();
        // Handlebars.java's parser speaks ANTLR: "found: '}}', expected: 'no viable alternative at input '}}''".
        java.util.regex.Matcher m = ANTLR.matcher(message);
        if (m.matches()) {
            String found = m.group(1);
            String expected = m.group(2);
            return expected.startsWith("no viable alternative") || expected.startsWith("mismatched input")
                    || expected.startsWith("extraneous input")
                    ? "unexpected '" + found + "'"
                    : "found '" + found + "' where '" + expected + "' was expected";
        }
        return message;
    }

    private static final java.util.regex.Pattern ANTLR =
            java.util.regex.Pattern.compile("found: '(.*?)', expected: '(.*)'", java.util.regex.Pattern.DOTALL);

    /**
     * Serves partials to Handlebars from the resolver: the partial file's text, checked and rewritten as a body is,
     * under the partial file's name so errors inside it name that file.
     */
    private static final class PartialLoader extends AbstractTemplateLoader {
        private final PartialResolver resolver;
        private final Map<String, PreparedSource> prepared;
        private final PromptRenderer renderer;

        PartialLoader(PartialResolver resolver, Map<String, PreparedSource> prepared, PromptRenderer renderer) {
            this.resolver = resolver;
            this.prepared = prepared;
            this.renderer = renderer;
            setPrefix("");
            setSuffix("");
        }

        @Override
        public TemplateSource sourceAt(String location) throws IOException {
            String name = location.startsWith("/") ? location.substring(1) : location;
            String text = resolver.resolve(name);
            String sourceName = resolver.sourceName(name);
            if (text == null) throw new TemplateException(sourceName, 0, 0, "partial '" + name + "' not found");
            PreparedSource source = renderer.preparePartial(sourceName, text);
            prepared.put(sourceName, source);
            return new StringTemplateSource(sourceName, source.text());
        }

        @Override
        public String resolve(String location) {
            return location;
        }
    }
}
