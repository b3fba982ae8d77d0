package org.promptstudio.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.promptstudio.model.Message;

/**
 * The sentences of a rendered prompt, each with where it stands and what it is for the extractive model:
 * <ul>
 *   <li>{@code MATERIAL}: text to answer from. Quoted or fenced blocks, {@code <tag>} blocks, passages starting
 *       with a source id ({@code [returns-policy] ...}), sections under a label such as {@code Context:} or
 *       {@code Conversation:}, earlier model turns, and earlier user turns when there are no model turns.</li>
 *   <li>{@code INSTRUCTION}: the rest of a system message.</li>
 *   <li>{@code QUESTION}: the rest of the last user message.</li>
 *   <li>{@code EXAMPLE_QUESTION}: the rest of an earlier user turn that a model turn answers (few-shot).</li>
 * </ul>
 * Sentences end at {@code . ? !} before a capital, digit, quote or bracket, and at line ends; list markers and
 * headings are not sentences' text.
 */
final class PromptSentences {

    enum Kind { MATERIAL, INSTRUCTION, QUESTION, EXAMPLE_QUESTION }

    /**
     * One sentence; {@code line} counts lines across the whole prompt, {@code source} is its passage id or null,
     * {@code heading} the heading or label it stands under, or null.
     */
    record Sentence(int position, int message, int line, Kind kind, String text, String source, String heading,
                    int words) {

        /** The sentence with its passage id and heading, without Markdown marks: what is embedded. */
        String inContext() {
            String prefix = source == null ? "" : source.replaceAll("[-_/.:#]+", " ").strip();
            if (heading != null) prefix = prefix.isEmpty() ? heading : prefix + ", " + heading;
            String plain = MARKUP.matcher(text).replaceAll("");
            return prefix.isEmpty() ? plain : prefix + ": " + plain;
        }
    }

    private static final Pattern FENCE = Pattern.compile("^(```|~~~|\"\"\"|''').*");
    private static final Pattern OPEN_TAG = Pattern.compile("^<([A-Za-z][\\w:.-]*)(\\s[^<>]*)?>$");
    private static final Pattern RULE = Pattern.compile("^([-*_=])\\1{2,}$");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");
    private static final Pattern SOURCE = Pattern.compile("^\\[([\\p{L}\\p{N}][\\p{L}\\p{N}_.:/#-]{0,80})\\](?!\\()\\s*(.*)$");
    private static final Pattern BULLET = Pattern.compile("^(?:[-*•+]|\\d{1,3}[.)])\\s+");
    private static final Pattern MARKUP = Pattern.compile("\\*\\*|__|`|(?<=\\s|^)[*_](?=\\S)|(?<=\\S)[*_](?=\\s|$|[.,;:!?])");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Pattern MATERIAL_LABEL = Pattern.compile("\\b(context|passages?|documents?|docs|sources?"
            + "|articles?|excerpts?|references?|knowledge|texts?|conversations?|transcripts?|threads?|tickets?|e-?mails?"
            + "|messages?|notes|information|background|facts|snippets?|results?|data|input|content|chats?"
            + "|dialog(?:ue)?s?|history|examples?|reviews?|reports?)\\b");
    private static final Pattern END_LABEL = Pattern.compile("\\b(questions?|query|task|instructions?|rules?|request"
            + "|answer|output|format|response|guidelines|steps)\\b");
    private static final Set<String> ABBREVIATIONS = Set.of("e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr",
            "st", "no", "nr", "approx", "incl", "excl", "fig", "cf", "al", "inc", "ltd", "co", "jr", "sr", "p", "pp");

    private PromptSentences() {
    }

