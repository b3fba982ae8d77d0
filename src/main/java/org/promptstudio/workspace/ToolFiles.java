package org.promptstudio.workspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.promptstudio.format.JsonSchemaCheck;
import org.promptstudio.format.Yaml;
import org.promptstudio.model.ToolDefinition;

/**
 * The tools a workspace defines, one file each in {@code tools/}: {@code tools/<name>.yaml} (or {@code .yml},
 * {@code .json}) holding {@code description} and {@code inputSchema} (the JSON Schema of the arguments, an object),
 * optionally {@code name} (the file's name when given) and {@code outputSchema}. A prompt names the tools it offers
 * in its front matter ({@code tools: [weather]}, as Dotprompt does) and may define some inline under
 * {@code toolDefs} (a list of the same mappings, each with its {@code name}); an inline definition wins over a
 * file. Decision 0084. Every error is one line naming the file (and the key) to fix.
 */
public final class ToolFiles {

    /** The folder under the workspace root. */
    public static final String DIR = "tools";

    /** Names every provider takes: OpenAI {@code ^[a-zA-Z0-9_-]{1,64}$}, Gemini and Anthropic a superset of it. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> KEYS = Set.of("name", "description", "inputSchema", "outputSchema");
    private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");

    private final Path root;
    private final ObjectMapper yaml = Yaml.mapper();

    private ToolFiles(Path root) {
        this.root = root;
    }

    /** The tools of the workspace at {@code root} (its {@code tools/} folder; missing is fine: no tools). */
    public static ToolFiles of(Path root) {
        return new ToolFiles(root);
    }

    /** No tool folder: only inline definitions resolve. */
    public static ToolFiles none() {
        return new ToolFiles(null);
    }

    /**
     * The tool {@code name} from {@code tools/}, or empty when no file defines it.
     *
     * @throws WorkspaceException naming the file when it cannot be read or is not a valid definition
     */
    public Optional<ToolDefinition> find(String name) {
        if (root == null || name == null || !NAME.matcher(name).matches()) return Optional.empty();
        for (String ext : EXTENSIONS) {
            Path file = root.resolve(DIR).resolve(name + ext);
            if (!Files.isRegularFile(file)) continue;
            String where = DIR + "/" + name + ext;
            Object value;
            String text;
            try {
                text = org.promptstudio.model.TextFile.readNonEmpty(file, where);
                com.fasterxml.jackson.databind.JsonNode node = yaml.readTree(text);
                // only comments: no document at all
                if (node == null || node.isMissingNode()) throw new WorkspaceException(where + ": empty file");
                value = yaml.convertValue(node, Object.class);
            } catch (org.promptstudio.model.TextFile.NotText e) {
                throw new WorkspaceException(e.getMessage(), e);
            } catch (JsonProcessingException e) {
                Yaml.Problem p = Yaml.Problem.of(e);
                throw new WorkspaceException(where + (p.line() == 0 ? "" : ":" + p.line() + ":" + p.column()) + ": "
                        + p.reason(), e);
            } catch (IOException e) {
                throw new WorkspaceException(where + ": cannot read: " + e.getMessage(), e);
            }
            try {
                return Optional.of(definition(value, where, name));
            } catch (WorkspaceException e) {
                throw placed(e, where, text);
            }
        }
        return Optional.empty();
    }

    /**
     * {@code e} with the file's line and column of the key path its message names after {@code where}
     * ({@code tools/w.yaml: inputSchema.properties.city.type: ...} becomes {@code tools/w.yaml:7:9: inputSchema...}),
     * as a prompt's front-matter schema fault is placed (decision 0104); {@code e} itself when it names no key path
     * found in {@code text}.
     */
    private WorkspaceException placed(WorkspaceException e, String where, String text) {
        String m = e.getMessage();
        if (m == null || !m.startsWith(where + ": ")) return e;
        String rest = m.substring(where.length() + 2);
        java.util.regex.Matcher key = java.util.regex.Pattern.compile("^'?((?:inputSchema|outputSchema|name|description)"
                + "(?:\\.[^\\s.:']+)*)").matcher(rest);
        if (!key.find()) return e;
        int[] at = place(text, List.of(key.group(1).split("\\.")));
        if (at == null) return e;
        return new WorkspaceException(where + ":" + at[0] + ":" + at[1] + ": " + rest, e);
    }

