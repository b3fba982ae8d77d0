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
    private static final Pattern SECRET = Pattern.compile("(^|_)(key|secret|token|password)$", Pattern.CASE_INSENSITIVE);
    private static final Set<String> SPEC_KEYS = Set.of("type", "kind", "description", "default", "sample", "required",
            "strict", "items", "properties", "name", "enum", "format");
    private static final Set<String> TOOL_KEYS = Set.of("tools", "tool_choice", "tools_choice", "functions",
            "function_call", "parallel_tool_calls");

    private final String file;
    private final KeyLines lines;
    private final Path baseDir;
    private final List<Finding> notes = new ArrayList<>();
    private final List<Finding> problems = new ArrayList<>();
    private final Map<String, Object> prompty = new LinkedHashMap<>();
    private final Map<String, Object> config = new LinkedHashMap<>();
    private final Map<String, Object> output = new LinkedHashMap<>();
    private final Map<String, Object> sample = new LinkedHashMap<>();
    private String model;
    private Object outputsSchema;

    private FrontMatterMapper(String file, String yaml, int firstLine, Path baseDir) {
        this.file = file;
        this.lines = new KeyLines(yaml, firstLine);
        this.baseDir = baseDir;
    }

    /**
     * Maps {@code raw}, the front matter parsed from {@code yaml} (which starts on line {@code firstLine} of the
     * file); {@code baseDir} is where sample files are looked for, or null.
     */
    static Mapped map(Map<String, Object> raw, String file, String yaml, int firstLine, Path baseDir) {
        return new FrontMatterMapper(file, yaml, firstLine, baseDir).run(raw);
    }

    private Mapped run(Map<String, Object> raw) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> inputSchema = null;
        Map<String, Object> inputDefaults = new LinkedHashMap<>();
        Map<String, Object> inlineSample = null;
        boolean mustache = false;
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
                case "inputs" -> inputSchema = inputs(value, inputDefaults);
                case "outputs" -> outputsSchema = properties(value, "outputs", new LinkedHashMap<>(), true);
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
        if (inputSchema != null && !inputSchema.isEmpty()) {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("schema", inputSchema);
            if (!inputDefaults.isEmpty()) input.put("default", inputDefaults);
            out.put("input", input);
        }
        if (outputsSchema != null && !((Map<?, ?>) outputsSchema).isEmpty()) {
            if (output.containsKey("schema")) {
                keep("outputs", raw.get("outputs"), line("outputs"));
            } else {
                output.put("schema", outputsSchema);
            }
        }
        if (!output.isEmpty()) out.put("output", output);
        if (!prompty.isEmpty()) out.put("metadata", Map.of("prompty", prompty));
        return new Mapped(out, sample.isEmpty() ? null : sample, mustache, notes, problems);
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
                case "api" -> {
                    if (!"chat".equals(v)) {
                        keepUnder("model", key, v, line("model", key),
                                "api '" + v + "' kept as metadata.prompty.model.api: a Dotprompt prompt is chat messages");
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
            String p = provider == null ? null : provider.equals("azure") ? "azure-openai" : provider.replace('_', '-');
            model = p == null ? id : p + "/" + id;
        }
    }

    private void configuration(String section, Object value) {
        if (!(value instanceof Map<?, ?> c)) {
            keepUnder("model", section, value, line("model", section), null);
            return;
        }
        String type = c.get("type") == null ? null : String.valueOf(c.get("type"));
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
        if (provider != null && modelName != null) model = provider + "/" + modelName;
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

    private Map<String, Object> inputs(Object value, Map<String, Object> defaults) {
        return properties(value, "inputs", defaults, false);
    }

    /**
     * Picoschema for Prompty properties (a map of name to spec or shorthand, or a list of specs with names).
     * {@code defaults} receives default values; for inputs, sample values go to the dataset row.
     */
    private Map<String, Object> properties(Object value, String section, Map<String, Object> defaults, boolean output) {
        Map<String, Object> schema = new LinkedHashMap<>();
        Map<String, Object> specs = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> specs.put(String.valueOf(k), v));
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> spec && spec.get("name") != null) specs.put(String.valueOf(spec.get("name")), spec);
            }
        } else if (value != null) {
            keep(section, value, line(section));
            return schema;
        }
        for (Map.Entry<String, Object> e : specs.entrySet()) {
            String name = e.getKey();
            Object spec = e.getValue();
            int line = line(section, name);
            String type = null;
            String description = null;
            boolean optional = false;
            Object example = null;
            Object items = null;
            if (spec instanceof Map<?, ?> m && isSpec(m)) {
                Object t = m.get("type") != null ? m.get("type") : m.get("kind");
                type = t == null ? null : String.valueOf(t);
                description = m.get("description") == null ? null : String.valueOf(m.get("description"));
                if (m.containsKey("default")) {
                    defaults.put(name, m.get("default"));
                    optional = true;
                    example = m.get("default");
                }
                if (Boolean.FALSE.equals(m.get("required"))) optional = true;
                if (m.containsKey("sample")) {
                    if (!output) sample.put(name, m.get("sample"));
                    example = m.get("sample");
                }
                if (m.get("items") instanceof Map<?, ?> it) {
                    items = it.get("type") != null ? it.get("type") : it.get("kind");
                }
            } else if (spec instanceof String s && picoType(s) != null) {
                type = s;
            } else if (spec != null) {
                example = spec;
                if (!output) {
                    sample.put(name, spec);
                    note(line, section + "." + name + ": the value " + abbreviate(spec)
                            + " is taken as a sample (dataset row), not a default");
                }
            }
            String pico = type == null ? inferred(example) : picoType(type);
            if (pico == null) {
                note(line, section + "." + name + ": type '" + type + "' has no Picoschema equivalent; written as 'any'");
                pico = "any";
            }
            String desc = description == null ? null : description.strip().replaceAll("\\s+", " ");
            String key = name + (optional ? "?" : "");
            switch (pico) {
                case "array" -> {
                    String itemType = items == null ? null : picoType(String.valueOf(items));
                    schema.put(key + "(array" + (desc == null ? "" : ", " + desc) + ")",
                            itemType == null || itemType.equals("array") || itemType.equals("object") ? "any" : itemType);
                }
                case "object" -> schema.put(key + "(object" + (desc == null ? "" : ", " + desc) + ")",
                        Map.of("(*)", "any"));
                default -> schema.put(key, pico + (desc == null ? "" : ", " + desc));
            }
        }
        return schema;
    }

    private static boolean isSpec(Map<?, ?> m) {
        if (m.isEmpty()) return false;
        for (Object k : m.keySet()) {
            if (!SPEC_KEYS.contains(String.valueOf(k))) return false;
        }
        return m.containsKey("type") || m.containsKey("kind") || m.containsKey("description")
                || m.containsKey("default") || m.containsKey("sample");
    }

    private static String picoType(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "string", "str", "text" -> "string";
            case "number", "float", "double", "decimal" -> "number";
            case "integer", "int" -> "integer";
            case "boolean", "bool" -> "boolean";
            case "array", "list" -> "array";
            case "object", "dict", "map" -> "object";
            case "any" -> "any";
            default -> null;
        };
    }

    private static String inferred(Object example) {
        if (example instanceof String) return "string";
        if (example instanceof Number) return "number";
        if (example instanceof Boolean) return "boolean";
        if (example instanceof List) return "array";
        if (example instanceof Map) return "object";
        return "any";
    }

    // ---- sample and template ----

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

    /** True for Mustache, false for Jinja2; anything else is a problem. */
    private boolean template(Object value) {
        int line = line("template");
        Object format = value;
        if (value instanceof Map<?, ?> m) {
            format = m.get("format") != null ? m.get("format") : m.get("type");
            Object parser = m.get("parser");
            if (parser != null && !"prompty".equals(parser)) {
                keep("template", value, line);
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
