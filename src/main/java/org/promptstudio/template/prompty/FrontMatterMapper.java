package org.promptstudio.template.prompty;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.promptstudio.template.prompty.InputSchema.Prop;
import org.promptstudio.template.prompty.InputSchema.Usage;
import org.promptstudio.template.prompty.PromptyConversion.Finding;

/**
 * Maps Prompty front matter to Dotprompt front matter: name, description and version as they are; the model
 * deployment to {@code model}; parameters to {@code config}; inputs and outputs to Picoschema; what has no place in
 * Dotprompt to {@code metadata.prompty}, each with a note.
 */
final class FrontMatterMapper {

    record Mapped(Map<String, Object> frontMatter, Map<String, Object> sample, boolean mustache,
                  List<Finding> notes, List<Finding> problems) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern ENV = Pattern.compile("\\$\\{env:([^:}]+)(?::([^}]*))?}");
    private static final Pattern FILE = Pattern.compile("\\$\\{file:([^}]+)}");
    /** Secret-looking keys: api_key, apiKey, client_secret, token, password, ... */
    private static final Pattern SECRET = Pattern.compile(
            "(?i:(^|_)(key|secret|token|password)$)|[a-z](Key|Secret|Token|Password)$");
    /** Keys of a Prompty property that have a place in a Dotprompt schema (or name it). */
    private static final Set<String> PROPERTY_KEYS = Set.of("type", "kind", "description", "default", "sample",
            "example", "required", "nullable", "items", "properties", "name", "enum", "enumValues", "json_schema",
            "oneOf", "anyOf");
    /** Keys that make a map a property rather than a value (besides a type or kind naming a type). */
    private static final Set<String> DEFINING_KEYS = Set.of("description", "default", "sample", "example", "required",
            "json_schema", "enumValues", "nullable");
    private static final Set<String> TOOL_KEYS = Set.of("tools", "tool_choice", "tools_choice", "functions",
            "function_call", "parallel_tool_calls", "allowMultipleToolCalls");

    private final String file;
    private final KeyLines lines;
    private final Path baseDir;
    private final List<Finding> notes = new ArrayList<>();
    private final List<Finding> problems = new ArrayList<>();
    private final Map<String, Object> prompty = new LinkedHashMap<>();
    private final Map<String, Object> config = new LinkedHashMap<>();
    private final Map<String, Object> output = new LinkedHashMap<>();
    private final Map<String, Object> sample = new LinkedHashMap<>();
    private final Map<String, Object> inputDefaults = new LinkedHashMap<>();
    private final Map<String, Object> frontMatter = new LinkedHashMap<>();
    private Map<String, Prop> declaredInputs;
    private boolean mustache;
    /** Whether the file is written in Prompty's second version (inputs as a list, kind, apiType, format.kind). */
    private boolean v2;
    private String model;
    /** The provider a connection's {@code type} names (v1 configuration, 2025 connection), for a bare model id. */
    private String connectionProvider;

    private FrontMatterMapper(String file, String yaml, int firstLine, Path baseDir) {
        this.file = file;
        this.lines = new KeyLines(yaml, firstLine);
        this.baseDir = baseDir;
    }

    /**
     * Reads {@code raw}, the front matter parsed from {@code yaml} (which starts on line {@code firstLine} of the
     * file); {@code baseDir} is where sample files are looked for, or null. The input schema is completed by
     * {@link #finish} once the body's variables are known.
     */
    static FrontMatterMapper read(Map<String, Object> raw, String file, String yaml, int firstLine, Path baseDir) {
        FrontMatterMapper m = new FrontMatterMapper(file, yaml, firstLine, baseDir);
        m.run(raw);
        return m;
    }

