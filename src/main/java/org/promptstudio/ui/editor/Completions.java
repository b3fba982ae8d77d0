package org.promptstudio.ui.editor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What may be typed at the caret inside a Handlebars tag: declared input variables, helpers, partial names after
 * {@code {{>}}, and {@code @data} variables after {@code @}. Pure text work, fast enough for every key press.
 */
public final class Completions {

    /** What a suggestion is; decides its icon and what is inserted after it. */
    public enum Kind { VARIABLE, HELPER, BLOCK, PARTIAL, DATA }

    /**
     * One suggestion.
     *
     * @param label  what the list shows
     * @param insert what replaces the word being typed
     * @param detail a short note shown beside it (the field's type, what a helper does)
     */
    public record Item(String label, String insert, Kind kind, String detail) {
    }

    /**
     * The suggestions at a caret: {@code from} is where the word being typed starts (it is replaced up to the
     * caret), {@code items} the matches in the order: variables, data variables, helpers, partials.
     */
    public record Result(int from, int caret, List<Item> items) {
        public static final Result NONE = new Result(-1, -1, List.of());

        public boolean isEmpty() {
            return items.isEmpty();
        }
    }

    /**
     * Helpers a template may call: Dotprompt's (the Dotprompt specification, spec/helpers/*.yaml: role, history,
     * section, media, json, ifEquals, unlessEquals) and Handlebars' built-ins (handlebars.js,
     * lib/handlebars/helpers/: if, unless, each, with, lookup, log). Block helpers open with {@code #}.
     */
    static final Map<String, String> HELPERS = helpers();
    static final List<String> BLOCK_HELPERS = List.of("if", "unless", "each", "with", "ifEquals", "unlessEquals");

    /**
     * Data variables (handlebars.js: @index, @key, @first, @last inside #each, @root everywhere; Dotprompt adds
     * @state and @metadata to the render context, spec/variables.yaml and the reference renderer).
     */
    static final Map<String, String> DATA = data();

    private static Map<String, String> helpers() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("role", "starts a message: {{role \"system\"}}");
        m.put("history", "the conversation so far");
        m.put("section", "a named section filled in later");
        m.put("media", "an image or file: {{media url=x}}");
        m.put("json", "a value as JSON");
        m.put("ifEquals", "block: when two values are equal");
        m.put("unlessEquals", "block: when two values differ");
        m.put("if", "block: when a value is truthy");
        m.put("unless", "block: when a value is falsy");
        m.put("each", "block: for each item");
        m.put("with", "block: with a value as context");
        m.put("lookup", "a value by key or index");
        m.put("log", "logs a value");
        return m;
    }

    private static Map<String, String> data() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("@index", "position in #each (from 0)");
        m.put("@key", "key in #each over an object");
        m.put("@first", "true for the first item of #each");
        m.put("@last", "true for the last item of #each");
        m.put("@root", "the whole input");
        m.put("@state", "the session state");
        m.put("@metadata", "the prompt, docs and messages");
        return m;
    }

    private Completions() {
    }

    /**
     * The suggestions for {@code text} at {@code caret}; {@link Result#NONE} when the caret is not inside an open
     * tag ({@code {{ ... }} not yet closed on its left).
     *
     * @param variables the input fields the schema declares, each with a short description
     * @param partials  the partial names of the workspace
     */
    public static Result at(String text, int caret, Map<String, String> variables, List<String> partials) {
        if (caret < 2 || caret > text.length()) return Result.NONE;
        int open = text.lastIndexOf("{{", caret - 2);
        if (open < 0) return Result.NONE;
        int close = text.indexOf("}}", open);
        if (close >= 0 && close + 2 <= caret) return Result.NONE;
        if (open > 0 && text.charAt(open - 1) == '\\') return Result.NONE; // an escaped tag is text
        int at = open + 2;
        if (at < caret && text.charAt(at) == '{') at++;
        if (at < caret && text.charAt(at) == '~') at++;
        String inside = text.substring(at, caret);
        if (inside.startsWith("!")) return Result.NONE; // a comment
        int from = caret;
        while (from > at && isWordChar(text.charAt(from - 1))) from--;
        String word = text.substring(from, caret);
        String before = text.substring(at, from).strip();
        List<Item> items = new ArrayList<>();
        String prefix = word.toLowerCase(Locale.ROOT);
        if (before.equals(">")) {
            for (String p : partials) add(items, prefix, new Item(p, p, Kind.PARTIAL, "partial _" + p + ".prompt"));
        } else if (before.equals("#") || before.equals("/")) {
            for (String h : BLOCK_HELPERS) add(items, prefix, new Item(h, h, Kind.BLOCK, HELPERS.get(h)));
        } else if (word.startsWith("@")) {
            DATA.forEach((k, d) -> add(items, prefix, new Item(k, k, Kind.DATA, d)));
        } else {
            boolean first = before.isEmpty() || before.equals("&");
            variables.forEach((k, d) -> add(items, prefix, new Item(k, k, Kind.VARIABLE, d)));
            DATA.forEach((k, d) -> add(items, prefix.isEmpty() ? "" : "@" + prefix, new Item(k, k, Kind.DATA, d)));
            if (first) HELPERS.forEach((k, d) -> add(items, prefix, new Item(k, k, Kind.HELPER, d)));
        }
        return new Result(from, caret, List.copyOf(items));
    }

    private static void add(List<Item> items, String prefix, Item item) {
        if (item.label().toLowerCase(Locale.ROOT).startsWith(prefix)) items.add(item);
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '@' || c == '.' || c == '-';
    }

    /**
     * The text that replaces {@code [from, caret)} for {@code item}: a name that ends the tag gets its {@code }}}
     * unless one follows already; a helper gets a space for its argument.
     */
    public static String insertion(Item item, String text, int caret) {
        boolean closed = text.startsWith("}}", caret) || text.startsWith(" ", caret);
        return switch (item.kind()) {
            case HELPER -> item.insert() + " ";
            case BLOCK -> item.insert() + " ";
            case VARIABLE, PARTIAL, DATA -> item.insert() + (closed ? "" : "}}");
        };
    }
}
