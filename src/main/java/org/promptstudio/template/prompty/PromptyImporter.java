package org.promptstudio.template.prompty;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.promptstudio.template.ExampleInput;
import org.promptstudio.template.ParsedPrompt;
import org.promptstudio.template.PromptParser;
import org.promptstudio.template.PromptRenderer;
import org.promptstudio.template.RenderData;
import org.promptstudio.template.TemplateException;
import org.promptstudio.template.prompty.PromptyConversion.Finding;

/**
 * Converts Microsoft Prompty files ({@code .prompty}: YAML front matter and a Jinja2 or Mustache body with
 * {@code system:} / {@code user:} / {@code assistant:} role lines) to Dotprompt. It only converts what keeps its
 * meaning; every other spot is a problem with its line. The result is checked by parsing, compiling and rendering it
 * with our own engine before it is handed back. Writes nothing: the caller decides what to save.
 */
public final class PromptyImporter {

    public static final String EXTENSION = ".prompty";

    private static final ObjectMapper YAML_READER = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper YAML_WRITER = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    /**
     * Converts {@code source}, the text of the file {@code sourceName} (named in messages).
     *
     * @param baseDir the folder of the file, where a {@code sample: file.json} is read from; null to read none
     * @throws TemplateException when the front matter is not YAML, or when the converted prompt does not parse and
     *                           render (a bug in this converter)
     */
    public PromptyConversion convert(String source, String sourceName, Path baseDir) {
        String text = source.startsWith("\uFEFF") ? source.substring(1) : source;
        text = text.replace("\r\n", "\n").replace('\r', '\n');
        String yaml = "";
        String body = text;
        int bodyLine = 1;
        if (text.startsWith("---\n") || text.equals("---")) {
            int close = closingFence(text);
            if (close < 0) {
                throw new TemplateException(sourceName, 1, 1, "front matter is not closed: expected a line '---' after the YAML");
            }
            yaml = text.substring(4, close);
            int bodyStart = text.indexOf('\n', close + 1);
            body = bodyStart < 0 ? "" : text.substring(bodyStart + 1);
            bodyLine = 2 + (int) yaml.chars().filter(c -> c == '\n').count() + 1;
        }
        Map<String, Object> raw = readYaml(yaml, sourceName);
        FrontMatterMapper mapper = FrontMatterMapper.read(raw, sourceName, yaml, 2, baseDir);
        BodyConverter.Result converted = mapper.mustache()
                ? BodyConverter.mustache(body, bodyLine, sourceName)
                : BodyConverter.jinja(body, bodyLine, sourceName, mapper.richInputs());
        FrontMatterMapper.Mapped front = mapper.finish(converted.used());

        List<Finding> notes = new ArrayList<>(front.notes());
        notes.addAll(converted.notes());
        List<Finding> problems = new ArrayList<>(front.problems());
        problems.addAll(converted.problems());
        notes.sort(Comparator.comparingInt(Finding::line));
        problems.sort(Comparator.comparingInt(Finding::line));

        String prompt = "---\n" + writeYaml(front.frontMatter(), sourceName) + "---\n" + converted.body() + "\n";
        verify(prompt, sourceName, front.sample(), notes);
        return new PromptyConversion(prompt, front.sample(), notes, problems);
    }

    /**
     * The prompt name for a {@code .prompty} file name: without the extension, in lower case, with every run of
     * characters other than {@code a-z 0-9 _ -} made one {@code -}.
     */
    public static String promptNameFor(String fileName) {
        String base = fileName.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        if (base.toLowerCase(Locale.ROOT).endsWith(EXTENSION)) base = base.substring(0, base.length() - EXTENSION.length());
        String name = base.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_-]+", "-")
                .replaceAll("-{2,}", "-")
                .replaceAll("^[-_]+|[-_]+$", "");
        return name.isEmpty() ? "imported" : name;
    }

    private static int closingFence(String text) {
        int i = text.indexOf('\n');
        while (i >= 0 && i < text.length()) {
            int next = text.indexOf('\n', i + 1);
            String line = text.substring(i + 1, next < 0 ? text.length() : next);
            if (line.stripTrailing().equals("---")) return i + 1;
            if (next < 0) return -1;
            i = next;
        }
        return -1;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readYaml(String yaml, String sourceName) {
        if (yaml.isBlank()) return new LinkedHashMap<>();
        try {
            Object value = YAML_READER.readValue(yaml, Object.class);
            if (value == null) return new LinkedHashMap<>();
            if (!(value instanceof Map)) {
                throw new TemplateException(sourceName, 2, 1, "front matter must be a YAML mapping of keys to values");
            }
            return (Map<String, Object>) value;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            int line = loc == null ? 0 : loc.getLineNr() + 1; // +1 for the opening '---'
            String reason = e.getOriginalMessage() == null ? "cannot parse" : e.getOriginalMessage().lines()
                    .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                    .map(String::strip).reduce((a, b) -> a + "; " + b).orElse("cannot parse");
            throw new TemplateException(sourceName, line, 0, "invalid YAML in front matter: " + reason, e);
        }
    }

    private static String writeYaml(Map<String, Object> frontMatter, String sourceName) {
        try {
            return YAML_WRITER.writeValueAsString(frontMatter);
        } catch (JsonProcessingException e) {
            throw new TemplateException(sourceName, 0, 0, "cannot write the converted front matter: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses, compiles and renders the converted prompt (with the sample when there is one). A failure there is a
     * bug in this converter, never the user's; a sample that does not fit the input schema is only a note.
     */
    private static void verify(String prompt, String sourceName, Map<String, Object> sample, List<Finding> notes) {
        String name = sourceName + " (converted)";
        PromptRenderer renderer = new PromptRenderer();
        ParsedPrompt parsed;
        Map<String, Object> input = sample == null ? Map.of() : sample;
        try {
            parsed = PromptParser.parse(prompt, name);
            renderer.resolveMetadata(parsed, Map.of());
            renderer.compile(parsed);
            // Rendered once without the input schema: whether the template itself works.
            Map<String, Object> noSchema = new LinkedHashMap<>();
            noSchema.put("default", parsed.metadata().inputDefaults());
            renderer.render(parsed, RenderData.of(input), Map.of("input", noSchema));
        } catch (RuntimeException e) {
            throw new TemplateException(sourceName, 0, 0, "the converted prompt does not work in Prompt Studio"
                    + " (a bug in the Prompty importer; nothing written): " + e.getMessage(), e);
        }
        if (sample != null) {
            try {
                renderer.render(parsed, RenderData.of(input), Map.of());
            } catch (TemplateException e) {
                notes.add(new Finding(sourceName, 0, "the sample does not fit the converted input schema"
                        + reason(e)));
            }
        }
        // What 'studio render --example' does: values made from the schema, with the defaults laid over.
        try {
            Map<String, Object> example = ExampleInput.forPrompt(renderer.resolveMetadata(parsed, Map.of()));
            renderer.render(parsed, RenderData.of(example), Map.of());
        } catch (RuntimeException e) {
            notes.add(new Finding(sourceName, 0, "the converted prompt does not render with example values"
                    + reason(e)));
        }
    }

    private static String reason(RuntimeException e) {
        String reason = String.valueOf(e.getMessage());
        int cut = reason.indexOf(": input does not match");
        return cut >= 0 ? reason.substring(cut) : ": " + reason;
    }
}
