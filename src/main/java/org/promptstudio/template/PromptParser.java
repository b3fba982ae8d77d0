package org.promptstudio.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.promptstudio.format.Yaml;

/** Splits a {@code .prompt} file into YAML front matter and body, as the Dotprompt specification does. */
public final class PromptParser {

    private static final Pattern FRONT_MATTER = Pattern.compile(
            "^---[ \\t]*(?:\\r\\n|\\r|\\n)([\\s\\S]*?)(?:\\r\\n|\\r|\\n)---[ \\t]*(?:(?:\\r\\n|\\r|\\n)([\\s\\S]*))?$");
    private static final Pattern EMPTY_FRONT_MATTER = Pattern.compile(
            "^---[ \\t]*(?:\\r\\n|\\r|\\n)---[ \\t]*(?:(?:\\r\\n|\\r|\\n)([\\s\\S]*))?$");

    private static final ObjectMapper YAML = Yaml.mapper();

    private PromptParser() {
    }

    /**
     * Parses {@code source}. A source without front matter is all body; with front matter the body is trimmed, as
     * in the reference runtimes.
     *
     * @throws TemplateException naming {@code sourceName:line:column} when the front matter is not valid YAML or
     *                           not a mapping
     */
    public static ParsedPrompt parse(String source, String sourceName) {
        String text = source.startsWith("\uFEFF") ? source.substring(1) : source;
        refuseConflict(text, sourceName);
        Matcher m = FRONT_MATTER.matcher(text);
        String yaml;
        String body;
        int bodyStart;
        if (m.matches()) {
            yaml = m.group(1);
            body = m.group(2) == null ? "" : m.group(2);
            bodyStart = m.group(2) == null ? text.length() : m.start(2);
        } else {
            Matcher e = EMPTY_FRONT_MATTER.matcher(text);
            if (e.matches()) {
                yaml = "";
                body = e.group(1) == null ? "" : e.group(1);
                bodyStart = e.group(1) == null ? text.length() : e.start(1);
            } else {
                if (text.startsWith("---") && text.lines().findFirst().orElse("").trim().equals("---")) {
                    throw new TemplateException(sourceName, 1, 1,
                            "front matter is not closed: expected a line '---' after the YAML");
                }
                return new ParsedPrompt(sourceName, PromptMetadata.empty(), text, 1);
            }
        }
        Map<String, Object> raw = readYaml(yaml, sourceName);
        int leading = 0;
        while (leading < body.length() && Character.isWhitespace(body.charAt(leading))) leading++;
        int bodyLine = lineOf(text, bodyStart + leading);
        return new ParsedPrompt(sourceName, fromRaw(raw), body.strip(), bodyLine, yaml);
    }

    /** A file left mid-merge is refused at its first conflict marker; both sides must not reach a model. */
    static void refuseConflict(String text, String sourceName) {
        org.promptstudio.model.ConflictMarkers.find(text).ifPresent(m -> {
            throw new TemplateException(sourceName, m.line(), 1, m.reason());
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readYaml(String yaml, String sourceName) {
        if (yaml.isBlank()) return new LinkedHashMap<>();
        try {
            Object value = YAML.readValue(yaml, Object.class);
            if (value == null) return new LinkedHashMap<>();
            if (!(value instanceof Map)) {
                throw new TemplateException(sourceName, 2, 1,
                        "front matter must be a YAML mapping of keys to values, found " + describe(value));
            }
            return (Map<String, Object>) JsonValues.normalize(value);
        } catch (JsonProcessingException e) {
            Yaml.Problem p = Yaml.Problem.of(e);
            int line = p.line() == 0 ? 0 : p.line() + 1; // +1 for the opening '---'
            throw new TemplateException(sourceName, line, p.column(), "invalid YAML in front matter: " + p.reason(), e);
        } catch (java.io.IOException e) {
            throw new TemplateException(sourceName, 0, 0, "cannot read front matter: " + e.getMessage(), e);
        }
    }

    static PromptMetadata fromRaw(Map<String, Object> raw) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Map<String, Object>> ext = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            String key = e.getKey();
            if (PromptMetadata.RESERVED.contains(key)) {
                out.put(key, e.getValue());
            } else if (key.contains(".")) {
                int dot = key.lastIndexOf('.');
                ext.computeIfAbsent(key.substring(0, dot), k -> new LinkedHashMap<>())
                        .put(key.substring(dot + 1), e.getValue());
            }
        }
        out.putIfAbsent("config", new LinkedHashMap<>());
        out.putIfAbsent("metadata", new LinkedHashMap<>());
        out.put("ext", ext);
        out.put("raw", raw);
        out.values().removeIf(v -> v == null);
        return new PromptMetadata(out);
    }

    private static String describe(Object value) {
        if (value instanceof java.util.List) return "a list";
        return "a " + value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') line++;
            else if (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) line++;
        }
        return line;
    }
}
