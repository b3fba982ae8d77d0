package org.promptstudio.guard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces personal data in text by typed placeholders ({@code [EMAIL_1]}) before anything is embedded or indexed.
 * SCAFFOLD (issue 14 contract): e-mail only; helper G replaces the body (phone numbers, Luhn-checked card numbers,
 * checksum-checked IBANs, IP addresses, the user's patterns), keeping these signatures.
 */
public final class PiiRedactor {

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

    /**
     * @param custom the user's patterns: a placeholder type ({@code EMPLOYEE_ID}) with a Java regular expression
     * @throws GuardException naming the pattern when its expression does not compile
     */
    public PiiRedactor(List<CustomPattern> custom) {
    }

    /** A pattern of the user's: {@code type} names the placeholder, {@code regex} is a Java regular expression. */
    public record CustomPattern(String type, String regex) {
    }

    /**
     * Numbering shared by the texts of one document, so a value repeated across its chunks gets the same
     * placeholder. Not thread-safe; one per document.
     */
    public static final class Numbering {
        final Map<String, Map<String, String>> byType = new LinkedHashMap<>();

        String placeholder(String type, String value) {
            Map<String, String> seen = byType.computeIfAbsent(type, t -> new LinkedHashMap<>());
            return seen.computeIfAbsent(value, v -> "[" + type + "_" + (seen.size() + 1) + "]");
        }
    }

    /**
     * One redaction, without the value.
     *
     * @param type        {@code EMAIL}, {@code PHONE}, {@code CARD}, {@code IBAN}, {@code IP}, or a custom type
     * @param placeholder what replaced it, such as {@code [EMAIL_1]}
     * @param start       where the placeholder starts in the redacted text (characters)
     * @param end         where it ends (exclusive)
     */
    public record Finding(String type, String placeholder, int start, int end) {
    }

    /** A redacted text and what was replaced in it. */
    public record Redacted(String text, List<Finding> findings) {
    }

    /** {@code text} with every match replaced by its placeholder, numbered by {@code numbering}. */
    public Redacted redact(String text, Numbering numbering) {
        StringBuilder out = new StringBuilder();
        List<Finding> findings = new ArrayList<>();
        Matcher m = EMAIL.matcher(text);
        int last = 0;
        while (m.find()) {
            out.append(text, last, m.start());
            String p = numbering.placeholder("EMAIL", m.group());
            findings.add(new Finding("EMAIL", p, out.length(), out.length() + p.length()));
            out.append(p);
            last = m.end();
        }
        out.append(text.substring(last));
        return new Redacted(out.toString(), findings);
    }
}
