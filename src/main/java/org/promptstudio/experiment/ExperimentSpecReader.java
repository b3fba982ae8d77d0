package org.promptstudio.experiment;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code experiments/NAME.yaml} strictly: an unknown key, a wrong type or a missing part is reported as
 * {@code experiments/NAME.yaml:LINE:COLUMN: ...}.
 */
public final class ExperimentSpecReader {

    private static final Set<String> KEYS = Set.of("description", "prompts", "models", "dataset", "split", "inputs",
            "samples", "strategy", "params", "concurrency", "assertions", "test", RetrieveSpec.KEY);
    private static final Set<String> STRATEGY_KEYS = Set.of("type", "k", "selection", "pool", "seed",
            "answerPattern", "answerField", "votes");
    private static final Set<String> TYPES = Set.of(ExperimentSpec.Strategy.ZERO_SHOT, ExperimentSpec.Strategy.FEW_SHOT,
            ExperimentSpec.Strategy.CHAIN_OF_THOUGHT, ExperimentSpec.Strategy.SELF_CONSISTENCY);
    private static final Set<String> SELECTIONS = Set.of("fixed", "random", "nearest");
    private static final Set<String> PROMPT_KEYS = Set.of("prompt", "version", "examples");
    private static final Set<String> EXAMPLES_KEYS = Set.of("pool", "k", "selection", "seed");

    private final ObjectMapper yaml = org.promptstudio.format.Yaml.mapper();

