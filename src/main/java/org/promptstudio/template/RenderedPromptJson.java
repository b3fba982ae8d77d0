package org.promptstudio.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.promptstudio.model.Message;
import org.promptstudio.model.Part;

/** The rendered result in the shape of the specification's {@code expect}: metadata fields plus {@code messages}. */
public final class RenderedPromptJson {

    private RenderedPromptJson() {
    }

    public static Map<String, Object> toMap(RenderedPrompt rendered) {
        Map<String, Object> out = new LinkedHashMap<>(rendered.metadata().asMap());
        out.put("messages", messages(rendered.messages()));
        return out;
    }

    public static List<Object> messages(List<Message> messages) {
        List<Object> list = new ArrayList<>();
        for (Message m : messages) list.add(message(m));
        return list;
    }

    public static Map<String, Object> message(Message m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("role", m.role());
        List<Object> content = new ArrayList<>();
        for (Part p : m.content()) content.add(part(p));
        out.put("content", content);
        if (!m.metadata().isEmpty()) out.put("metadata", m.metadata());
        return out;
    }

    public static Map<String, Object> part(Part p) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (p instanceof Part.Text t) {
            out.put("text", t.text());
        } else if (p instanceof Part.Media media) {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("url", media.url());
            if (media.contentType() != null) mm.put("contentType", media.contentType());
            out.put("media", mm);
        } else if (p instanceof Part.Pending pending) {
            out.put("metadata", pending.metadata());
        } else if (p instanceof Part.ToolRequest call) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ref", call.ref());
            m.put("name", call.name());
            m.put("input", call.input());
            out.put("toolRequest", m);
            // Dotprompt/Genkit keep a provider's opaque extras in the part's metadata.
            if (call.signature() != null) out.put("metadata", Map.of("thoughtSignature", call.signature()));
        } else if (p instanceof Part.ToolResponse result) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ref", result.ref());
            m.put("name", result.name());
            m.put("output", result.output());
            out.put("toolResponse", m);
        }
        return out;
    }

    /** Reads messages back from the JSON shape (for history given as data). */
    @SuppressWarnings("unchecked")
    public static List<Message> fromMaps(List<?> list) {
        List<Message> out = new ArrayList<>();
        if (list == null) return out;
        for (Object o : list) {
            Map<String, Object> m = (Map<String, Object>) o;
            List<Part> parts = new ArrayList<>();
            Object content = m.get("content");
            if (content instanceof String s) {
                parts.add(new Part.Text(s));
            } else if (content instanceof List<?> items) {
                for (Object item : items) {
                    Map<String, Object> pm = (Map<String, Object>) item;
                    if (pm.get("text") != null) {
                        parts.add(new Part.Text(pm.get("text").toString()));
                    } else if (pm.get("media") instanceof Map<?, ?> media) {
                        Object type = media.get("contentType");
                        parts.add(new Part.Media(String.valueOf(media.get("url")), type == null ? null : type.toString()));
                    } else if (pm.get("toolRequest") instanceof Map<?, ?> call) {
                        Object input = call.get("input");
                        Object signature = pm.get("metadata") instanceof Map<?, ?> meta ? meta.get("thoughtSignature") : null;
                        parts.add(new Part.ToolRequest(string(call.get("ref")), String.valueOf(call.get("name")),
                                input instanceof Map ? (Map<String, Object>) input : Map.of(), string(signature)));
                    } else if (pm.get("toolResponse") instanceof Map<?, ?> result) {
                        parts.add(new Part.ToolResponse(string(result.get("ref")), String.valueOf(result.get("name")),
                                result.get("output")));
                    } else if (pm.get("metadata") instanceof Map<?, ?> meta) {
                        parts.add(new Part.Pending((Map<String, Object>) meta));
                    }
                }
            }
            Object meta = m.get("metadata");
            out.add(new Message(String.valueOf(m.get("role")), parts,
                    meta instanceof Map ? (Map<String, Object>) meta : Map.of()));
        }
        return out;
    }

    private static String string(Object o) {
        return o == null ? null : o.toString();
    }
}
