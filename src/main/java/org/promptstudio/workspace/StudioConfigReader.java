package org.promptstudio.workspace;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.promptstudio.format.Yaml;

/**
 * Reads {@code studio.yaml} into a {@link StudioConfig}, strictly: an unknown key, a value of the wrong kind, a
 * duplicate key, model id or label name, a label schema that does not hold together is refused with a message that names {@code studio.yaml:LINE:COLUMN}. An empty file is
 * an empty configuration.
 */
public final class StudioConfigReader {

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = Yaml.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final String text;
    /** The workspace folder, to check the files studio.yaml names ({@code guard.blocklist.file}); null: not checked. */
    private final Path root;

    private StudioConfigReader(String text, Path root) {
        this.text = text;
        this.root = root;
    }

    /** Reads and checks the file; throws {@link WorkspaceException} naming the place of the first problem. */
    public static StudioConfig read(Path file) {
        String text;
        try {
            text = org.promptstudio.model.TextFile.read(file, Workspace.CONFIG_FILE);
        } catch (org.promptstudio.model.TextFile.NotText e) {
            throw new WorkspaceException(e.getMessage(), e);
        } catch (IOException e) {
            throw new WorkspaceException(Workspace.CONFIG_FILE + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toAbsolutePath().getParent());
    }

    /** Parses and checks the text of a {@code studio.yaml}, without looking at the files it names. */
    public static StudioConfig parse(String text) {
        return parse(text, null);
    }

    /**
     * Parses and checks the text of a {@code studio.yaml} of the workspace in folder {@code root}: also that the
     * files it names can be read ({@code guard.blocklist.file}: a UTF-8 text file). {@code root} null: not checked.
     *
     * @throws WorkspaceException {@code studio.yaml:LINE:COL: reason} of the first problem
     */
    public static StudioConfig parse(String text, Path root) {
        org.promptstudio.model.ConflictMarkers.find(text).ifPresent(m -> {
            throw new WorkspaceException(place(m.line(), 1) + m.reason());
        });
        Yaml.syntaxProblem(text).ifPresent(p -> {
            throw new WorkspaceException(place(p.line(), p.column()) + p.reason());
        });
        StudioConfigReader reader = new StudioConfigReader(text, root);
        StudioConfig config = reader.bind();
        reader.check(config);
        reader.checkLabels(config);
        reader.checkIndex(config);
        reader.checkGuard(config);
        return config;
    }

    private StudioConfig bind() {
        try (JsonParser parser = MAPPER.createParser(text)) {
            if (parser.nextToken() == null) return StudioConfig.empty();
            StudioConfig config = MAPPER.readValue(parser, StudioConfig.class);
            return config != null ? config : StudioConfig.empty();
        } catch (UnrecognizedPropertyException e) {
            // the path ends with the unknown key itself; the place is the mapping it is in
            String guard = guardKey(e.getPath().subList(0, Math.max(0, e.getPath().size() - 1)));
            throw fail(pointer(e.getPath()), true, e, (guard == null ? "" : guard + ": ") + "unknown key '"
                    + e.getPropertyName() + "' (known: " + known(e.getKnownPropertyIds()) + ")");
        } catch (MismatchedInputException e) {
            if (e.getPath().isEmpty()) throw fail("", false, e, "must be a mapping of settings (key: value)");
            String guard = guardKey(e.getPath());
            if (guard != null) throw fail(pointer(e.getPath()), false, e, guard + scalarAt(pointer(e.getPath())) + " "
                    + guardForms(guard));
            throw fail(pointer(e.getPath()), false, e,
                    "'" + name(e.getPath()) + "' must be " + kind(e.getTargetType()));
        } catch (JsonMappingException e) {
            String key = e.getPath().isEmpty() ? "" : "'" + name(e.getPath()) + "': ";
            throw fail(pointer(e.getPath()), false, e, key + e.getOriginalMessage());
        } catch (StreamReadException e) {
            Yaml.Problem p = Yaml.Problem.of(e);
            String reason = p.syntax() ? p.reason() : p.reason().replace("Duplicate field", "duplicate key");
            throw new WorkspaceException(place(p.line(), p.column()) + reason, e);
        } catch (IOException e) {
            throw new WorkspaceException(Workspace.CONFIG_FILE + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * What binding cannot say: each model's id (present, one word, unique), its provider (one of
     * {@link ModelConfig#PROVIDERS}), its base URL (absolute http or https with a host), its prices (finite, 0 or
     * more, both given), its limits (at least 1) and its params (as Dotprompt {@code config} reads them).
     */
    private void check(StudioConfig config) {
        Map<String, Integer> firstLine = new HashMap<>();
        List<ModelConfig> models = config.models();
        for (int i = 0; i < models.size(); i++) {
            String at = "/models/" + i;
            String name = "models[" + i + "]";
            ModelConfig m = models.get(i);
            if (m == null) throw fail(at, false, null, "empty entry in 'models'");
            if (m.id() == null || m.id().isBlank()) throw fail(at, false, null, name + ": a model needs an 'id'");
            if (!ModelConfig.ID.matcher(m.id()).matches()) {
                throw fail(at + "/id", false, null, name + ".id '" + m.id()
                        + "' may hold only letters, digits and . _ - : / (no spaces)");
            }
            Integer first = firstLine.putIfAbsent(m.id(), line(at + "/id"));
            if (first != null) {
                throw fail(at + "/id", false, null,
                        "duplicate model id '" + m.id() + "' (first at line " + first + ")");
            }
            if (m.provider() == null || m.provider().isBlank()) {
                throw fail(at, false, null, name + " '" + m.id() + "' needs a 'provider' (known: "
                        + String.join(", ", ModelConfig.PROVIDERS) + ")");
            }
            if (!ModelConfig.PROVIDERS.contains(m.provider())) {
                throw fail(at + "/provider", false, null, name + ".provider '" + m.provider()
                        + "' is not a known provider (known: " + String.join(", ", ModelConfig.PROVIDERS) + ")");
            }
            if (m.model() != null && m.model().isBlank()) {
                throw fail(at + "/model", false, null, name + ".model is empty (leave the key out for the default)");
            }
            if (m.model() != null && m.model().chars().anyMatch(Character::isISOControl)) {
                throw fail(at + "/model", false, null, name + ".model must be one line of text");
            }
            if (m.baseUrl() != null && !ModelConfig.isHttpUrl(m.baseUrl())) {
                throw fail(at + "/baseUrl", false, null, name + ".baseUrl '"
                        + org.promptstudio.model.Redaction.clean(m.baseUrl()) // a URL may carry a key in its query
                        + "' is not an http(s) URL (e.g. http://localhost:8000/v1)");
            }
            if (m.pricing() != null) {
                for (String key : List.of("inputPerMillion", "outputPerMillion")) {
                    if (locate(at + "/pricing/" + key, true) == null) {
                        throw fail(at + "/pricing", false, null, name + ".pricing needs inputPerMillion and"
                                + " outputPerMillion (USD per million tokens)");
                    }
                }
                price(at, name, "inputPerMillion", m.pricing().inputPerMillion());
                price(at, name, "outputPerMillion", m.pricing().outputPerMillion());
            }
            positive(at, name, "maxConcurrency", m.maxConcurrency());
            positive(at, name, "requestsPerMinute", m.requestsPerMinute());
            positive(at, name, "timeoutSeconds", m.timeoutSeconds());
            try {
                org.promptstudio.model.GenerationParams.fromConfig(m.params());
            } catch (IllegalArgumentException e) {
                throw fail(at + "/params", false, e, name + ".params: " + e.getMessage());
            }
        }
        String urlProblem = org.promptstudio.model.DatabaseUrl.problem(config.database().url());
        if (urlProblem != null) throw fail("/database/url", false, null, urlProblem);
        List<RegistryConfig> registries = config.registries();
        for (int i = 0; i < registries.size(); i++) {
            String at = "/registries/" + i;
            RegistryConfig r = registries.get(i);
            if (r == null) throw fail(at, false, null, "empty entry in 'registries'");
            if (r.name() == null || r.name().isBlank()) throw fail(at, false, null, "a registry needs a 'name'");
            if (r.url() == null || r.url().isBlank()) {
                throw fail(at, false, null, "registry '" + r.name() + "' needs a 'url'");
            }
            if (r.branch() != null && !r.branch().matches("[A-Za-z0-9][A-Za-z0-9._/-]*") || r.branch() != null
                    && (r.branch().contains("..") || r.branch().endsWith(".lock") || r.branch().endsWith("/"))) {
                throw fail(at + "/branch", false, null, "registry '" + r.name() + "': '" + r.branch()
                        + "' is not a branch name");
            }
        }
    }

    /**
     * Each label schema: a name ({@code [a-z0-9-]+}, unique, not the built-in {@code thumbs}), a known type, a
     * rating's integer scale (min below max) and its points inside it, a category schema's categories (some, each
     * once); nothing another type does not take.
     */
    private void checkLabels(StudioConfig config) {
        Map<String, Integer> firstLine = new HashMap<>();
        List<LabelConfig> labels = config.labels();
        for (int i = 0; i < labels.size(); i++) {
            String at = "/labels/" + i;
            LabelConfig l = labels.get(i);
            if (l == null) throw fail(at, false, null, "empty entry in 'labels'");
            if (l.name() == null || l.name().isBlank()) throw fail(at, false, null, "labels[" + i + "] needs a 'name'");
            String name = "label '" + l.name() + "'";
            if (!org.promptstudio.model.LabelSchema.NAME.matcher(l.name()).matches()) {
                throw fail(at + "/name", false, null, name + ": a name may hold only a-z, 0-9 and -");
            }
            if (l.name().equals(org.promptstudio.model.LabelSchema.THUMBS.name())) {
                throw fail(at + "/name", false, null, name + " is built in (thumbs up or down with a comment);"
                        + " choose another name");
            }
            Integer first = firstLine.putIfAbsent(l.name(), line(at + "/name"));
            if (first != null) {
                throw fail(at + "/name", false, null, "duplicate label '" + l.name() + "' (first at line " + first + ")");
            }
            String types = org.promptstudio.model.LabelSchema.Type.known();
            if (l.type() == null || l.type().isBlank()) {
                throw fail(at, false, null, name + " needs a 'type' (known: " + types + ")");
            }
            org.promptstudio.model.LabelSchema.Type type = org.promptstudio.model.LabelSchema.Type.of(l.type());
            if (type == null) {
                throw fail(at + "/type", false, null, name + ": type '" + l.type() + "' is not known (known: " + types
                        + ")");
            }
            boolean rating = type == org.promptstudio.model.LabelSchema.Type.RATING;
            if (rating) {
                if (l.scale() == null || l.scale().min() == null || l.scale().max() == null) {
                    throw fail(l.scale() == null ? at : at + "/scale", false, null, name
                            + " needs a 'scale' with integers min and max (scale: { min: 1, max: 5 })");
                }
                if (l.scale().min() >= l.scale().max()) {
                    throw fail(at + "/scale", false, null, name + ": scale min " + l.scale().min()
                            + " must be below max " + l.scale().max());
                }
            } else if (l.scale() != null) {
                throw fail(at + "/scale", true, null, name + ": only a rating has a 'scale'");
            }
            if (l.points() != null && !rating) {
                throw fail(at + "/points", true, null, name + ": only a rating has 'points'");
            }
            if (l.points() != null) {
                for (Map.Entry<String, String> p : l.points().entrySet()) {
                    int point;
                    try {
                        point = Integer.parseInt(p.getKey().strip());
                    } catch (NumberFormatException e) {
                        throw fail(at + "/points/" + p.getKey(), true, null, name + ": point '" + p.getKey()
                                + "' is not an integer");
                    }
                    if (point < l.scale().min() || point > l.scale().max()) {
                        throw fail(at + "/points/" + p.getKey(), true, null, name + ": point " + point
                                + " is outside the scale " + l.scale().min() + ".." + l.scale().max());
                    }
                }
            }
            boolean categories = type == org.promptstudio.model.LabelSchema.Type.CATEGORY
                    || type == org.promptstudio.model.LabelSchema.Type.CATEGORIES;
            if (categories) {
                if (l.categories() == null || l.categories().isEmpty()) {
                    throw fail(at, false, null, name + " needs 'categories' (categories: [billing, shipping, other])");
                }
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (int j = 0; j < l.categories().size(); j++) {
                    String c = l.categories().get(j);
                    if (c == null || c.isBlank()) {
                        throw fail(at + "/categories/" + j, false, null, name + ": category " + (j + 1) + " is empty");
                    }
                    if (!seen.add(c)) {
                        throw fail(at + "/categories/" + j, false, null, name + ": category '" + c + "' is listed twice");
                    }
                }
            } else if (l.categories() != null) {
                throw fail(at + "/categories", true, null, name + ": only a category or categories schema has"
                        + " 'categories'");
            }
        }
    }

    /**
     * The {@code index:} section: folders inside the workspace (relative, not leaving it with {@code ..}), a chunk
     * budget of at least {@link IndexConfig.Chunking#MIN_MAX_TOKENS} tokens with an overlap from 0 to below it, and
     * each redaction pattern with a placeholder type ({@code EMPLOYEE_ID}) and a regular expression that compiles,
     * and each allowed value present, with its regular expression compiling.
     */
    /** Text with every printable ASCII character, words and lines, on which a zero-width match shows itself. */
    private static final String EMPTY_MATCH_PROBE;

    static {
        StringBuilder probe = new StringBuilder("word Word WORD w0rd 1234 a-b a.b a_b\n\t");
        for (char c = ' '; c <= '~'; c++) probe.append(c);
        EMPTY_MATCH_PROBE = probe.append(" end").toString();
    }

    /** Whether {@code pattern} matches empty text: alone, or anywhere in a sample of words, digits and signs. */
    private static boolean matchesEmptyText(java.util.regex.Pattern pattern) {
        if (pattern.matcher("").matches()) return true;
        java.util.regex.Matcher m = pattern.matcher(EMPTY_MATCH_PROBE);
        while (m.find()) {
            if (m.start() == m.end()) return true;
        }
        return false;
    }

    private void checkIndex(StudioConfig config) {
        IndexConfig index = config.index();
        List<String> folders = index.folders();
        if (folders.isEmpty()) {
            // the trial: folders: [] dropped every indexed document without a word
            throw fail("/index/folders", false, null, "index.folders is empty: list the folders to index (such as"
                    + " [docs]), or leave it out for docs");
        }
        for (int i = 0; i < folders.size(); i++) {
            String at = "/index/folders/" + i;
            String f = folders.get(i);
            if (f == null || f.isBlank()) throw fail(at, false, null, "index.folders[" + i + "] is empty");
            String where = "index.folders[" + i + "] '" + f + "' ";
            if (f.startsWith("/") || f.startsWith("\\") || f.matches("[A-Za-z]:.*") || f.startsWith("~")) {
                throw fail(at, false, null, where + "must be a folder inside the workspace, written relative to it"
                        + " (such as docs or handbook/faq)");
            }
            Path normal;
            try {
                normal = Path.of(f.replace('\\', '/')).normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw fail(at, false, e, where + "is not a folder name");
            }
            if (normal.startsWith("..") || normal.toString().isEmpty()) {
                throw fail(at, false, null, where + "is outside the workspace (folders must be inside it)");
            }
        }
        IndexConfig.Chunking chunking = index.chunking();
        if (chunking.maxTokens() < IndexConfig.Chunking.MIN_MAX_TOKENS) {
            throw fail("/index/chunking/maxTokens", false, null, "index.chunking.maxTokens " + chunking.maxTokens()
                    + " must be at least " + IndexConfig.Chunking.MIN_MAX_TOKENS + " (tokens in a chunk)");
        }
        if (chunking.maxTokens() > IndexConfig.Chunking.MAX_MAX_TOKENS) {
            // the trial: a budget of a million was taken without a word (MiniLM embeds about the first 120)
            throw fail("/index/chunking/maxTokens", false, null, "index.chunking.maxTokens " + chunking.maxTokens()
                    + " must be at most " + IndexConfig.Chunking.MAX_MAX_TOKENS + " (MiniLM embeds"
                    + " about the first " + IndexConfig.Chunking.EMBEDDED_TOKENS + " tokens of a chunk)");
        }
        if (chunking.overlap() < 0 || chunking.overlap() >= chunking.maxTokens()) {
            throw fail("/index/chunking/overlap", false, null, "index.chunking.overlap " + chunking.overlap()
                    + " must be from 0 to less than maxTokens (" + chunking.maxTokens() + ")");
        }
        List<IndexConfig.Pattern> patterns = index.redact().patterns();
        Map<String, Integer> firstLine = new HashMap<>();
        for (int i = 0; i < patterns.size(); i++) {
            String at = "/index/redact/patterns/" + i;
            String name = "index.redact.patterns[" + i + "]";
            IndexConfig.Pattern p = patterns.get(i);
            if (p == null) throw fail(at, false, null, "empty entry in 'index.redact.patterns'");
            if (p.type() == null || p.type().isBlank()) {
                throw fail(at, false, null, name + " needs a 'type', the placeholder's name (type: EMPLOYEE_ID)");
            }
            if (!p.type().matches("[A-Z][A-Z0-9_]*")) {
                throw fail(at + "/type", false, null, name + ".type '" + p.type()
                        + "' may hold only capitals, digits and _ (such as EMPLOYEE_ID)");
            }
            Integer first = firstLine.putIfAbsent(p.type(), line(at + "/type"));
            if (first != null) {
                throw fail(at + "/type", false, null, "duplicate pattern type '" + p.type() + "' (first at line "
                        + first + ")");
            }
            if (p.regex() == null || p.regex().isEmpty()) {
                throw fail(at, false, null, name + " '" + p.type() + "' needs a 'regex', a Java regular expression"
                        + " (regex: \"EMP-\\\\d{6}\")");
            }
            java.util.regex.Pattern compiled;
            try {
                compiled = java.util.regex.Pattern.compile(p.regex());
            } catch (java.util.regex.PatternSyntaxException e) {
                throw fail(at + "/regex", false, e, name + ".regex does not compile: " + e.getDescription());
            }
            if (matchesEmptyText(compiled)) {
                // the trials: 'a*' put a placeholder between every two letters and hid an injection from the check;
                // '\\b' and '(?=e)' were taken and redacted nothing
                throw fail(at + "/regex", false, null, name + ".regex matches empty text, so it would redact"
                        + " nothing or put placeholders between characters; make it match at least one character"
                        + " (a+ rather than a*, EMP-\\d+ rather than \\b)");
            }
        }
        List<IndexConfig.Allowed> allow = index.redact().allow();
        for (int i = 0; i < allow.size(); i++) {
            String at = "/index/redact/allow/" + i;
            String name = "index.redact.allow[" + i + "]";
            IndexConfig.Allowed a = allow.get(i);
            if (a == null || a.value() == null && a.regex() == null) {
                throw fail(at, false, null, name + " is empty (write a value, or { regex: \"...\" })");
            }
            if (a.value() != null && a.regex() != null) {
                throw fail(at, false, null, name + " has both 'value' and 'regex'; give one");
            }
            if (a.value() != null && a.value().isBlank() || a.regex() != null && a.regex().isEmpty()) {
                throw fail(at, false, null, name + " is empty (write a value, or { regex: \"...\" })");
            }
            if (a.regex() != null) {
                try {
                    java.util.regex.Pattern.compile(a.regex());
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw fail(at + "/regex", false, e, name + ".regex does not compile: " + e.getDescription());
                }
            }
        }
    }

    /**
     * The {@code guard:} section: each action {@code off}, {@code warn} or {@code block}; a per-stage mapping only for
     * a stage the check looks at; each blocklist term present; the blocklist file inside the workspace.
     */
    private void checkGuard(StudioConfig config) {
        checkGuardEmptyValues();
        GuardConfig guard = config.guard();
        for (org.promptstudio.model.GuardCheck check : org.promptstudio.model.GuardCheck.values()) {
            String key = check.id();
            String at = check == org.promptstudio.model.GuardCheck.BLOCKLIST ? "/guard/blocklist/action" : "/guard/" + key;
            String name = "guard." + key + (check == org.promptstudio.model.GuardCheck.BLOCKLIST ? ".action" : "");
            GuardConfig.Level level = guard.level(check);
            List<org.promptstudio.model.GuardStage> stages = GuardConfig.stages(check);
            boolean plain = java.util.Objects.equals(level.input(), level.output());
            for (org.promptstudio.model.GuardStage stage : org.promptstudio.model.GuardStage.values()) {
                String value = stage == org.promptstudio.model.GuardStage.INPUT ? level.input() : level.output();
                if (value == null) continue;
                String where = plain ? at : at + "/" + stage.id();
                String what = plain ? name : name + "." + stage.id();
                if (!List.of("off", "warn", "block").contains(value)) {
                    throw fail(where, false, null, what + " '" + value + "' " + guardForms(what));
                }
                if (!plain && !stages.contains(stage) && !value.equals("off")) {
                    throw fail(where, true, null, what + ": the " + key + " check looks only at the "
                            + stages.get(0).id() + "; write " + name + ": " + value + " (or {" + stages.get(0).id()
                            + ": " + value + "})");
                }
            }
        }
        List<String> terms = guard.blocklist().terms();
        for (int i = 0; i < terms.size(); i++) {
            String t = terms.get(i);
            if (t == null || t.isBlank()) {
                throw fail("/guard/blocklist/terms/" + i, false, null, "guard.blocklist.terms[" + i + "] is empty");
            }
        }
        String file = guard.blocklist().file();
        if (file != null) {
            String where = "guard.blocklist.file '" + file + "' ";
            if (file.isBlank()) throw fail("/guard/blocklist/file", false, null, "guard.blocklist.file is empty");
            if (file.startsWith("/") || file.startsWith("\\") || file.matches("[A-Za-z]:.*") || file.startsWith("~")
                    || java.util.Arrays.asList(file.replace('\\', '/').split("/")).contains("..")) {
                throw fail("/guard/blocklist/file", false, null, where + "must be a file inside the workspace, written"
                        + " relative to it (such as guard/blocklist.txt)");
            }
            if (root != null) checkBlocklistFile(file, root.resolve(file), where);
        } else if (terms.isEmpty() && blocks(guard.blocklist().action())) {
            throw fail("/guard/blocklist", true, null, "guard.blocklist has no terms and no file: give terms: [...]"
                    + " or file: guard/blocklist.txt, or remove it");
        }
    }

    /**
     * A setting under {@code guard:} written with no value ({@code pii:}) reads as null, which would quietly mean the
     * default; it is refused as a wrong value is, at its key.
     */
    private void checkGuardEmptyValues() {
        try (JsonParser parser = MAPPER.createParser(text)) {
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                if (t != JsonToken.VALUE_NULL) continue;
                String pointer = parser.getParsingContext().pathAsPointer().toString();
                if (!pointer.startsWith("/guard/")) continue;
                StringBuilder key = new StringBuilder("guard");
                for (String part : pointer.substring("/guard/".length()).split("/")) {
                    String name = part.replace("~1", "/").replace("~0", "~");
                    if (name.chars().allMatch(Character::isDigit) && !name.isEmpty()) {
                        key.append('[').append(name).append(']');
                    } else {
                        key.append('.').append(name);
                    }
                }
                boolean inList = key.charAt(key.length() - 1) == ']';
                throw fail(pointer, !inList, null, key + " is empty: it " + guardForms(key.toString()));
            }
        } catch (IOException e) {
            // The text parsed once already; the other checks still run.
        }
    }

    /**
     * The dotted key of a place under {@code guard:} ({@code guard.pii}, {@code guard.blocklist.terms[2]}), or null
     * for a place elsewhere.
     */
    private static String guardKey(List<JsonMappingException.Reference> path) {
        if (path.isEmpty() || !"guard".equals(path.get(0).getFieldName())) return null;
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) sb.append('.');
                sb.append(ref.getFieldName());
            } else {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /**
     * {@code  'true'} when the value at {@code pointer} is a plain value (true, 3), so a message shows what was
     * written; empty for a list, a mapping or nothing.
     */
    private String scalarAt(String pointer) {
        try (JsonParser parser = MAPPER.createParser(text)) {
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                if (t != JsonToken.FIELD_NAME && parser.getParsingContext().pathAsPointer().toString().equals(pointer)) {
                    if (!t.isScalarValue() || t == JsonToken.VALUE_NULL) return "";
                    String value = parser.getText();
                    return value == null || value.length() > 40 ? "" : " '" + value + "'";
                }
            }
        } catch (IOException e) {
            // read already once: the message goes without the value
        }
        return "";
    }

    /** The forms a guard setting takes: "off | warn | block". */
    private static final String ACTIONS = "off | warn | block";

    /**
     * What the guard setting {@code key} ({@code guard.pii}, {@code guard.pii.input}, {@code guard.blocklist.terms})
     * must be, every valid value or form listed: {@code must be off | warn | block, or a mapping {input: off | warn |
     * block, output: off | warn | block}}.
     */
    static String guardForms(String key) {
        String k = key.replaceAll("\\[\\d+]$", "[]");
        if (k.equals("guard")) {
            return "must be a mapping of checks (pii, injection, blocklist, schema, provider), each " + ACTIONS
                    + " (blocklist: {action: " + ACTIONS + ", terms: [...], file: PATH})";
        }
        if (k.endsWith(".input") || k.endsWith(".output")) return "must be " + ACTIONS;
        if (k.equals("guard.blocklist")) {
            return "must be a mapping {action: " + ACTIONS + " (or {input: ..., output: ...}), terms: [\"a term\","
                    + " ...], file: guard/blocklist.txt}";
        }
        if (k.equals("guard.blocklist.terms")) return "must be a list of terms, such as [\"project falcon\", heron]";
        if (k.equals("guard.blocklist.terms[]")) return "must be a term (text), such as \"project falcon\"";
        if (k.equals("guard.blocklist.file")) {
            return "must be a text file inside the workspace, written relative to it (such as guard/blocklist.txt)";
        }
        String check = k.equals("guard.blocklist.action") ? "blocklist" : k.substring(k.indexOf('.') + 1);
        List<org.promptstudio.model.GuardStage> stages;
        try {
            stages = GuardConfig.stages(org.promptstudio.model.GuardCheck.of(check));
        } catch (IllegalArgumentException e) {
            return "must be " + ACTIONS;
        }
        StringBuilder map = new StringBuilder();
        for (org.promptstudio.model.GuardStage stage : stages) {
            if (map.length() > 0) map.append(", ");
            map.append(stage.id()).append(": ").append(ACTIONS);
        }
        return "must be " + ACTIONS + ", or a mapping {" + map + "}";
    }

    private static boolean blocks(GuardConfig.Level level) {
        return "block".equals(level.input()) || "block".equals(level.output());
    }

    /** The blocklist file exists, is a file, and is UTF-8 text (no NUL bytes: not binary, not UTF-16). */
    private void checkBlocklistFile(String file, Path path, String where) {
        String at = "/guard/blocklist/file";
        if (java.nio.file.Files.isDirectory(path)) throw fail(at, false, null, where + "is a folder, not a file");
        if (!java.nio.file.Files.exists(path)) throw fail(at, false, null, where + "cannot be read: no such file");
        byte[] bytes;
        try {
            bytes = java.nio.file.Files.readAllBytes(path);
        } catch (IOException e) {
            throw fail(at, false, e, where + "cannot be read: " + org.promptstudio.model.ErrorText.reason(e));
        }
        boolean text = true;
        for (byte b : bytes) {
            if (b == 0) {
                text = false;
                break;
            }
        }
        if (text) {
            try {
                java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                        .decode(java.nio.ByteBuffer.wrap(bytes));
            } catch (java.nio.charset.CharacterCodingException e) {
                text = false;
            }
        }
        if (!text) throw fail(at, false, null, where + "is not UTF-8 text");
    }

    private void positive(String at, String name, String key, Integer value) {
        if (value != null && value <= 0) {
            throw fail(at + "/" + key, false, null, name + "." + key + " " + value + " must be at least 1");
        }
    }

    private void price(String at, String name, String key, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw fail(at + "/pricing/" + key, false, null, name + ".pricing." + key + " " + number(value)
                    + " must be a number of 0 or more (USD per million tokens)");
        }
    }

    private static String number(double value) {
        if (Double.isNaN(value)) return ".nan";
        if (Double.isInfinite(value)) return value > 0 ? ".inf" : "-.inf";
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private int line(String pointer) {
        JsonLocation location = locate(pointer, false);
        return location == null ? 0 : location.getLineNr();
    }

    private WorkspaceException fail(String pointer, boolean key, Exception cause, String reason) {
        JsonLocation location = locate(pointer, key);
        if (location == null && cause instanceof JsonMappingException e) location = e.getLocation();
        return new WorkspaceException(place(location) + reason, cause);
    }

    /**
     * Where the key (or the value) at a JSON pointer such as {@code /models/1/id} starts. Jackson reports some
     * errors only once the whole mapping is read, so the place is looked up again in the text.
     */
    private JsonLocation locate(String pointer, boolean key) {
        try (JsonParser parser = MAPPER.createParser(text)) {
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                boolean isKey = t == JsonToken.FIELD_NAME;
                if (isKey == key && parser.getParsingContext().pathAsPointer().toString().equals(pointer)) {
                    return parser.currentTokenLocation();
                }
            }
        } catch (IOException e) {
            // The text parsed once already; a second failure leaves the place unknown, the message still stands.
        }
        return null;
    }

    private static String place(JsonLocation location) {
        return location == null ? Workspace.CONFIG_FILE + ": " : place(location.getLineNr(), location.getColumnNr());
    }

    private static String place(int line, int column) {
        return Workspace.CONFIG_FILE + ":" + line + ":" + column + ": ";
    }

    private static String pointer(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            sb.append('/');
            if (ref.getFieldName() != null) {
                sb.append(ref.getFieldName().replace("~", "~0").replace("/", "~1"));
            } else {
                sb.append(ref.getIndex());
            }
        }
        return sb.toString();
    }

    /** The key as the user wrote it: {@code maxConcurrency}, or {@code models[2]} for an entry of a list. */
    private static String name(List<JsonMappingException.Reference> path) {
        JsonMappingException.Reference last = path.get(path.size() - 1);
        if (last.getFieldName() != null) return last.getFieldName();
        String list = path.size() > 1 ? path.get(path.size() - 2).getFieldName() : null;
        return (list == null ? "" : list) + "[" + last.getIndex() + "]";
    }

    private static String kind(Class<?> type) {
        if (type == null) return "something else";
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) return "a number";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (type == String.class) return "text";
        if (Collection.class.isAssignableFrom(type) || type.isArray()) return "a list";
        return "a mapping (key: value)";
    }

    private static String known(Collection<Object> ids) {
        return ids == null ? "" : ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }
}