    /** Reads the file; {@code displayName} ({@code experiments/x.yaml}) names it in errors. */
    public ExperimentSpec read(Path file, String displayName) {
        String text;
        try {
            text = org.promptstudio.model.TextFile.readNonEmpty(file, displayName);
        } catch (org.promptstudio.model.TextFile.NotText e) {
            throw new ExperimentException(e.getMessage(), e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ExperimentException(displayName + ": no such experiment file");
        } catch (IOException e) {
            throw new ExperimentException(displayName + ": cannot read (" + e.getMessage() + ")", e);
        }
        String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return parse(text, name, displayName);
    }

    public ExperimentSpec parse(String text, String name, String where) {
        org.promptstudio.model.ConflictMarkers.find(text).ifPresent(m -> {
            throw new ExperimentException(where + ":" + m.line() + ":1: " + m.reason());
        });
        org.promptstudio.format.Yaml.syntaxProblem(text).ifPresent(p -> {
            throw new ExperimentException(where + (p.line() == 0 ? "" : ":" + p.line() + ":" + p.column()) + ": "
                    + p.reason());
        });
        JsonNode root;
        try (JsonParser parser = yaml.createParser(text)) {
            root = yaml.readTree(parser);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            org.promptstudio.format.Yaml.Problem p = org.promptstudio.format.Yaml.Problem.of(e);
            throw new ExperimentException(where + (p.line() == 0 ? "" : ":" + p.line() + ":" + p.column())
                    + ": " + p.reason(), e);
        } catch (IOException e) {
            throw new ExperimentException(where + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw new ExperimentException(where + ": expected a mapping of keys");
        Map<String, Integer> lines = keyLines(text);
        checkKeys(root, KEYS, where, lines, "");

        List<ExperimentSpec.PromptSpec> prompts = new ArrayList<>();
        JsonNode ps = root.get("prompts");
        if (ps == null || !ps.isArray() || ps.isEmpty()) {
            throw new ExperimentException(at(where, lines, "prompts") + "'prompts' must list at least one prompt");
        }
        int item = 0;
        for (JsonNode p : ps) {
            item++;
            if (p.isTextual()) {
                prompts.add(specOf(p.asText(), where, lines));
            } else if (p.isObject()) {
                int itemLine = itemLine(text, lines.get("prompts"), item);
                for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
                    String key = it.next();
                    if (!PROMPT_KEYS.contains(key)) {
                        throw new ExperimentException(where + ":" + place(text, itemLine, key) + ": unknown key 'prompts."
                                + key + "' (known: " + String.join(", ", new java.util.TreeSet<>(PROMPT_KEYS)) + ")");
                    }
                }
                if (!p.hasNonNull("prompt")) throw new ExperimentException(at(where, lines, "prompts") + "a prompt entry needs 'prompt'");
                String version = p.hasNonNull("version") ? p.get("version").asText() : "working";
                ExperimentSpec.Examples examples = p.has("examples")
                        ? examples(p.get("examples"), where, text, itemLine) : null;
                prompts.add(promptSpec(p.get("prompt").asText(), version, examples, where, text, itemLine));
            } else {
                throw new ExperimentException(at(where, lines, "prompts") + "each prompt is a name or {prompt, version}");
            }
        }
        List<String> models = new ArrayList<>();
        JsonNode ms = root.get("models");
        if (ms == null || !ms.isArray() || ms.isEmpty()) {
            throw new ExperimentException(at(where, lines, "models") + "'models' must list at least one model id");
        }
        ms.forEach(m -> models.add(m.asText()));
        String dataset = text(root, "dataset");
        String split = text(root, "split");
        if (split != null && !split.equals("dev") && !split.equals("test")) {
            throw new ExperimentException(at(where, lines, "split") + "'split' must be dev or test, found '" + split + "'");
        }
        List<Map<String, Object>> inputs = new ArrayList<>();
        JsonNode in = root.get("inputs");
        if (in != null) {
            if (!in.isArray()) throw new ExperimentException(at(where, lines, "inputs") + "'inputs' must be a list of objects");
            for (JsonNode i : in) {
                if (!i.isObject()) throw new ExperimentException(at(where, lines, "inputs") + "each input must be an object");
                inputs.add(yaml.convertValue(i, LinkedHashMap.class));
            }
        }
        if (dataset == null && inputs.isEmpty()) {
            throw new ExperimentException(where + ": give a 'dataset' or inline 'inputs'");
        }
        int samples = integer(root, "samples", 1, where, lines);
        int concurrency = integer(root, "concurrency", 4, where, lines);
        Map<String, Object> params = root.has("params") ? yaml.convertValue(root.get("params"), LinkedHashMap.class) : Map.of();
        ExperimentSpec.Strategy strategy = strategy(root.get("strategy"), where, lines, text);
        String description = text(root, "description");
        return new ExperimentSpec(name, description, prompts, models, dataset, split, inputs, samples, strategy, params,
                concurrency, assertions(root.get("assertions"), where, lines, text),
                promptTest(root, where, lines, text), retrieve(root, where, lines, text));
    }

    /** {@code retrieve:} (decision 0140), errors named {@code experiments/x.yaml:LINE:COLUMN}; null when not given. */
    private RetrieveSpec retrieve(JsonNode root, String where, Map<String, Integer> lines, String text) {
        JsonNode r = root.get(RetrieveSpec.KEY);
        if (r == null || r.isNull()) return null;
        Object value = r.isTextual() ? r.asText() : yaml.convertValue(r, Object.class);
        int line = RetrieveSpec.keyLine(text);
        return RetrieveSpec.read(value, key -> key == null ? at(where, lines, RetrieveSpec.KEY)
                : where + ":" + place(text, line == 0 ? 1 : line, key) + ": ");
    }

    /**
     * {@code test: true} marks a prompt test (docs/decisions/0023-marking-prompt-tests.md). Only {@code true} or
     * {@code false} is taken (YAML 1.2's booleans): the YAML 1.1 forms {@code yes}, {@code on}, a quoted
     * {@code "true"} or a number are refused rather than guessed, so whether a file is in CI is plain to see.
     */
    private static boolean promptTest(JsonNode root, String where, Map<String, Integer> lines, String text) {
        JsonNode v = root.get("test");
        if (v == null || v.isNull()) return false;
        String written = v.isValueNode() ? v.asText() : v.toString();
        Integer line = lines.get("test");
        if (line != null) {
            Matcher m = Pattern.compile("^\\s*test\\s*:\\s*([^#]*?)\\s*(#.*)?$").matcher(text.split("\\R", -1)[line - 1]);
            if (m.matches() && !m.group(1).isEmpty()) written = m.group(1);
        }
        if (!v.isBoolean() || !written.matches("true|True|TRUE|false|False|FALSE")) {
            throw new ExperimentException(at(where, lines, "test") + "'test' must be true or false, found '"
                    + written + "'");
        }
        return v.booleanValue();
    }

    private ExperimentSpec.Strategy strategy(JsonNode s, String where, Map<String, Integer> lines, String text) {
        if (s == null || s.isNull()) return ExperimentSpec.Strategy.zeroShot();
        if (s.isTextual()) s = yaml.createObjectNode().put("type", s.asText());
        if (!s.isObject()) throw new ExperimentException(at(where, lines, "strategy") + "'strategy' must be a mapping");
        checkKeys(s, STRATEGY_KEYS, where, lines, "strategy.");
        String type = text(s, "type");
        if (type == null || !TYPES.contains(type)) {
            throw new ExperimentException(at(where, lines, "type") + "strategy type must be one of "
                    + String.join(", ", new java.util.TreeSet<>(TYPES)) + ", found '" + type + "'");
        }
        Integer k = s.has("k") ? integer(s, "k", 0, where, lines) : null;
        String selection = text(s, "selection");
        String pool = text(s, "pool");
        if (type.equals(ExperimentSpec.Strategy.FEW_SHOT)) {
            if (pool == null) throw new ExperimentException(at(where, lines, "strategy") + "few-shot needs a 'pool' dataset");
        }
        if (pool == null) {
            // Without a pool there are no examples: k, selection and seed would silently mean nothing.
            for (String key : List.of("k", "selection", "seed")) {
                if (s.has(key)) {
                    throw new ExperimentException(where + ":" + place(text, lines.getOrDefault("strategy", 1), key)
                            + ": '" + key + "' chooses few-shot examples, so it needs a 'pool' dataset");
                }
            }
        } else {
            if (type.equals(ExperimentSpec.Strategy.ZERO_SHOT)) {
                throw new ExperimentException(where + ":" + place(text, lines.getOrDefault("strategy", 1), "pool")
                        + ": zero-shot uses no examples; use few-shot, or chain-of-thought or self-consistency with this pool");
            }
            if (k == null) k = 3;
            if (selection == null) selection = "nearest";
            if (!SELECTIONS.contains(selection)) {
                throw new ExperimentException(at(where, lines, "selection") + "selection must be fixed, random or nearest, found '" + selection + "'");
            }
        }
        String pattern = text(s, "answerPattern");
        if (pattern != null) {
            try {
                if (Pattern.compile(pattern).matcher("").groupCount() < 1) {
                    throw new ExperimentException(at(where, lines, "answerPattern") + "answerPattern needs a group (...) around the answer");
                }
            } catch (PatternSyntaxException e) {
                throw new ExperimentException(at(where, lines, "answerPattern") + "answerPattern is not a valid regex: "
                        + e.getDescription(), e);
            }
        }
        Long seed = s.has("seed") ? s.get("seed").asLong() : null;
        Integer votes = s.has("votes") ? integer(s, "votes", 5, where, lines) : null;
        if (type.equals(ExperimentSpec.Strategy.SELF_CONSISTENCY) && votes == null) votes = 5;
        return new ExperimentSpec.Strategy(type, k, selection, pool, seed, pattern, text(s, "answerField"), votes);
    }

    /**
     * A prompt's own few-shot examples: {@code {pool, k, selection, seed}}, {@code pool} required, {@code k} 3 and
     * {@code selection} nearest when left out; errors name {@code line:column}.
     */
    private ExperimentSpec.Examples examples(JsonNode e, String where, String text, int itemLine) {
        String examplesAt = where + ":" + place(text, itemLine, "examples") + ": ";
        if (e == null || !e.isObject()) {
            throw new ExperimentException(examplesAt + "'examples' must be a mapping like { pool: DATASET, k: 3, selection: fixed }");
        }
        int from = Integer.parseInt(place(text, itemLine, "examples").split(":")[0]);
        for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!EXAMPLES_KEYS.contains(key)) {
                throw new ExperimentException(where + ":" + place(text, from, key) + ": unknown key 'examples." + key
                        + "' (known: " + String.join(", ", new java.util.TreeSet<>(EXAMPLES_KEYS)) + ")");
            }
        }
        JsonNode pool = e.get("pool");
        if (pool == null || !pool.isTextual() || pool.asText().isBlank()) {
            throw new ExperimentException(examplesAt + "'examples' needs a 'pool' (the dataset the examples come from)");
        }
        int k = 3;
        JsonNode kn = e.get("k");
        if (kn != null && !kn.isNull()) {
            if (!kn.isIntegralNumber() || !kn.canConvertToInt() || kn.asInt() < 1) {
                throw new ExperimentException(where + ":" + place(text, from, "k") + ": 'k' must be a whole number of at least 1");
            }
            k = kn.asInt();
        }
        String selection = e.hasNonNull("selection") ? e.get("selection").asText() : "nearest";
        if (!SELECTIONS.contains(selection)) {
            throw new ExperimentException(where + ":" + place(text, from, "selection")
                    + ": selection must be fixed, random or nearest, found '" + selection + "'");
        }
        Long seed = null;
        JsonNode sn = e.get("seed");
        if (sn != null && !sn.isNull()) {
            if (!sn.isIntegralNumber()) {
                throw new ExperimentException(where + ":" + place(text, from, "seed") + ": 'seed' must be a whole number");
            }
            seed = sn.asLong();
        }
        return new ExperimentSpec.Examples(pool.asText(), k, selection, seed);
    }