    private void run(Map<String, Object> raw) {
        v2 = isV2(raw);
        Map<String, Object> out = frontMatter;
        Map<String, Prop> outputs = null;
        Map<String, Object> inlineSample = null;
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            switch (key) {
                case "name", "description" -> {
                    if (value != null) out.put(key, String.valueOf(value));
                }
                case "version" -> {
                    if (value != null) out.put(key, String.valueOf(value));
                }
                case "model" -> model(value);
                case "inputs" -> declaredInputs = fields(value, "inputs", false);
                case "outputs" -> outputs = fields(value, "outputs", true);
                case "sample" -> inlineSample = sample(value);
                case "template" -> mustache = template(value);
                case "metadata" -> {
                    if (value instanceof Map<?, ?> m) {
                        m.forEach((k, v) -> keep(String.valueOf(k), v, line("metadata", String.valueOf(k))));
                    } else {
                        keep(key, value, line(key));
                    }
                }
                case "$schema" -> {
                    // Points at the Prompty schema, which the converted file no longer follows.
                }
                default -> keep(key, value, line(key));
            }
        }
        if (inlineSample != null) sample.putAll(inlineSample);
        if (model != null) out.put("model", model);
        if (!config.isEmpty()) out.put("config", config);
        if (outputs != null && !outputs.isEmpty()) {
            if (output.containsKey("schema")) {
                keep("outputs", raw.get("outputs"), line("outputs"));
            } else {
                Map<String, Object> pico = InputSchema.picoschema(outputs);
                output.put("format", "json");
                output.put("schema", pico != null ? pico : InputSchema.jsonSchema(outputs, false));
            }
        }
        if (!output.isEmpty()) out.put("output", output);
        if (!prompty.isEmpty()) out.put("metadata", Map.of("prompty", prompty));
    }

    /**
     * Prompty's second version (the 2025 specification) writes inputs as a list or with {@code kind}, the model with
     * {@code apiType} or {@code provider}, the template as {@code format: {kind: ...}}. Its rules differ from the
     * first: a value in place of a property is a default, and an input is optional unless {@code required: true}.
     */
    private static boolean isV2(Map<String, Object> raw) {
        if (raw.get("inputs") instanceof List || raw.get("outputs") instanceof List) return true;
        for (String section : List.of("inputs", "outputs")) {
            if (raw.get(section) instanceof Map<?, ?> m) {
                for (Object spec : m.values()) {
                    if (spec instanceof Map<?, ?> s && s.containsKey("kind") && !s.containsKey("type")) return true;
                }
            }
        }
        if (raw.get("model") instanceof Map<?, ?> m && (m.containsKey("apiType") || m.containsKey("provider"))) return true;
        return raw.get("template") instanceof Map<?, ?> t && (t.get("format") instanceof Map || t.get("parser") instanceof Map);
    }

    // ---- model ----

    private void model(Object value) {
        if (value instanceof String s) {
            model = s;
            if (!s.contains("/")) {
                note(line("model"), "model '" + s + "' names no provider; written as it is (Prompt Studio expects"
                        + " provider/model, e.g. openai/" + s + ")");
            }
            return;
        }
        if (!(value instanceof Map<?, ?> m)) {
            if (value != null) keep("model", value, line("model"));
            return;
        }
        String provider = null;
        String id = null;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object v = e.getValue();
            switch (key) {
                case "api", "apiType" -> {
                    if (!"chat".equals(v)) {
                        keepUnder("model", key, v, line("model", key), "model." + key + " '" + v + "' kept as"
                                + " metadata.prompty.model." + key + ": a Dotprompt prompt is chat messages, sent to"
                                + " the chat API");
                    }
                }
                case "configuration", "connection" -> configuration(key, v);
                case "parameters", "options" -> parameters(key, v);
                case "provider" -> provider = String.valueOf(v);
                case "id" -> id = String.valueOf(v);
                default -> keepUnder("model", key, v, line("model", key), null);
            }
        }
        if (id != null) {
            String p = provider != null ? provider(provider) : connectionProvider;
            if (provider != null && !p.equals(provider)) {
                note(line("model", "provider"), "provider '" + provider + "' written as " + p);
            }
            model = p == null ? id : p + "/" + id;
            if (p == null) {
                note(line("model", "id"), "model '" + id + "' names no provider; written as it is (Prompt Studio"
                        + " expects provider/model, e.g. openai/" + id + ")");
            }
        }
    }

    /** Prompty's provider key as a Prompt Studio provider: azure and foundry (Azure OpenAI deployments) alike. */
    private static String provider(String provider) {
        String p = provider.toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (p) {
            case "azure", "azure-openai", "foundry" -> "azure-openai";
            default -> p;
        };
    }

    private void configuration(String section, Object value) {
        if (!(value instanceof Map<?, ?> c)) {
            keepUnder("model", section, value, line("model", section), null);
            return;
        }
        String type = c.get("type") == null ? null : String.valueOf(c.get("type"));
        if (type != null && type.startsWith("azure_openai")) type = "azure_openai";
        String deployment = string(c.get("azure_deployment"), c.get("deployment"));
        String name = string(c.get("name"), c.get("model"));
        String provider;
        String modelName;
        if (type == null) {
            provider = deployment != null ? "azure-openai" : name != null ? "openai" : null;
            modelName = deployment != null ? deployment : name;
            if (provider != null) {
                note(line("model", section), "model." + section + " has no type; taken as "
                        + (provider.equals("openai") ? "openai (it has a name)" : "azure_openai (it has an azure_deployment)"));
            }
        } else if (type.equals("azure_openai") || type.equals("azure")) {
            provider = "azure-openai";
            modelName = deployment != null ? deployment : name;
        } else {
            provider = type.replace('_', '-');
            modelName = name != null ? name : deployment;
        }
        if (modelName != null) {
            Matcher env = ENV.matcher(modelName);
            if (env.matches()) {
                if (env.group(2) != null && !env.group(2).isBlank()) {
                    note(line("model", section), "the model comes from environment variable " + env.group(1)
                            + "; its default '" + env.group(2) + "' is used");
                    modelName = env.group(2);
                } else {
                    note(line("model", section), "the model comes from environment variable " + env.group(1)
                            + "; no model written, set 'model' by hand");
                    modelName = null;
                }
            }
        }
        if (provider != null && modelName != null && model == null) model = provider + "/" + modelName;
        if (type != null) connectionProvider = provider;
        List<String> kept = new ArrayList<>();
        for (Map.Entry<?, ?> e : c.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (Set.of("type", "azure_deployment", "deployment", "name", "model").contains(key)) continue;
            if (SECRET.matcher(key).find()) {
                note(line("model", section, key), "model." + section + "." + key + " left out: secrets are not"
                        + " kept in the workspace (set them in the environment)");
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> target = (Map<String, Object>) prompty.computeIfAbsent("connection",
                    k -> new LinkedHashMap<String, Object>());
            target.put(key, e.getValue());
            kept.add(key);
        }
        if (!kept.isEmpty()) {
            note(line("model", section), "model." + section + " " + String.join(", ", kept)
                    + " kept as metadata.prompty.connection (Prompt Studio takes connections from studio.yaml)");
        }
    }

    private void parameters(String section, Object value) {
        if (!(value instanceof Map<?, ?> p)) {
            keepUnder("model", section, value, line("model", section), null);
            return;
        }
        for (Map.Entry<?, ?> e : p.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object v = e.getValue();
            switch (key) {
                case "max_tokens", "max_completion_tokens", "maxOutputTokens", "max_output_tokens" ->
                        config.put("maxOutputTokens", v);
                case "top_p", "topP" -> config.put("topP", v);
                case "top_k", "topK" -> config.put("topK", v);
                case "frequencyPenalty" -> config.put("frequency_penalty", v);
                case "presencePenalty" -> config.put("presence_penalty", v);
                case "additionalProperties" -> {
                    if (v instanceof Map<?, ?> extra) {
                        extra.forEach((k, x) -> config.put(String.valueOf(k), x));
                        note(line("model", section, key), "model." + section + ".additionalProperties "
                                + extra.keySet() + " written to config as they are (sent to the provider)");
                    } else {
                        keepUnder("model", key, v, line("model", section, key), null);
                    }
                }
                case "stop", "stopSequences", "stop_sequences" ->
                        config.put("stopSequences", v instanceof List ? v : v == null ? List.of() : List.of(v));
                case "response_format", "responseFormat" -> responseFormat(v, line("model", section, key));
                default -> {
                    if (TOOL_KEYS.contains(key)) {
                        keepUnder("parameters", key, v, line("model", section, key), "model." + section + "." + key
                                + " kept as metadata.prompty.parameters." + key + ": tool definitions are not converted");
                    } else {
                        config.put(key, v);
                    }
                }
            }
        }
    }

    private void responseFormat(Object v, int line) {
        if (v instanceof String s && FILE.matcher(s.strip()).matches()) {
            // response_format: ${file:schema.json}, as Prompty v1's structured_output.prompty writes it
            Object loaded = readReference(s, line, "response_format");
            if (loaded != null) v = loaded;
        }
        Object type = v instanceof Map<?, ?> m ? m.get("type") : v;
        if ("json_object".equals(type) || "json".equals(type)) {
            output.put("format", "json");
        } else if ("text".equals(type)) {
            return;
        } else if ("json_schema".equals(type) && v instanceof Map<?, ?> m
                && m.get("json_schema") instanceof Map<?, ?> js && js.get("schema") instanceof Map<?, ?> schema) {
            output.put("format", "json");
            output.put("schema", schema);
            if (js.get("name") != null || js.get("strict") != null) {
                note(line, "response_format json_schema mapped to output.schema; its name and strict flag are not kept");
            }
        } else {
            keepUnder("parameters", "response_format", v, line, null);
        }
    }

    // ---- inputs and outputs ----

    /**
     * The fields of Prompty {@code inputs} or {@code outputs}: a map of name to property or to a value (v1 and v2),
     * or a list of properties with names (v2). A map is a property when it holds a property key (type, kind,
     * description, default, sample, example, required, ...), as Prompty's loaders read it; keys without a place in a
     * schema are kept under {@code metadata.prompty} with a note. Any other value is shorthand: in v1 a sample
     * (Prompty's {@code load_input_property}), in v2 a default (specification section 2.7).
     */
    private Map<String, Prop> fields(Object value, String section, boolean output) {
        Map<String, Prop> fields = new LinkedHashMap<>();
        Map<String, Object> specs = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> specs.put(String.valueOf(k), v));
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> spec && spec.get("name") != null) {
                    specs.put(String.valueOf(spec.get("name")), spec);
                } else {
                    note(line(section), section + ": an entry without a name is left out: " + abbreviate(item));
                }
            }
        } else if (value != null) {
            keep(section, value, line(section));
            return fields;
        }
        for (Map.Entry<String, Object> e : specs.entrySet()) {
            String name = e.getKey();
            Object spec = e.getValue();
            int line = line(section, name);
            String where = section + "." + name;
            Prop p;
            if (spec instanceof Map<?, ?> m && isSpec(m)) {
                p = property(m, where, line, output, List.of(section, name));
                if (!output && m.containsKey("default")) inputDefaults.put(name, m.get("default"));
                Object example = m.containsKey("sample") ? m.get("sample") : m.get("example");
                if (!output && example != null) sample.put(name, example);
            } else if (spec instanceof String s && InputSchema.picoType(s) != null) {
                p = Prop.of(type(InputSchema.picoType(s)));
                p.optional = v2;
            } else if (output) {
                p = InputSchema.inferred(spec);
            } else if (v2) {
                p = InputSchema.inferred(spec);
                p.optional = true;
                p.hasDefault = true;
                p.defaultValue = spec;
                inputDefaults.put(name, spec);
                note(line, where + ": the value " + abbreviate(spec) + " is taken as a default, as Prompty v2 reads"
                        + " a value in place of a property");
            } else {
                p = InputSchema.inferred(spec);
                if (spec != null) sample.put(name, spec);
                note(line, where + ": the value " + abbreviate(spec) + " is taken as a sample (dataset row), not a"
                        + " default, as Prompty v1 reads a value in place of a property");
            }
            fields.put(name, p);
        }
        return fields;
    }

    /** One property map (of {@code inputs}, {@code outputs}, or nested in {@code items} / {@code properties}). */
    private Prop property(Map<?, ?> m, String where, int line, boolean output, List<String> path) {
        Object t = m.get("type") != null ? m.get("type") : m.get("kind");
        String kind = t == null ? null : String.valueOf(t).toLowerCase(Locale.ROOT);
        Prop p;
        if (kind == null) {
            Object example = m.containsKey("sample") ? m.get("sample") : m.containsKey("example") ? m.get("example")
                    : m.get("default");
            p = example == null ? Prop.of(null) : InputSchema.inferred(example);
        } else if (kind.equals("thread")) {
            p = Prop.messages();
            p.rich = "thread";
            note(line, where + ": a thread (conversation) is a list of {role, content} messages; the template"
                    + " writes each as a message");
        } else if (Set.of("image", "file", "audio").contains(kind)) {
            p = Prop.of("string");
            p.rich = kind;
            note(line, where + ": " + kind + " input, a URL or data: URL; the template inserts it as {{media}}");
        } else if (kind.equals("union")) {
            p = Prop.of(null);
            List<Object> branches = new ArrayList<>();
            String combine = m.get("oneOf") instanceof List ? "oneOf" : "anyOf";
            if (m.get(combine) instanceof List<?> list) {
                int i = 0;
                for (Object b : list) {
                    if (b instanceof Map<?, ?> bm) {
                        branches.add(InputSchema.jsonSchema(
                                property(bm, where + "." + combine + "[" + i + "]", line, output, path)));
                    }
                    i++;
                }
            }
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put(combine, branches);
            p.jsonSchema = schema;
        } else {
            String pico = InputSchema.picoType(kind);
            if (pico == null) {
                note(line, where + ": type '" + t + "' has no Picoschema equivalent; written as 'any'");
            }
            p = Prop.of(type(pico));
        }
        boolean hasDefault = m.containsKey("default");
        Object required = m.get("required");
        p.optional = hasDefault || Boolean.FALSE.equals(required) || (v2 && !Boolean.TRUE.equals(required));
        if (output && !v2) p.optional = Boolean.FALSE.equals(required);
        if (hasDefault) {
            p.hasDefault = true;
            p.defaultValue = m.get("default");
        }
        if (m.get("description") != null) {
            p.description = String.valueOf(m.get("description")).strip().replaceAll("\\s+", " ");
            if (p.description.isEmpty()) p.description = null;
        }
        if (Boolean.TRUE.equals(m.get("nullable"))) p.nullable = true;
        Object values = m.get("enumValues") != null ? m.get("enumValues") : m.get("enum");
        if (values instanceof List<?> list && !list.isEmpty()) p.enumValues = new ArrayList<>(list);
        if (m.get("items") instanceof Map<?, ?> items) {
            p.type = "array";
            p.items = isSpec(items) ? property(items, where + ".items", line, output, append(path, "items"))
                    : Prop.of(null);
            p.items.optional = false;
        } else if (m.get("items") instanceof String s && InputSchema.picoType(s) != null) {
            p.type = "array";
            p.items = Prop.of(type(InputSchema.picoType(s)));
        }
        if (m.get("properties") instanceof Map<?, ?> || m.get("properties") instanceof List<?>) {
            p.type = "object";
            p.properties = nested(m.get("properties"), where, output, append(path, "properties"));
        }
        if (m.get("json_schema") instanceof Map<?, ?> js && !js.isEmpty()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> schema = new LinkedHashMap<>((Map<String, Object>) js);
            p.jsonSchema = schema;
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (PROPERTY_KEYS.contains(key)) continue;
            keepAt(path, key, e.getValue(), lines.line(append(path, key).toArray(String[]::new)),
                    where + "." + key);
        }
        return p;
    }

    private Map<String, Prop> nested(Object value, String where, boolean output, List<String> path) {
        Map<String, Prop> out = new LinkedHashMap<>();
        Map<String, Object> specs = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> specs.put(String.valueOf(k), v));
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> spec && spec.get("name") != null) specs.put(String.valueOf(spec.get("name")), spec);
            }
        }
        specs.forEach((name, spec) -> {
            List<String> at = append(path, name);
            int line = lines.line(at.toArray(String[]::new));
            if (spec instanceof Map<?, ?> m && isSpec(m)) {
                out.put(name, property(m, where + "." + name, line, output, at));
            } else if (spec instanceof String s && InputSchema.picoType(s) != null) {
                out.put(name, Prop.of(type(InputSchema.picoType(s))));
            } else {
                out.put(name, InputSchema.inferred(spec));
            }
        });
        return out;
    }

    private static String type(String pico) {
        return pico == null || pico.equals("any") ? null : pico;
    }

    private static List<String> append(List<String> path, String key) {
        List<String> out = new ArrayList<>(path);
        out.add(key);
        return out;
    }

    /** A map that Prompty reads as a property: it holds at least one key a property has. */
    private static boolean isSpec(Map<?, ?> m) {
        for (Object k : m.keySet()) {
            String key = String.valueOf(k);
            if (key.equals("type") || key.equals("kind")) {
                Object t = m.get(k);
                if (t instanceof String s && (InputSchema.picoType(s) != null
                        || Set.of("thread", "image", "file", "audio", "union").contains(s.toLowerCase(Locale.ROOT)))) {
                    return true;
                }
            } else if (DEFINING_KEYS.contains(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Builds {@code input} and {@code output} of the Dotprompt front matter: the declared inputs, then each sample
     * field and each variable of the template that is not declared, as an optional field (Prompty renders a missing
     * variable as nothing). {@code used} is what {@link BodyConverter} found the template to use.
     */
    Mapped finish(Map<String, Usage> used) {
        Map<String, Prop> fields = declaredInputs == null ? new LinkedHashMap<>() : new LinkedHashMap<>(declaredInputs);
        boolean declared = declaredInputs != null;
        List<String> added = new ArrayList<>();
        for (Map.Entry<String, Object> e : sample.entrySet()) {
            if (fields.containsKey(e.getKey())) continue;
            Prop p = InputSchema.inferred(e.getValue());
            p.optional = true;
            fields.put(e.getKey(), p);
            if (declared) {
                int line = line("sample", e.getKey());
                note(line == 0 ? line("sample") : line, "sample field '" + e.getKey() + "' is not among the inputs;"
                        + " declared as an optional " + describe(p));
            } else {
                added.add(e.getKey());
            }
        }
        for (Map.Entry<String, Usage> e : used.entrySet()) {
            String name = e.getKey();
            Usage u = e.getValue();
            Prop existing = fields.get(name);
            if (existing == null) {
                Prop p = u.toProp();
                p.optional = true;
                fields.put(name, p);
                if (declared || !sample.isEmpty()) {
                    note(u.line, "'" + name + "' is used by the template but neither declared nor in the sample;"
                            + " declared as an optional " + describe(p) + " (Prompty renders it as nothing when missing)");
                } else {
                    added.add(name);
                }
            } else if ("object".equals(existing.type) && existing.properties == null && existing.jsonSchema == null
                    && !u.fields.isEmpty()) {
                // A declared object without its fields: the fields the template reads, so examples show them.
                Prop fromUse = u.toProp();
                existing.properties = fromUse.properties;
                existing.open = true;
            } else if (u.item != null && u.item.roleLines && "array".equals(existing.type) && !existing.isMessages()
                    && existing.jsonSchema == null) {
                Prop messages = Prop.messages();
                if (existing.items != null && existing.items.properties != null) {
                    existing.items.properties.forEach((k, v) -> messages.items.properties.putIfAbsent(k, v));
                }
                existing.items = messages.items;
            }
        }
        if (!added.isEmpty()) {
            note(0, "no inputs declared: the input schema lists the " + (sample.isEmpty() ? "" : "sample's fields and the ")
                    + "template's variables, each optional: " + String.join(", ", added));
        }
        Map<String, Object> out = new LinkedHashMap<>(frontMatter);
        Map<String, Object> rest = new LinkedHashMap<>();
        for (String key : List.of("output", "metadata")) {
            if (out.containsKey(key)) rest.put(key, out.remove(key));
        }
        if (!fields.isEmpty()) {
            Map<String, Object> input = new LinkedHashMap<>();
            Map<String, Object> pico = InputSchema.picoschema(fields);
            input.put("schema", pico != null ? pico : InputSchema.jsonSchema(fields, false));
            if (!inputDefaults.isEmpty()) input.put("default", inputDefaults);
            out.put("input", input);
        }
        out.putAll(rest);
        return new Mapped(out, sample.isEmpty() ? null : sample, mustache, notes, problems);
    }

    /** Names and kinds of the inputs Prompty v2 treats apart: thread, image, file, audio. */
    Map<String, String> richInputs() {
        Map<String, String> out = new LinkedHashMap<>();
        if (declaredInputs != null) declaredInputs.forEach((k, v) -> {
            if (v.rich != null) out.put(k, v.rich);
        });
        return out;
    }

    boolean mustache() {
        return mustache;
    }

    private static String describe(Prop p) {
        if (p.isMessages()) return "list of {role, content} messages";
        if (p.type == null) return "'any'";
        return p.type;
    }

    // ---- sample and template ----

    /** The JSON or YAML a {@code ${file:NAME}} reference names, next to the .prompty file; null (with a note) when unread. */
    private Object readReference(String reference, int line, String what) {
        Matcher ref = FILE.matcher(reference.strip());
        String name = ref.matches() ? ref.group(1).strip() : reference.strip();
        if (baseDir == null) {
            note(line, what + " file '" + name + "' not read (no folder known)");
            return null;
        }
        Path path = baseDir.resolve(name);
        if (!Files.isRegularFile(path)) {
            note(line, what + " file '" + name + "' not found next to the .prompty file");
            return null;
        }
        try {
            String lower = name.toLowerCase(Locale.ROOT);
            ObjectMapper reader = lower.endsWith(".yaml") || lower.endsWith(".yml") ? YAML : JSON;
            return reader.readValue(path.toFile(), Object.class);
        } catch (IOException e) {
            note(line, what + " file '" + name + "' cannot be read (" + oneLine(e.getMessage()) + ")");
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> sample(Object value) {
        int line = line("sample");
        if (value instanceof Map<?, ?> m) return (Map<String, Object>) m;
        if (!(value instanceof String s)) {
            if (value != null) note(line, "sample is neither a map nor a file name; left out");
            return null;
        }
        Matcher ref = FILE.matcher(s.strip());
        String name = ref.matches() ? ref.group(1).strip() : s.strip();
        if (baseDir == null) {
            note(line, "sample file '" + name + "' not read (no folder known); no dataset row");
            return null;
        }
        Path path = baseDir.resolve(name);
        if (!Files.isRegularFile(path)) {
            note(line, "sample file '" + name + "' not found next to the .prompty file; no dataset row");
            return null;
        }
        try {
            String lower = name.toLowerCase(Locale.ROOT);
            ObjectMapper reader = lower.endsWith(".yaml") || lower.endsWith(".yml") ? YAML : JSON;
            Object data = reader.readValue(path.toFile(), Object.class);
            if (data instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map) {
                if (list.size() > 1) note(line, "sample file '" + name + "' holds " + list.size() + " rows; the first is used");
                return (Map<String, Object>) list.get(0);
            }
            if (data instanceof Map) return (Map<String, Object>) data;
            note(line, "sample file '" + name + "' holds no object; no dataset row");
        } catch (IOException e) {
            note(line, "sample file '" + name + "' cannot be read (" + oneLine(e.getMessage()) + "); no dataset row");
        }
        return null;
    }

    /**
     * True for Mustache, false for Jinja2; anything else is a problem. Takes every form Prompty has had:
     * {@code template: jinja2} (v1), {@code {type: jinja2, parser: prompty}} (v1 runtime),
     * {@code {format: jinja2, parser: prompty}} (2025 runtime), {@code {format: {kind: jinja2}, parser: {kind:
     * prompty}}} (v2 specification, section 2.8).
     */
    private boolean template(Object value) {
        int line = line("template");
        Object format = value;
        if (value instanceof Map<?, ?> m) {
            format = m.get("format") != null ? m.get("format") : m.get("type");
            if (format instanceof Map<?, ?> f) {
                f.forEach((k, v) -> {
                    if (!"kind".equals(String.valueOf(k))) {
                        keepUnder("template", "format." + k, v, line("template", "format", String.valueOf(k)), null);
                    }
                });
                format = f.get("kind");
            }
            Object parser = m.get("parser");
            if (parser instanceof Map<?, ?> p) parser = p.get("kind");
            if (parser != null && !"prompty".equals(String.valueOf(parser).toLowerCase(Locale.ROOT))) {
                problems.add(new Finding(file, line("template", "parser"), "cannot convert parser '" + parser
                        + "' (only Prompty's role lines: system:, user:, assistant:)"));
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                if (!Set.of("format", "type", "parser").contains(k)) {
                    keepUnder("template", k, e.getValue(), line("template", k), null);
                }
            }
        }
        String f = format == null ? "jinja2" : String.valueOf(format).toLowerCase(Locale.ROOT);
        switch (f) {
            case "jinja2", "jinja" -> {
                return false;
            }
            case "mustache" -> {
                note(line, "Mustache template: values are inserted as they are, with no HTML escaping");
                return true;
            }
            default -> {
                problems.add(new Finding(file, line, "cannot convert template format '" + format
                        + "' (only jinja2 and mustache)"));
                return false;
            }
        }
    }

    // ---- keeping what has no place ----

    private void keep(String key, Object value, int line) {
        prompty.put(key, value);
        note(line, "'" + key + "' kept as metadata.prompty." + key);
    }

    @SuppressWarnings("unchecked")
    private void keepUnder(String group, String key, Object value, int line, String message) {
        ((Map<String, Object>) prompty.computeIfAbsent(group, k -> new LinkedHashMap<String, Object>())).put(key, value);
        note(line, message != null ? message : "'" + group + "." + key + "' kept as metadata.prompty." + group + "." + key);
    }

    /** Keeps a key of a property under metadata.prompty at the same path (inputs.table.internal, ...). */
    @SuppressWarnings("unchecked")
    private void keepAt(List<String> path, String key, Object value, int line, String where) {
        Map<String, Object> target = prompty;
        for (String step : path) {
            Object next = target.computeIfAbsent(step, k -> new LinkedHashMap<String, Object>());
            if (!(next instanceof Map)) return;
            target = (Map<String, Object>) next;
        }
        target.put(key, value);
        note(line, "'" + where + "' has no place in a Dotprompt schema; kept as metadata.prompty." + where);
    }

    private void note(int line, String message) {
        notes.add(new Finding(file, line, message));
    }

    private int line(String... path) {
        return lines.line(path);
    }

    private static String string(Object... candidates) {
        for (Object c : candidates) {
            if (c != null && !String.valueOf(c).isBlank()) return String.valueOf(c);
        }
        return null;
    }

    private static String abbreviate(Object value) {
        String s;
        try {
            s = JSON.writeValueAsString(value);
        } catch (IOException e) {
            s = String.valueOf(value);
        }
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    /** Finds the line of a key path in the YAML text, well enough for messages. */
    private static final class KeyLines {
        private final String[] lines;
        private final int firstLine;

        KeyLines(String yaml, int firstLine) {
            this.lines = yaml.split("\n", -1);
            this.firstLine = firstLine;
        }

        int line(String... path) {
            int from = 0;
            int indent = -1;
            int found = -1;
            for (String key : path) {
                Pattern p = Pattern.compile("^(\\s*)(?:-\\s+)?(?:name:\\s*)?[\"']?" + Pattern.quote(key) + "[\"']?\\s*:?(\\s|$)");
                int hit = -1;
                for (int i = from; i < lines.length; i++) {
                    Matcher m = p.matcher(lines[i]);
                    if (m.find() && m.group(1).length() > indent) {
                        hit = i;
                        indent = m.group(1).length();
                        break;
                    }
                }
                if (hit < 0) break;
                found = hit;
                from = hit + 1;
            }
            return found < 0 ? 0 : firstLine + found;
        }
    }
}
