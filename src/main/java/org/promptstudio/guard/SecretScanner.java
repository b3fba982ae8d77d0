package org.promptstudio.guard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds API keys and tokens in text before it is committed: the key formats of OpenAI, Anthropic, Google, AWS and
 * GitHub, private key blocks, and generic {@code api_key: ...} assignments whose value looks random. A finding
 * names file, line and kind and carries a masked preview only; the secret itself never leaves this class.
 */
public final class SecretScanner {

    /** What a secret is, named the way a user would look it up. */
    public enum Kind {
        ANTHROPIC_KEY("Anthropic API key"),
        OPENAI_KEY("OpenAI API key"),
        GOOGLE_API_KEY("Google API key"),
        AWS_ACCESS_KEY_ID("AWS access key id"),
        AWS_SECRET_ACCESS_KEY("AWS secret access key"),
        GITHUB_TOKEN("GitHub token"),
        PRIVATE_KEY("private key"),
        GENERIC_SECRET("API key or token");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One secret found.
     *
     * @param masked a preview that cannot be used as the secret: its well-known prefix and last four characters
     */
    public record Finding(String file, int line, int column, Kind kind, String masked) {

        /** {@code prompts/answer.prompt:3: OpenAI API key (sk-...wxyz)} */
        public String describe() {
            return file + ":" + line + ": " + kind.label() + " (" + masked + ")";
        }
    }

    /** A key format: the secret is group {@code group} of the pattern; {@code prefix} may be shown in previews. */
    private record Rule(Kind kind, Pattern pattern, int group, int prefixLength, boolean mustLookRandom) {
    }

    /** Values shorter than this are not taken for generic secrets (too many ordinary words and ids). */
    static final int GENERIC_MIN_LENGTH = 20;
    /** Bits per character; random base64 or hex keys have 3.7 and more, English-like placeholders less. */
    static final double GENERIC_MIN_ENTROPY = 3.5;

    private static final String KEY_CHARS = "[A-Za-z0-9_-]";

    // Order matters: a more specific rule claims its text first (Anthropic keys also start with "sk-").
    private static final List<Rule> RULES = List.of(
            new Rule(Kind.ANTHROPIC_KEY, Pattern.compile("(?<![A-Za-z0-9_-])(sk-ant-" + KEY_CHARS + "{20,})"), 1, 7, true),
            new Rule(Kind.OPENAI_KEY, Pattern.compile("(?<![A-Za-z0-9_-])(sk-" + KEY_CHARS + "{20,})"), 1, 3, true),
            new Rule(Kind.GOOGLE_API_KEY, Pattern.compile("(?<![A-Za-z0-9_-])(AIza" + KEY_CHARS + "{35})(?![A-Za-z0-9_-])"), 1, 4, false),
            new Rule(Kind.AWS_ACCESS_KEY_ID, Pattern.compile("(?<![A-Z0-9])((?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Z0-9])"), 1, 4, false),
            new Rule(Kind.AWS_SECRET_ACCESS_KEY, Pattern.compile(
                    "(?i)aws_?secret(?:_?access)?_?key[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])"), 1, 0, false),
            new Rule(Kind.GITHUB_TOKEN, Pattern.compile("(?<![A-Za-z0-9_])((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,})"), 1, 4, false),
            new Rule(Kind.GITHUB_TOKEN, Pattern.compile("(?<![A-Za-z0-9_])(github_pat_[A-Za-z0-9_]{22,})"), 1, 11, false),
            new Rule(Kind.PRIVATE_KEY, Pattern.compile("(-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----)"), 1, -1, false),
            new Rule(Kind.GENERIC_SECRET, Pattern.compile(
                    "(?i)(?<![A-Za-z0-9])(?:api[_-]?key|apikey|secret[_-]?key|client[_-]?secret|access[_-]?token|auth[_-]?token"
                            + "|token|secret|password|passwd)[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9_./+=-]{"
                            + GENERIC_MIN_LENGTH + ",})"), 1, 0, true),
            new Rule(Kind.GENERIC_SECRET, Pattern.compile("(?i)(?<![A-Za-z0-9])bearer\\s+([A-Za-z0-9_.=-]{"
                    + GENERIC_MIN_LENGTH + ",})"), 1, 0, true));

    private record Hit(int start, int end, Kind kind, String masked) {
    }

    /** Every secret in {@code text}, in the order they appear; {@code file} is only used to name the place. */
    public List<Finding> scan(String file, String text) {
        List<Hit> hits = new ArrayList<>();
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(text);
            while (m.find()) {
                int start = m.start(rule.group());
                int end = m.end(rule.group());
                String value = m.group(rule.group());
                if (rule.mustLookRandom() && !looksRandom(value.substring(Math.max(rule.prefixLength(), 0)))) continue;
                if (overlapsAny(hits, start, end)) continue;
                hits.add(new Hit(start, end, rule.kind(), mask(value, rule.prefixLength())));
            }
        }
        hits.sort(Comparator.comparingInt(Hit::start));
        List<Finding> findings = new ArrayList<>();
        for (Hit h : hits) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < h.start(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            findings.add(new Finding(file, line, h.start() - lineStart + 1, h.kind(), h.masked()));
        }
        return findings;
    }

    private static boolean overlapsAny(List<Hit> hits, int start, int end) {
        for (Hit h : hits) {
            if (start < h.end() && h.start() < end) return true;
        }
        return false;
    }

    /** Letters and digits mixed, with the spread of characters that random keys have and words do not. */
    static boolean looksRandom(String value) {
        boolean letter = false;
        boolean digit = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isLetter(c)) letter = true;
            if (Character.isDigit(c)) digit = true;
        }
        return letter && digit && entropy(value) >= GENERIC_MIN_ENTROPY;
    }

    /** Shannon entropy in bits per character. */
    static double entropy(String value) {
        if (value.isEmpty()) return 0;
        java.util.Map<Character, Integer> counts = new java.util.HashMap<>();
        for (int i = 0; i < value.length(); i++) counts.merge(value.charAt(i), 1, Integer::sum);
        double bits = 0;
        for (int n : counts.values()) {
            double p = (double) n / value.length();
            bits -= p * (Math.log(p) / Math.log(2));
        }
        return bits;
    }

    /** The known prefix, "...", and the last four characters; a private key shows its header only. */
    private static String mask(String value, int prefixLength) {
        if (prefixLength < 0) return value;
        String tail = value.length() >= 16 ? value.substring(value.length() - 4) : "";
        return value.substring(0, prefixLength) + "..." + tail;
    }
}
