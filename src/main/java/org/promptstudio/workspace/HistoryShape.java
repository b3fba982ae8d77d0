package org.promptstudio.workspace;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The shape of a case's conversation so far, the dataset field {@link #FIELD}: a list of {@code {role, content}}
 * objects, each role one of Dotprompt's {@code system}, {@code user}, {@code model}, {@code tool} (OpenAI's
 * {@code assistant} is read as {@code model}), each content text or a list of parts, each part one of Dotprompt's
 * {@code {text}}, {@code {media}}, {@code {toolRequest}}, {@code {toolResponse}} (or a pending part, only
 * {@code metadata}); dotprompt spec/history.yaml and js/src/types.ts ({@code Part}). Checked the same way by
 * {@code studio datasets check} and before a case is sent.
 */
public final class HistoryShape {

    /** The input field that holds the conversation: Dotprompt's {@code data.messages}. */
    public static final String FIELD = "messages";

    private static final Set<String> ROLES = Set.of("system", "user", "model", "tool");

    private HistoryShape() {
    }

    /**
     * What is wrong with {@code value} as a conversation.
     *
     * @param value the field's value as read from JSON; null (no conversation) passes
     * @return empty when it is a list of well-formed messages, else one line naming the message, and the part, e.g.
     *         {@code messages[0].content[0]: a part needs text (or media/toolRequest/toolResponse), found keys bogus}
     */
    public static Optional<String> problem(Object value) {
        if (value == null) return Optional.empty();
        if (!(value instanceof List<?> list)) {
            return Optional.of(FIELD + " must be a list of {role, content} messages (the conversation {{history}}"
                    + " places), not " + kind(value));
        }
        for (int i = 0; i < list.size(); i++) {
            String at = FIELD + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                return Optional.of(at + " must be an object with a role and a content, not " + kind(list.get(i)));
            }
            Object role = m.get("role");
            if (!(role instanceof String r) || !(ROLES.contains(r) || r.equals("assistant"))) {
                return Optional.of(at + ".role must be one of system, user, model (or assistant), tool, not "
                        + (role == null ? "missing" : role instanceof String ? "'" + role + "'" : kind(role)));
            }
            Object content = m.get("content");
            if (content instanceof String) continue;
            if (!(content instanceof List<?> parts)) {
                return Optional.of(at + ".content must be text or a list of parts ({text: ...}), not "
                        + (content == null ? "missing" : kind(content)));
            }
            for (int j = 0; j < parts.size(); j++) {
                String partAt = at + ".content[" + j + "]";
                if (!(parts.get(j) instanceof Map<?, ?> part)) {
                    return Optional.of(partAt + ": a part is an object ({text: ...}), not " + kind(parts.get(j)));
                }
                Optional<String> bad = partProblem(part);
                if (bad.isPresent()) return Optional.of(partAt + ": " + bad.get());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> partProblem(Map<?, ?> part) {
        if (part.get("text") != null) {
            return part.get("text") instanceof String ? Optional.empty()
                    : Optional.of("text must be text, not " + kind(part.get("text")));
        }
        for (String key : List.of("media", "toolRequest", "toolResponse")) {
            if (part.containsKey(key)) {
                return part.get(key) instanceof Map ? Optional.empty()
                        : Optional.of(key + " must be an object, not " + kind(part.get(key)));
            }
        }
        if (part.get("metadata") instanceof Map && part.size() == 1) return Optional.empty(); // a pending part
        String keys = part.keySet().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
        return Optional.of("a part needs text (or media/toolRequest/toolResponse), found "
                + (keys.isEmpty() ? "no key" : "keys " + keys));
    }

    /** What kind of JSON value {@code v} is, for a message: "text", "a number", "a list", "an object", ... */
    private static String kind(Object v) {
        if (v instanceof String) return "text";
        if (v instanceof Number) return "a number";
        if (v instanceof Boolean) return "true or false";
        if (v instanceof List<?>) return "a list";
        if (v instanceof Map<?, ?>) return "an object";
        return "a value of another kind";
    }
}
