package org.promptstudio.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chunk a call was given as context (a prompt's or an experiment's {@code retrieve:}), as the call records it.
 *
 * @param n        the number the prompt showed for it: {@code [n]} in the rendered context, so a citation {@code [n]}
 *                 in the answer points at it (1 first when the template shows {@code {{n}}}, 0 first when it shows
 *                 {@code {{@index}}})
 * @param id       the chunk's id, {@code source#position}
 * @param source   the document's workspace-relative path ({@code docs/refunds.md})
 * @param position the chunk's place in its document, from 0
 * @param score    the retrieval score (BM25, cosine or reciprocal-rank-fusion, by mode)
 * @param text     the text given to the model (after contextual compression, when asked for)
 */
public record ContextChunk(int n, String id, String source, int position, double score, String text) {

    public ContextChunk {
        text = text == null ? "" : text;
    }

    /** The document's file name without its extension ({@code refunds} for {@code docs/refunds.md}): a source id. */
    public String sourceId() {
        String name = source == null ? "" : source.substring(source.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** {@code chunks} as compact JSON ({@code [{"n":1,"id":...,"text":...}]}); null for none (nothing recorded). */
    public static String toJson(List<ContextChunk> chunks) {
        if (chunks == null || chunks.isEmpty()) return null;
        List<Map<String, Object>> out = new ArrayList<>();
        for (ContextChunk c : chunks) out.add(c.asMap());
        return InputText.json(out);
    }

    /** This chunk as {@code {n, id, source, position, score, text}}, in that order (what the JSON holds). */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", n);
        m.put("id", id);
        m.put("source", source);
        m.put("position", position);
        m.put("score", score);
        m.put("text", text);
        return m;
    }

    /**
     * The chunks written by {@link #toJson}; empty for null or blank text.
     *
     * @throws IllegalArgumentException when {@code json} is not such a list
     */
    public static List<ContextChunk> fromJson(String json) {
        if (json == null || json.isBlank()) return List.of();
        if (!(LabelJson.read(json) instanceof List<?> list)) {
            throw new IllegalArgumentException("recorded context is not a JSON list");
        }
        List<ContextChunk> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> m)) throw new IllegalArgumentException("recorded context item is not an object");
            out.add(new ContextChunk(number(m.get("n")).intValue(), text(m.get("id")), text(m.get("source")),
                    number(m.get("position")).intValue(), number(m.get("score")).doubleValue(), text(m.get("text"))));
        }
        return List.copyOf(out);
    }

    private static Number number(Object v) {
        return v instanceof Number n ? n : 0;
    }

    private static String text(Object v) {
        return v == null ? null : v.toString();
    }
}
