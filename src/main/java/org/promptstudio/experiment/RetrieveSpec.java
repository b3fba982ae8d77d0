package org.promptstudio.experiment;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.promptstudio.index.SearchMode;

/**
 * What a prompt's front matter or an experiment declares under {@code retrieve:} (decision 0140): before the prompt
 * is rendered, {@code query} (a Handlebars template, rendered with the case's input) is searched in the document
 * index and the best {@code k} chunks fill the input {@code into} as a list the template renders as it likes.
 *
 * @param query    the query template ({@code "{{question}}"}), never blank
 * @param k        how many chunks, at least 1 (default {@value #DEFAULT_K})
 * @param mode     BM25, vector or hybrid (default hybrid)
 * @param into     the input the chunks go into (default {@value #DEFAULT_INTO})
 * @param compress whether each chunk keeps only its sentences close to the query (contextual compression; default
 *                 false)
 * @param path     only documents whose workspace-relative path starts with it ({@code docs/policies/}); null for all
 */
public record RetrieveSpec(String query, int k, SearchMode mode, String into, boolean compress, String path) {

    public static final int DEFAULT_K = 4;
    public static final String DEFAULT_INTO = "context";
    /** The key a prompt's front matter and an experiment file declare it under. */
    public static final String KEY = "retrieve";
    static final Set<String> KEYS = Set.of("query", "k", "mode", "into", "compress", "path");

    public RetrieveSpec {
        if (query == null || query.isBlank()) throw new IllegalArgumentException("a retrieval needs a query");
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, not " + k);
        if (mode == null) mode = SearchMode.HYBRID;
        if (into == null || into.isBlank()) into = DEFAULT_INTO;
        if (path != null && path.isBlank()) path = null;
    }

    /** {@code query} with the defaults: k 4, hybrid, into {@code context}, no compression, every document. */
    public static RetrieveSpec of(String query) {
        return new RetrieveSpec(query, DEFAULT_K, SearchMode.HYBRID, DEFAULT_INTO, false, null);
    }

