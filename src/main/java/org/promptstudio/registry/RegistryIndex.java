package org.promptstudio.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry's {@code index.json}: every prompt and every published version (decision 0007). Format version 1:
 * <pre>
 * {"formatVersion": 1,
 *  "prompts": {"answer": {"versions": [{"name": "answer", "version": 3, "sourceCommit": "...", "labels": ["prod"],
 *      "description": "...", "model": "...", "inputSchema": {...}, "author": "Ada &lt;ada@example.org&gt;",
 *      "date": "2026-11-26T10:15:30Z", "checksum": "sha256:...", "files": ["prompts/answer/3/answer.prompt"],
 *      "localVersion": 5, "workspace": "support"}]}}}
 * </pre>
 * {@code version} is the registry's own number; {@code localVersion}, {@code sourceCommit}, {@code author} and
 * {@code workspace} say where it came from (decision 0015).
 * Prompts are sorted by name and versions by number, so the file diffs well. Fields this version does not know are
 * kept as they are when an entry is added, so an older studio does not drop what a newer one wrote.
 */
public final class RegistryIndex {

    public static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DefaultPrettyPrinter PRINTER;

    static {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        PRINTER = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""));
        PRINTER.indentObjectsWith(indenter);
        PRINTER.indentArraysWith(indenter);
    }

    private final ObjectNode root;

    private RegistryIndex(ObjectNode root) {
        this.root = root;
    }

    /** The index of a registry nothing has been published to. */
    public static RegistryIndex empty() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("formatVersion", FORMAT_VERSION);
        root.putObject("prompts");
        return new RegistryIndex(root);
    }

    /**
     * Reads an index; {@code where} names it in messages ({@code registry team: index.json}).
     *
     * @throws RegistryException for broken JSON, a missing or newer {@code formatVersion}, or a malformed entry
     */
    public static RegistryIndex parse(byte[] json, String where) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String place = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new RegistryException(where + place + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new RegistryException(where + ": cannot read: " + e.getMessage(), e);
        }
        if (!(node instanceof ObjectNode root)) throw new RegistryException(where + ": expected a JSON object");
        JsonNode format = root.get("formatVersion");
        if (format == null || !format.canConvertToInt()) {
            throw new RegistryException(where + ": no 'formatVersion'; not a Prompt Studio registry index");
        }
        if (format.intValue() > FORMAT_VERSION) {
            throw new RegistryException(where + ": formatVersion " + format.intValue() + " is newer than this Prompt"
                    + " Studio reads (" + FORMAT_VERSION + "); update Prompt Studio");
        }
        if (format.intValue() < 1) throw new RegistryException(where + ": bad formatVersion " + format.intValue());
        JsonNode prompts = root.get("prompts");
        if (prompts == null) {
            root.putObject("prompts");
        } else if (!prompts.isObject()) {
            throw new RegistryException(where + ": 'prompts' must be an object");
        }
        RegistryIndex index = new RegistryIndex(root);
        index.versions(where); // every entry must read
        return index;
    }

    /** Every published version, by prompt name and version number. */
    public List<PublishedVersion> versions() {
        return versions(RegistryLayout.INDEX);
    }

    /** The names of the published prompts, sorted. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        root.get("prompts").fieldNames().forEachRemaining(names::add);
        names.sort(Comparator.naturalOrder());
        return names;
    }

    public List<PublishedVersion> versionsOf(String name) {
        return versions().stream().filter(v -> v.name().equals(name)).toList();
    }

    public Optional<PublishedVersion> find(String name, int version) {
        return versionsOf(name).stream().filter(v -> v.version() == version).findFirst();
    }

    /** The highest published version of {@code name}. */
    public Optional<PublishedVersion> latest(String name) {
        List<PublishedVersion> all = versionsOf(name);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** This index with {@code v} added (an entry with the same name and version is replaced). */
    public RegistryIndex with(PublishedVersion v) {
        ObjectNode copy = root.deepCopy();
        ObjectNode prompts = (ObjectNode) copy.get("prompts");
        ObjectNode prompt = prompts.get(v.name()) instanceof ObjectNode o ? o : prompts.putObject(v.name());
        List<JsonNode> entries = new ArrayList<>();
        if (prompt.get("versions") instanceof ArrayNode array) {
            array.forEach(e -> {
                if (e.path("version").asInt(-1) != v.version()) entries.add(e);
            });
        }
        entries.add(toNode(v));
        entries.sort(Comparator.comparingInt(e -> e.path("version").asInt()));
        prompt.putArray("versions").addAll(entries);
        // Keep the prompts sorted by name, whatever order other writers left them in.
        Map<String, JsonNode> sorted = new TreeMap<>();
        prompts.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
        prompts.removeAll();
        sorted.forEach(prompts::set);
        copy.put("formatVersion", FORMAT_VERSION);
        return new RegistryIndex(copy);
    }

    /** The index as written to {@code index.json}: pretty JSON with two-space indents and a final newline. */
    public byte[] toJson() {
        try {
            return (JSON.writer(PRINTER).writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an index tree always writes", e);
        }
    }

    private List<PublishedVersion> versions(String where) {
        List<PublishedVersion> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> prompts = root.get("prompts").fields();
        while (prompts.hasNext()) {
            Map.Entry<String, JsonNode> prompt = prompts.next();
            JsonNode versions = prompt.getValue().path("versions");
            if (!versions.isArray()) {
                throw new RegistryException(where + ": prompts." + prompt.getKey() + ": expected a 'versions' list");
            }
            for (int i = 0; i < versions.size(); i++) {
                out.add(fromNode(prompt.getKey(), versions.get(i),
                        where + ": prompts." + prompt.getKey() + ".versions[" + i + "]"));
            }
        }
        out.sort(Comparator.comparing(PublishedVersion::name).thenComparingInt(PublishedVersion::version));
        return out;
    }

    private static ObjectNode toNode(PublishedVersion v) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("name", v.name());
        n.put("version", v.version());
        n.put("sourceCommit", v.sourceCommit());
        v.labels().forEach(n.putArray("labels")::add);
        if (v.labels().isEmpty()) n.putArray("labels");
        n.put("description", v.description());
        n.put("model", v.model());
        n.set("inputSchema", v.inputSchema() == null ? null : JSON.valueToTree(v.inputSchema()));
        n.put("author", v.author());
        n.put("date", v.date() == null ? null : v.date().toString());
        n.put("checksum", v.checksum());
        ArrayNode files = n.putArray("files");
        v.files().forEach(files::add);
        if (v.localVersion() != null) n.put("localVersion", v.localVersion());
        if (v.workspace() != null) n.put("workspace", v.workspace());
        return n;
    }

    @SuppressWarnings("unchecked")
    private static PublishedVersion fromNode(String name, JsonNode n, String where) {
        if (!n.isObject()) throw new RegistryException(where + ": expected an object");
        JsonNode version = n.get("version");
        if (version == null || !version.canConvertToInt() || version.intValue() < 1) {
            throw new RegistryException(where + ": 'version' must be a number from 1");
        }
        String checksum = text(n, "checksum");
        if (checksum == null || !checksum.startsWith(Checksums.PREFIX)) {
            throw new RegistryException(where + ": 'checksum' must be sha256:...");
        }
        List<String> labels = new ArrayList<>();
        n.path("labels").forEach(l -> labels.add(l.asText()));
        List<String> files = new ArrayList<>();
        n.path("files").forEach(f -> files.add(f.asText()));
        Map<String, Object> schema = n.get("inputSchema") instanceof ObjectNode s
                ? JSON.convertValue(s, LinkedHashMap.class) : null;
        Instant date = null;
        String dateText = text(n, "date");
        if (dateText != null) {
            try {
                date = Instant.parse(dateText);
            } catch (DateTimeParseException e) {
                throw new RegistryException(where + ": 'date' is not an ISO-8601 instant: " + dateText, e);
            }
        }
        JsonNode local = n.get("localVersion");
        Integer localVersion = local != null && local.canConvertToInt() ? local.intValue() : null;
        return new PublishedVersion(name, version.intValue(), text(n, "sourceCommit"), labels, text(n, "description"),
                text(n, "model"), schema, text(n, "author"), date, checksum, files, localVersion, text(n, "workspace"));
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