    /**
     * {@code LINE:COLUMN} (1-based) of the first {@code key:} written at or after line {@code fromLine}; the line
     * alone with column 1 when it cannot be found.
     */
    static String place(String text, int fromLine, String key) {
        String[] all = text.split("\\R", -1);
        Pattern p = Pattern.compile("(?:^|[\\s{,-])(" + Pattern.quote(key) + ")\\s*:");
        for (int i = Math.max(0, fromLine - 1); i < all.length; i++) {
            var m = p.matcher(all[i]);
            if (m.find()) return (i + 1) + ":" + (m.start(1) + 1);
        }
        return Math.max(1, fromLine) + ":1";
    }

    /**
     * The shape of {@code assertions:}: a list of mappings, each with a text {@code type}, numeric {@code threshold}
     * and {@code weight} when given. Which types exist is eval's to check (this package does not know them).
     */
    private List<Map<String, Object>> assertions(JsonNode list, String where, Map<String, Integer> lines, String text) {
        if (list == null || list.isNull()) return List.of();
        if (!list.isArray()) throw new ExperimentException(at(where, lines, "assertions") + "'assertions' must be a list");
        List<Map<String, Object>> out = new ArrayList<>();
        int i = 0;
        for (JsonNode a : list) {
            i++;
            String line = where + ":" + itemLine(text, lines.get("assertions"), i) + ": assertion " + i;
            if (!a.isObject()) throw new ExperimentException(line + " must be a mapping with a 'type'");
            JsonNode type = a.get("type");
            if (type == null || !type.isTextual() || type.asText().isBlank()) {
                throw new ExperimentException(line + " needs a 'type'");
            }
            for (String key : List.of("threshold", "weight")) {
                JsonNode v = a.get(key);
                if (v != null && !v.isNumber()) {
                    throw new ExperimentException(line + ": '" + key + "' must be a number");
                }
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = yaml.convertValue(a, LinkedHashMap.class);
            out.add(m);
        }
        return out;
    }

    /**
     * The line of the {@code n}th item of the block list under the key on {@code keyLine}: its n-th line starting
     * with "- " below the key; for a list written on one line ([{...}, {...}]), the key's own line.
     */
    static int itemLine(String text, Integer keyLine, int n) {
        if (keyLine == null) return 0;
        String[] all = text.split("\\R", -1);
        int seen = 0;
        int indent = -1;
        for (int i = keyLine; i < all.length; i++) {
            String l = all[i];
            if (l.isBlank() || l.strip().startsWith("#")) continue;
            int lead = l.length() - l.stripLeading().length();
            if (!l.stripLeading().startsWith("-")) {
                if (lead == 0) break;
                continue;
            }
            if (indent < 0) indent = lead;
            if (lead == indent && ++seen == n) return i + 1;
        }
        return keyLine;
    }

    private ExperimentSpec.PromptSpec specOf(String text, String where, Map<String, Integer> lines) {
        int at = text.indexOf('@');
        if (at < 0) return new ExperimentSpec.PromptSpec(text, "working");
        try {
            return ExperimentSpec.PromptSpec.of(text.substring(0, at), text.substring(at + 1), null);
        } catch (ExperimentException e) {
            throw new ExperimentException(at(where, lines, "prompts") + e.getMessage(), e);
        }
    }

    /** A {@code {prompt, version}} entry; a grid's {@code variant:NAME[@N]} version is the variant's prompt. */
    private static ExperimentSpec.PromptSpec promptSpec(String prompt, String version, ExperimentSpec.Examples examples,
            String where, String text, int itemLine) {
        try {
            return ExperimentSpec.PromptSpec.of(prompt, version, examples);
        } catch (ExperimentException e) {
            throw new ExperimentException(where + ":" + itemLine + ": prompts.version " + e.getMessage(), e);
        }
    }

    private static void checkKeys(JsonNode node, Set<String> known, String where, Map<String, Integer> lines, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw new ExperimentException(at(where, lines, key) + "unknown key '" + prefix + key + "' (known: "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }
    }

    private static int integer(JsonNode node, String key, int fallback, String where, Map<String, Integer> lines) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) return fallback;
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
            throw new ExperimentException(at(where, lines, key) + "'" + key + "' must be a whole number of at least 1");
        }
        return v.asInt();
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The first line where each key is written, for messages; good enough for flat experiment files. */
    private static Map<String, Integer> keyLines(String text) {
        Map<String, Integer> out = new LinkedHashMap<>();
        String[] lines = text.split("\\R", -1);
        Pattern key = Pattern.compile("^[\\s-]*\\{?\\s*([A-Za-z][\\w-]*)\\s*:");
        for (int i = 0; i < lines.length; i++) {
            var m = key.matcher(lines[i]);
            if (m.find()) out.putIfAbsent(m.group(1), i + 1);
            var inline = Pattern.compile("[{,]\\s*([A-Za-z][\\w-]*)\\s*:").matcher(lines[i]);
            while (inline.find()) out.putIfAbsent(inline.group(1), i + 1);
        }
        return out;
    }

    private static String at(String where, Map<String, Integer> lines, String key) {
        Integer line = lines.get(key);
        return where + (line == null ? "" : ":" + line) + ": ";
    }
}