    /**
     * Reads a {@code retrieve:} value as written: a mapping with {@code query} and optionally {@code k}, {@code mode},
     * {@code into}, {@code compress}, {@code path}; or a text, which is the query alone.
     *
     * @param value the value as read from YAML (maps, lists, texts, numbers, booleans)
     * @param where gives the prefix of an error about a key ({@code null} for the value as a whole), as
     *              {@code prompts/rag.prompt:4:13: }
     * @throws ExperimentException one line starting with {@code where}'s place: not a mapping, an unknown key, no
     *                             query, {@code k} not a whole number of at least 1, an unknown mode, {@code into} not
     *                             a name, {@code compress} not true or false
     */
    public static RetrieveSpec read(Object value, Function<String, String> where) {
        if (value instanceof String text) {
            if (text.isBlank()) throw new ExperimentException(where.apply(null) + "'retrieve' needs a query");
            return of(text);
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new ExperimentException(where.apply(null) + "'retrieve' must be a mapping like"
                    + " {query: \"{{question}}\", k: 4, mode: hybrid}");
        }
        for (Object key : map.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                throw new ExperimentException(where.apply(String.valueOf(key)) + "unknown key 'retrieve." + key
                        + "' (known: " + String.join(", ", new TreeSet<>(KEYS)) + ")");
            }
        }
        Object query = map.get("query");
        if (query == null || query instanceof Map || query instanceof List || String.valueOf(query).isBlank()) {
            throw new ExperimentException(where.apply(query == null ? null : "query")
                    + "'retrieve' needs a 'query': a template such as \"{{question}}\"");
        }
        int k = DEFAULT_K;
        Object kv = map.get("k");
        if (kv != null) {
            boolean whole = kv instanceof Integer || kv instanceof Long || kv instanceof Short
                    || kv instanceof java.math.BigInteger;
            if (!whole || ((Number) kv).doubleValue() < 1 || ((Number) kv).doubleValue() > org.promptstudio.index.SearchRequest.MAX_K) {
                throw new ExperimentException(where.apply("k") + "'retrieve.k' must be a whole number from 1 to "
                        + org.promptstudio.index.SearchRequest.MAX_K + ","
                        + " found '" + kv + "'");
            }
            k = ((Number) kv).intValue();
        }
        SearchMode mode = SearchMode.HYBRID;
        Object mv = map.get("mode");
        if (mv != null) {
            mode = switch (String.valueOf(mv).strip().toLowerCase(Locale.ROOT)) {
                case "bm25" -> SearchMode.BM25;
                case "vector" -> SearchMode.VECTOR;
                case "hybrid" -> SearchMode.HYBRID;
                default -> throw new ExperimentException(where.apply("mode") + "'retrieve.mode' must be bm25, vector"
                        + " or hybrid, found '" + mv + "'");
            };
        }
        String into = DEFAULT_INTO;
        Object iv = map.get("into");
        if (iv != null) {
            into = String.valueOf(iv).strip();
            if (!into.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new ExperimentException(where.apply("into") + "'retrieve.into' must be an input name such as"
                        + " context, found '" + iv + "'");
            }
        }
        if (queryReads(String.valueOf(query), into)) {
            // the trial: into naming the query's own input silently left the retrieval out of a render
            throw new ExperimentException(where.apply("into") + "'retrieve.into' names '" + into + "', which the"
                    + " query reads: the chunks would take its place; use another name such as context");
        }
        boolean compress = false;
        Object cv = map.get("compress");
        if (cv != null) {
            if (!(cv instanceof Boolean b)) {
                throw new ExperimentException(where.apply("compress") + "'retrieve.compress' must be true or false,"
                        + " found '" + cv + "'");
            }
            compress = b;
        }
        Object pv = map.get("path");
        if (pv instanceof Map || pv instanceof List) {
            throw new ExperimentException(where.apply("path") + "'retrieve.path' must be a folder such as docs/policies/");
        }
        String path = pv == null ? null : String.valueOf(pv).strip();
        return new RetrieveSpec(String.valueOf(query), k, mode, into, compress, path);
    }

    /** Whether a Handlebars expression of {@code query} ({@code {{...}}}) names {@code input} as a word. */
    private static boolean queryReads(String query, String input) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{\\{(.*?)\\}\\}").matcher(query);
        java.util.regex.Pattern word = java.util.regex.Pattern.compile(
                "(?<![A-Za-z0-9_.@/])" + java.util.regex.Pattern.quote(input) + "(?![A-Za-z0-9_])");
        while (m.find()) {
            if (word.matcher(m.group(1)).find()) return true;
        }
        return false;
    }

    /**
     * The prompt's own {@code retrieve:} (its front matter), or null when it declares none.
     *
     * @throws ExperimentException naming {@code prompts/x.prompt:LINE:COLUMN} when it is not valid
     */
    public static RetrieveSpec ofPrompt(org.promptstudio.template.ParsedPrompt prompt) {
        Object value = prompt.metadata().raw().get(KEY);
        if (value == null) return null;
        String text = prompt.frontMatter();
        int line = keyLine(text);
        return read(value, key -> {
            // the front matter's first line is the file's second
            String place = line == 0 ? "" : key == null ? (line + 1) + ":1"
                    : shifted(ExperimentSpecReader.place(text, line, key));
            return prompt.sourceName() + (place.isEmpty() ? "" : ":" + place) + ": ";
        });
    }

    /** The 1-based line of {@code retrieve:} at the top level of {@code yaml}; 0 when not written there. */
    static int keyLine(String yaml) {
        String[] lines = yaml.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].matches("^" + KEY + "\\s*:.*")) return i + 1;
        }
        return 0;
    }

    private static String shifted(String lineColumn) {
        int colon = lineColumn.indexOf(':');
        return (Integer.parseInt(lineColumn.substring(0, colon)) + 1) + lineColumn.substring(colon);
    }
}
