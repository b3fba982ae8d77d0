package org.promptstudio.template;

import org.promptstudio.model.ErrorText;
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
import java.io.FileNotFoundException;
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
    private final Map<String, Template> compiled = lru(128);
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
        this.handlebars = new Handlebars(new PartialLoader(this.partials))
                .with(EscapingStrategy.NOOP)
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
        Template template = compile(prompt);
        Map<String, Object> input = new LinkedHashMap<>(metadata.inputDefaults());
        @SuppressWarnings("unchecked")
        Map<String, Object> given = (Map<String, Object>) JsonValues.normalize(data.input());
        input.putAll(given);
        validateInput(prompt, metadata, input);

        Context context = Context.newBuilder(input).resolver(MapValueResolver.INSTANCE).build();
        try {
            data.context().forEach((k, v) -> context.data(k, JsonValues.normalize(v)));
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("prompt", metadata.asMap());
            meta.put("docs", data.docs());
            meta.put("messages", data.messages());
            context.data("metadata", meta);
            String text = template.apply(context);
            return new RenderedPrompt(MessageAssembler.toMessages(text, data.messages()), metadata);
        } catch (HandlebarsException e) {
            throw translate(prompt, e);
        } catch (IOException | RuntimeException e) {
            String reason = ErrorText.reason(e);
            throw new TemplateException(prompt.sourceName(), 0, 0, "cannot render: " + reason, e);
        } finally {
            context.destroy();
        }
    }

    /** The front matter with options laid over it and schemas converted to JSON Schema. */
    public PromptMetadata resolveMetadata(ParsedPrompt prompt, Map<String, Object> options) {
        PromptMetadata merged = prompt.metadata().mergedWith(options);
        Map<String, Object> fields = new LinkedHashMap<>(merged.asMap());
        try {
            for (String key : List.of("input", "output")) {
                Object section = fields.get(key);
                if (section instanceof Map<?, ?> m && m.get("schema") != null) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
                    copy.put("schema", picoschema.toJsonSchema(m.get("schema")));
                    fields.put(key, copy);
                }
            }
        } catch (Picoschema.SchemaException e) {
            throw new TemplateException(prompt.sourceName(), 0, 0, e.getMessage(), e);
        }
        return new PromptMetadata(fields);
    }

    /** Compiles the body, reporting syntax errors, unknown helpers and missing partials with their place. */
    public Template compile(ParsedPrompt prompt) {
        List<TemplateChecker.Problem> problems = TemplateChecker.check(prompt.template(), helperNames, partials);
        if (!problems.isEmpty()) {
            TemplateChecker.Problem p = problems.get(0);
            throw new TemplateException(prompt.sourceName(), prompt.bodyLine() + p.line() - 1, p.column(), p.reason());
        }
        String key = prompt.sourceName() + "\u0000" + prompt.template();
        Template cached = compiled.get(key);
        if (cached != null) return cached;
        try {
            Template template = handlebars.compile(
                    new StringTemplateSource(String.valueOf(prompt.sourceName()), prompt.template()));
            compiled.put(key, template);
            return template;
        } catch (HandlebarsException e) {
            throw translate(prompt, e);
        } catch (IOException e) {
            throw new TemplateException(prompt.sourceName(), 0, 0, "cannot compile: " + e.getMessage(), e);
        }
    }

    private void validateInput(ParsedPrompt prompt, PromptMetadata metadata, Map<String, Object> input) {
        Map<String, Object> schema = metadata.inputSchema();
        // Only an object schema can describe named variables; a scalar schema documents intent only.
        if (schema == null || !"object".equals(schema.get("type"))) return;
        JsonSchema validator;
        try {
            validator = validators.computeIfAbsent(schema, s -> SCHEMAS.getSchema(JSON.valueToTree(s)));
        } catch (RuntimeException e) {
            throw new TemplateException(prompt.sourceName(), 0, 0, "input schema is not valid JSON Schema: " + e.getMessage(), e);
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

    private static TemplateException translate(ParsedPrompt prompt, HandlebarsException e) {
        HandlebarsError err = e.getError();
        if (err == null) {
            return new TemplateException(prompt.sourceName(), 0, 0, String.valueOf(e.getMessage()), e);
        }
        int line = err.line > 0 ? prompt.bodyLine() + err.line - 1 : 0;
        String reason = err.reason == null ? err.message : err.reason;
        return new TemplateException(prompt.sourceName(), line, err.column, reason.strip(), e);
    }

    /** Serves partials to Handlebars from the resolver; a partial is the partial file's text, as written. */
    private static final class PartialLoader extends AbstractTemplateLoader {
        private final PartialResolver resolver;

        PartialLoader(PartialResolver resolver) {
            this.resolver = resolver;
            setPrefix("");
            setSuffix("");
        }

        @Override
        public TemplateSource sourceAt(String location) throws IOException {
            String name = location.startsWith("/") ? location.substring(1) : location;
            String text = resolver.resolve(name);
            if (text == null) throw new FileNotFoundException("partial '" + name + "' not found");
            return new StringTemplateSource("partial " + name, text);
        }

        @Override
        public String resolve(String location) {
            return location;
        }
    }
}
