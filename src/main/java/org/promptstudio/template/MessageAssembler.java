package org.promptstudio.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.promptstudio.model.Message;
import org.promptstudio.model.Part;

/** Turns rendered text with role, history, media and section markers into messages, as the specification does. */
final class MessageAssembler {

    private static final Pattern ROLE_OR_HISTORY =
            Pattern.compile("(<<<dotprompt:(?:role:[A-Za-z_-]+(?: \\{.*?})?|history))>>>", Pattern.DOTALL);
    private static final Pattern MEDIA_OR_SECTION =
            Pattern.compile("(<<<dotprompt:(?:media:url|section).*?)>>>(?!>)", Pattern.DOTALL);

    private MessageAssembler() {
    }

    private static final class Source {
        String role;
        final StringBuilder text = new StringBuilder();
        Map<String, Object> metadata;
        Message done;

        Source(String role, Map<String, Object> metadata) {
            this.role = role;
            this.metadata = metadata;
        }
    }

    static List<Message> toMessages(String rendered, List<Message> history) {
        Source current = new Source(Message.USER, null);
        List<Source> sources = new ArrayList<>();
        sources.add(current);
        for (String piece : split(rendered, ROLE_OR_HISTORY)) {
            if (piece.startsWith(DotpromptHelpers.ROLE_PREFIX)) {
                String spec = piece.substring(DotpromptHelpers.ROLE_PREFIX.length());
                int space = spec.indexOf(' ');
                String role = space < 0 ? spec : spec.substring(0, space);
                Map<String, Object> meta = space < 0 ? null : DotpromptHelpers.parseMeta(spec.substring(space + 1));
                if (!current.text.toString().isBlank()) {
                    current = new Source(role, meta);
                    sources.add(current);
                } else {
                    current.role = role;
                    current.metadata = meta;
                }
            } else if (piece.startsWith("<<<dotprompt:history")) {
                for (Message m : history) {
                    Map<String, Object> meta = new LinkedHashMap<>(m.metadata());
                    meta.put("purpose", "history");
                    Source s = new Source(m.role(), null);
                    s.done = new Message(m.role(), m.content(), meta);
                    sources.add(s);
                }
                current = new Source(Message.MODEL, null);
                sources.add(current);
            } else {
                current.text.append(piece);
            }
        }
        List<Message> messages = new ArrayList<>();
        boolean hasHistory = false;
        for (Source s : sources) {
            if (s.done != null) {
                messages.add(s.done);
                hasHistory = true;
                continue;
            }
            if (s.text.length() == 0) continue;
            messages.add(new Message(s.role, toParts(s.text.toString()), s.metadata));
        }
        if (hasHistory || history.isEmpty()) return messages;
        // No {{history}} marker: history goes before the last user message, or at the end.
        if (!messages.isEmpty() && messages.get(messages.size() - 1).role().equals(Message.USER)) {
            Message last = messages.remove(messages.size() - 1);
            messages.addAll(history);
            messages.add(last);
        } else {
            messages.addAll(history);
        }
        return messages;
    }

    private static List<Part> toParts(String source) {
        List<Part> parts = new ArrayList<>();
        for (String piece : split(source, MEDIA_OR_SECTION)) {
            if (piece.startsWith(DotpromptHelpers.MEDIA_PREFIX)) {
                String[] fields = piece.substring(DotpromptHelpers.MEDIA_PREFIX.length()).split(" ", 2);
                parts.add(new Part.Media(fields[0], fields.length > 1 ? fields[1].trim() : null));
            } else if (piece.startsWith(DotpromptHelpers.SECTION_PREFIX)) {
                String name = piece.substring(DotpromptHelpers.SECTION_PREFIX.length()).trim();
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("purpose", name);
                meta.put("pending", true);
                parts.add(new Part.Pending(meta));
            } else {
                parts.add(new Part.Text(piece));
            }
        }
        return parts;
    }

    /** Splits around the markers, keeping them, and drops pieces that are only whitespace. */
    private static List<String> split(String text, Pattern marker) {
        List<String> out = new ArrayList<>();
        Matcher m = marker.matcher(text);
        int last = 0;
        while (m.find()) {
            add(out, text.substring(last, m.start()));
            add(out, m.group(1));
            last = m.end();
        }
        add(out, text.substring(last));
        return out;
    }

    private static void add(List<String> out, String piece) {
        if (!piece.isBlank()) out.add(piece);
    }
}