    static List<Sentence> of(List<Message> messages) {
        int lastUser = -1;
        for (int i = 0; i < messages.size(); i++) {
            if (Message.USER.equals(messages.get(i).role())) lastUser = i;
        }
        boolean fewShot = false;
        for (int i = 0; i < Math.max(lastUser, 0); i++) {
            if (Message.MODEL.equals(messages.get(i).role())) fewShot = true;
        }
        List<Sentence> out = new ArrayList<>();
        int line = 0;
        for (int m = 0; m < messages.size(); m++) {
            Message message = messages.get(m);
            Kind plain = plainKind(message.role(), m, lastUser, fewShot);
            String closing = null;      // the fence or closing tag of the block we are in
            boolean labelled = false;   // under a label such as "Context:"
            boolean passage = false;    // after a "[source-id]" line
            String source = null;
            String heading = null;
            for (String raw : message.text().split("\\R")) {
                line++;
                String text = raw.strip();
                if (text.isEmpty() || RULE.matcher(text).matches()) continue;
                if (closing != null && text.startsWith(closing)) {
                    closing = null;
                    source = null;
                    heading = null;
                    passage = false;
                    continue;
                }
                if (closing == null) {
                    Matcher fence = FENCE.matcher(text);
                    if (fence.matches() && text.length() <= 40) {
                        closing = fence.group(1);
                        continue;
                    }
                    Matcher tag = OPEN_TAG.matcher(text);
                    if (tag.matches() && !text.endsWith("/>")) {
                        closing = "</" + tag.group(1) + ">";
                        continue;
                    }
                }
                Matcher id = SOURCE.matcher(text);
                if (id.matches()) {
                    source = id.group(1);
                    heading = null;
                    passage = true;
                    text = id.group(2);
                    if (text.isEmpty()) continue;
                }
                Matcher headingLine = HEADING.matcher(text);
                String label = headingLine.matches() ? headingLine.group(1) : isLabel(text) ? text : null;
                if (label != null) {
                    heading = MARKUP.matcher(label.endsWith(":") ? label.substring(0, label.length() - 1) : label)
                            .replaceAll("").strip();
                    // A document's own headings inside a passage or block do not end it; a label such as "Question:" does.
                    if (closing == null && !(passage && headingLine.matches())) {
                        String lower = label.toLowerCase(Locale.ROOT);
                        if (MATERIAL_LABEL.matcher(lower).find()) {
                            labelled = true;
                        } else if (END_LABEL.matcher(lower).find()) {
                            labelled = false;
                            passage = false;
                            source = null;
                        }
                    }
                    continue;   // labels and headings are structure, not sentences
                }
                Kind kind = closing != null || labelled || passage ? Kind.MATERIAL : plain;
                text = BULLET.matcher(text).replaceFirst("");
                for (String sentence : split(text)) {
                    out.add(new Sentence(out.size(), m, line, kind, sentence, source, heading, words(sentence)));
                }
            }
        }
        return out;
    }

    private static Kind plainKind(String role, int index, int lastUser, boolean fewShot) {
        if (Message.SYSTEM.equals(role)) return Kind.INSTRUCTION;
        if (Message.USER.equals(role)) {
            if (index == lastUser) return Kind.QUESTION;
            return fewShot ? Kind.EXAMPLE_QUESTION : Kind.MATERIAL;
        }
        return Kind.MATERIAL;
    }

    /** "Context:", "Knowledge-base passages:": short, ends with the only colon. */
    private static boolean isLabel(String text) {
        return text.endsWith(":") && text.indexOf(':') == text.length() - 1 && words(text) <= 6;
    }

    static int words(String text) {
        Matcher m = WORD.matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    /** Splits one line into sentences at terminal punctuation followed by space and a likely sentence start. */
    static List<String> split(String text) {
        List<String> sentences = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c != '.' && c != '?' && c != '!' && c != '…') continue;
            int end = i + 1;
            while (end < n && "\"'”’)]".indexOf(text.charAt(end)) >= 0) end++;
            if (end >= n || !Character.isWhitespace(text.charAt(end))) continue;
            int next = end;
            while (next < n && Character.isWhitespace(text.charAt(next))) next++;
            if (next >= n) break;
            char first = text.charAt(next);
            boolean starts = Character.isUpperCase(first) || Character.isDigit(first) || "\"'“‘([".indexOf(first) >= 0;
            if (!starts || (c == '.' && abbreviationBefore(text, i))) continue;
            add(sentences, text.substring(start, end));
            start = next;
            i = next - 1;
        }
        add(sentences, text.substring(start));
        return sentences;
    }

    private static boolean abbreviationBefore(String text, int dot) {
        int from = dot;
        while (from > 0 && !Character.isWhitespace(text.charAt(from - 1))) from--;
        String word = text.substring(from, dot).toLowerCase(Locale.ROOT).replaceAll("^[(\"'“]+", "");
        return word.length() == 1 && Character.isLetter(word.charAt(0))
                || ABBREVIATIONS.contains(word)
                || word.matches("(\\p{L}\\.)+\\p{L}");   // "B.V", "U.S"
    }

    private static void add(List<String> sentences, String sentence) {
        String s = sentence.strip();
        if (!s.isEmpty()) sentences.add(s);
    }
}
