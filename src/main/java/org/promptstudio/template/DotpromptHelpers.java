package org.promptstudio.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.Options;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Dotprompt helpers. {@code role}, {@code history}, {@code section} and {@code media} write markers into the
 * rendered text that {@link MessageAssembler} turns into messages and parts afterwards, as the reference runtimes do.
 */
final class DotpromptHelpers {

    static final String ROLE_PREFIX = "<<<dotprompt:role:";
    static final String HISTORY = "<<<dotprompt:history>>>";
    static final String MEDIA_PREFIX = "<<<dotprompt:media:url ";
    static final String SECTION_PREFIX = "<<<dotprompt:section ";

    /** Names a template may call besides Handlebars' own block helpers. */
    static final Set<String> NAMES = Set.of("role", "history", "section", "media", "json", "ifEquals", "unlessEquals");
    static final Set<String> BUILT_IN = Set.of("if", "unless", "each", "with", "lookup", "log");

    private static final ObjectMapper JSON = new ObjectMapper();

    private DotpromptHelpers() {
    }

    static void register(Handlebars hb) {
        hb.registerHelper("each", (Helper<Object>) DotpromptHelpers::each);
        hb.registerHelper(PreparedSource.OPEN, (Helper<Object>) (n, options) ->
                new Handlebars.SafeString("{".repeat(((Number) n).intValue())));
        hb.registerHelper(PreparedSource.BACKSLASHES, (Helper<Object>) (n, options) ->
                new Handlebars.SafeString("\\".repeat(((Number) n).intValue())));
        hb.registerHelper("role", (Helper<Object>) (role, options) -> {
            if (role == null || role.toString().isBlank()) {
                throw new IllegalArgumentException("{{role}} needs a role name: system, user, model or tool");
            }
            String meta = options.hash.isEmpty() ? "" : " " + json(new LinkedHashMap<>(options.hash), 0);
            return new Handlebars.SafeString(ROLE_PREFIX + role + meta + ">>>");
        });
        hb.registerHelper("history", (Helper<Object>) (ctx, options) -> new Handlebars.SafeString(HISTORY));
        hb.registerHelper("section", (Helper<Object>) (name, options) ->
                new Handlebars.SafeString(SECTION_PREFIX + name + ">>>"));
        hb.registerHelper("media", (Helper<Object>) (ctx, options) -> {
            Object url = options.hash("url");
            if (url == null || url.toString().isBlank()) {
                throw new IllegalArgumentException("{{media}} needs url=...");
            }
            Object type = options.hash("contentType");
            String suffix = type == null || type.toString().isBlank() ? "" : " " + type;
            return new Handlebars.SafeString(MEDIA_PREFIX + url + suffix + ">>>");
        });
        hb.registerHelper("json", (Helper<Object>) (value, options) -> {
            Object indent = options.hash("indent");
            int n = indent instanceof Number num ? num.intValue()
                    : indent == null ? 0 : Integer.parseInt(indent.toString().trim());
            return new Handlebars.SafeString(json(value, n));
        });
        hb.registerHelper("ifEquals", (Helper<Object>) (a, options) ->
                compare(a, options, true));
        hb.registerHelper("unlessEquals", (Helper<Object>) (a, options) ->
                compare(a, options, false));
    }

    /**
     * {@code {{#each}}} as handlebars.js 4.7 runs it ({@code lib/handlebars/helpers/each.js}): arrays and lists by
     * position, objects by key in their order; {@code @index}, {@code @key}, {@code @first} and {@code @last} are
     * set, the last two as booleans (Handlebars.java's own helper sets the strings "first"/"last" or ""), block
     * parameters {@code as |value key|} get the item and its key or index. Anything else, or nothing to iterate,
     * renders the {@code {{else}}} part.
     */
    private static Object each(Object context, Options options) throws IOException {
        java.util.List<Map.Entry<Object, Object>> items = new java.util.ArrayList<>();
        if (context instanceof Map<?, ?> map) {
            map.forEach((k, v) -> items.add(new java.util.AbstractMap.SimpleImmutableEntry<>(k, v)));
        } else if (context instanceof Iterable<?> it) {
            int i = 0;
            for (Object v : it) items.add(new java.util.AbstractMap.SimpleImmutableEntry<>(i++, v));
        } else if (context != null && context.getClass().isArray()) {
            for (int i = 0; i < java.lang.reflect.Array.getLength(context); i++) {
                items.add(new java.util.AbstractMap.SimpleImmutableEntry<>(i, java.lang.reflect.Array.get(context, i)));
            }
        }
        if (items.isEmpty()) return options.inverse();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            Map.Entry<Object, Object> item = items.get(i);
            com.github.jknack.handlebars.Context ctx = com.github.jknack.handlebars.Context
                    .newContext(options.context, item.getValue())
                    .combine("@key", item.getKey())
                    .combine("@index", i)
                    .combine("@first", i == 0)
                    .combine("@last", i == items.size() - 1);
            out.append(options.apply(options.fn, ctx, java.util.Arrays.asList(item.getValue(), item.getKey())));
        }
        return new Handlebars.SafeString(out);
    }

    private static Object compare(Object a, Options options, boolean whenEqual) throws IOException {
        Object b = options.params.length > 0 ? options.params[0] : null;
        boolean equal = JsonValues.strictEquals(JsonValues.normalize(a), JsonValues.normalize(b));
        return equal == whenEqual ? options.fn() : options.inverse();
    }

    /** JSON the way {@code JSON.stringify(value, null, indent)} writes it. */
    static String json(Object value, int indent) {
        Object v = JsonValues.normalize(value);
        try {
            if (indent <= 0) return JSON.writeValueAsString(v);
            DefaultIndenter indenter = new DefaultIndenter(" ".repeat(indent), "\n");
            Separators separators = Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator("");
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators)
                    .withObjectIndenter(indenter);
            printer.indentArraysWith(indenter);
            return JSON.writer(printer).writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("{{json}} cannot write this value: " + e.getOriginalMessage(), e);
        }
    }

    static Map<String, Object> parseMeta(String json) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = JSON.readValue(json, Map.class);
            return m;
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