    /**
     * The 1-based line and column of the deepest key of {@code path} written in YAML {@code text} (each key inside
     * the one before; an array index is skipped), or null when not even the first key is written.
     */
    private int[] place(String text, List<String> path) {
        int[] best = null;
        int depth = 0;
        try (com.fasterxml.jackson.core.JsonParser p = yaml.getFactory().createParser(text)) {
            for (com.fasterxml.jackson.core.JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t != com.fasterxml.jackson.core.JsonToken.FIELD_NAME) continue;
                List<String> at = new java.util.ArrayList<>();
                for (com.fasterxml.jackson.core.JsonStreamContext c = p.getParsingContext(); c != null; c = c.getParent()) {
                    if (c.inObject() && c.getCurrentName() != null) at.add(0, c.getCurrentName());
                }
                List<String> keys = path.stream().filter(k -> !k.matches("\\d+")).toList();
                if (at.size() > depth && at.size() <= keys.size() && keys.subList(0, at.size()).equals(at)) {
                    depth = at.size();
                    com.fasterxml.jackson.core.JsonLocation l = p.currentTokenLocation();
                    best = new int[] {l.getLineNr(), l.getColumnNr()};
                }
            }
        } catch (IOException bad) {
            return best; // the text was read as YAML already: cannot happen; the message keeps no place
        }
        return best;
    }

    /**
     * The tools a prompt offers: each name of {@code tools} (its front matter's list), defined by {@code toolDefs}
     * (the front matter's inline list) or else by a file in {@code tools/}, in the order named. Inline definitions
     * the list does not name are offered too (Dotprompt sends every {@code toolDefs} entry).
     *
     * @param promptPath the prompt's file, for messages ({@code prompts/triage.prompt})
     * @throws WorkspaceException naming the prompt or the tool file: an unknown tool, a bad definition
     */
    public List<ToolDefinition> resolve(List<Object> tools, Object toolDefs, String promptPath) {
        Map<String, ToolDefinition> inline = new LinkedHashMap<>();
        if (toolDefs != null) {
            if (!(toolDefs instanceof List<?> list)) {
                throw new WorkspaceException(promptPath + ": 'toolDefs' must be a list of tool definitions");
            }
            for (int i = 0; i < list.size(); i++) {
                ToolDefinition d = definition(list.get(i), promptPath + " (toolDefs[" + i + "])", null);
                inline.put(d.name(), d);
            }
        }
        Map<String, ToolDefinition> out = new LinkedHashMap<>();
        for (Object entry : tools == null ? List.of() : tools) {
            if (!(entry instanceof String name) || name.isBlank()) {
                throw new WorkspaceException(promptPath + ": each of 'tools' must be a tool's name, found '" + entry + "'");
            }
            ToolDefinition d = inline.containsKey(name) ? inline.get(name) : find(name).orElseThrow(() ->
                    new WorkspaceException(promptPath + ": tool '" + name + "' is not defined: add " + DIR + "/" + name
                            + ".yaml (description, inputSchema) or define it under 'toolDefs'"));
            out.put(name, d);
        }
        inline.forEach(out::putIfAbsent);
        return new ArrayList<>(out.values());
    }

    /**
     * One definition read from {@code value} (a mapping), checked: a valid {@code name} ({@code expectedName} when
     * given, the file's), a non-empty {@code description}, an {@code inputSchema} mapping of {@code type: object},
     * an optional {@code outputSchema} mapping, both valid JSON Schemas (draft-07 meta-schema, {@link JsonSchemaCheck}),
     * no other key.
     *
     * @param where the place for messages ({@code tools/weather.yaml})
     * @throws WorkspaceException one line naming {@code where} and the key
     */
    @SuppressWarnings("unchecked")
    public static ToolDefinition definition(Object value, String where, String expectedName) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new WorkspaceException(where + ": a tool definition must be a mapping with description and inputSchema");
        }
        for (Object key : map.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                throw new WorkspaceException(where + ": unknown key '" + key
                        + "' (a tool has name, description, inputSchema, outputSchema)");
            }
        }
        Object nameValue = map.get("name");
        String name = nameValue == null ? expectedName : nameValue.toString();
        if (name == null || name.isBlank()) throw new WorkspaceException(where + ": 'name' is missing");
        if (!NAME.matcher(name).matches()) {
            throw new WorkspaceException(where + ": name '" + name
                    + "' must be 1 to 64 letters, digits, '_' or '-' (what every provider accepts)");
        }
        if (expectedName != null && !expectedName.equals(name)) {
            throw new WorkspaceException(where + ": name '" + name + "' differs from the file's name '" + expectedName + "'");
        }
        Object description = map.get("description");
        if (!(description instanceof String d) || d.isBlank()) {
            throw new WorkspaceException(where + ": 'description' is missing (the model reads it to decide when to call "
                    + name + ")");
        }
        Object input = map.get("inputSchema");
        if (!(input instanceof Map<?, ?> schema)) {
            throw new WorkspaceException(where + ": 'inputSchema' must be a mapping: the JSON Schema of " + name
                    + "'s arguments, with type: object");
        }
        Object type = schema.get("type");
        if (type != null && !"object".equals(type)) {
            throw new WorkspaceException(where + ": inputSchema.type must be 'object' (arguments are named), not '"
                    + type + "'");
        }
        Map<String, Object> inputSchema = new LinkedHashMap<>((Map<String, Object>) schema);
        inputSchema.putIfAbsent("type", "object");
        // the provider gets the schema as is: one that is no JSON Schema is refused here, with its place
        JsonSchemaCheck.problem("inputSchema", inputSchema).ifPresent(p -> {
            throw new WorkspaceException(where + ": " + p);
        });
        Object output = map.get("outputSchema");
        if (output != null && !(output instanceof Map)) {
            throw new WorkspaceException(where + ": 'outputSchema' must be a mapping (a JSON Schema)");
        }
        JsonSchemaCheck.problem("outputSchema", output).ifPresent(p -> {
            throw new WorkspaceException(where + ": " + p);
        });
        return new ToolDefinition(name, d.strip(), inputSchema, (Map<String, Object>) output, where);
    }
}
