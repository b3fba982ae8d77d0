package org.promptstudio.guard;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Replaces personal data in text by typed, numbered placeholders ({@code [EMAIL_1]}) before anything is embedded or
 * indexed: e-mail addresses, phone numbers, payment card numbers, IBANs, IPv4 and IPv6 addresses, and the user's own
 * patterns. A value is only taken when its check holds: card numbers by the Luhn check digit (ISO/IEC 7812-1, annex
 * B), IBANs by the ISO 7064 MOD 97-10 check digits and the country's length (ISO 13616-1), IPv4 octets by 0-255.
 * Where two matches overlap the longer one wins, then the earlier one (a card number inside an IBAN counts once, as the
 * IBAN). The words before a value count too: a dotted quad after "version", "v", "release" or "build" is a version,
 * not an address, a digit run after "order", "invoice", "ticket" or "tracking" is a reference, not a phone, and
 * one after "tel", "phone" or "mobile" is a phone even without separators.
 * Values are never kept outside the {@link Numbering} of one document and never reported.
 */
public final class PiiRedactor {

    /** Placeholder types of the built-in detectors. */
    public static final String EMAIL = "EMAIL";
    public static final String PHONE = "PHONE";
    public static final String CARD = "CARD";
    public static final String IBAN = "IBAN";
    public static final String IP = "IP";

    private static final Pattern TYPE_NAME = Pattern.compile("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*");

    private static final Pattern EMAIL_PATTERN = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9_%+-]+(?:\\.[A-Za-z0-9_%+-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\\.[A-Za-z]{2,}(?![A-Za-z0-9-])");

    /*
     * A run of digits in groups, optionally after '+', split by single spaces, dashes, dots or parentheses. Not after
     * a letter, '#', a currency sign or a separator of dates, times and decimals; validated in phone().
     */
    private static final Pattern PHONE_CANDIDATE = Pattern.compile(
            "(?<![\\w#@$€£¥%/.:,+\\-])(\\+\\s?)?\\(?\\d{1,5}\\)?(?:(?:[ .\\-]|\\)\\s?|\\s?\\()?\\(?\\d{1,5}\\)?){0,7}"
                    + "(?![\\w@%€]|[.,:/\\-]\\d)");
    private static final Pattern US_PHONE = Pattern.compile("\\(?\\d{3}\\)?[ .\\-]?\\d{3}[ .\\-]\\d{4}");

    /** 13-19 digits, plain or in groups of four (Amex: 4-6-5, Diners: 4-6-4). */
    private static final Pattern CARD_CANDIDATE = Pattern.compile(
            "(?<![\\w\\-.,])(\\d{13,19}|\\d{4}([ \\-])\\d{4}\\2\\d{4}\\2\\d{1,4}(?:\\2\\d{3})?|\\d{4}([ \\-])\\d{6}\\3\\d{4,5})"
                    + "(?![\\w]|[.,\\-]\\d)");

    /**
     * Country code, check digits and a BBAN, written together or in groups of four (the print form), in either case
     * (the trial: "nl91abna0417164300" was left in the index).
     */
    private static final Pattern IBAN_CANDIDATE = Pattern.compile(
            "(?<![A-Za-z0-9])[A-Za-z]{2}\\d{2}(?:[A-Za-z0-9]{11,30}|(?: [A-Za-z0-9]{4}){2,7}(?: [A-Za-z0-9]{1,4})?)"
                    + "(?![A-Za-z0-9])");

    private static final Pattern IPV4_CANDIDATE = Pattern.compile(
            "(?<![\\w.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?!\\w|\\.\\d)");
    private static final Pattern IPV6_CANDIDATE = Pattern.compile("(?<![\\w:.])[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?![\\w:])");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    /** Words after which a dotted quad is a version, not an address ("Version 1.2.3.4", "release 10.0.0.1 build"). */
    private static final java.util.Set<String> VERSION_WORDS = java.util.Set.of("version", "versions", "ver", "v",
            "release", "releases", "build", "builds", "rev", "revision", "firmware", "fw");
    /**
     * Words directly before a digit run (past spaces, {@code #}, {@code .} or {@code -} only) that make it a reference
     * of the business, not a phone number: "order 123 456 7890", "invoice no. 2024-118-220". Words that also label
     * contact numbers ("case", "model") are not here, and a label with a colon or bracket ("Questions about your
     * order: +44 ...") does not count: a missed phone number leaks, a redacted reference only hides a number.
     */
    private static final java.util.Set<String> REFERENCE_WORDS = java.util.Set.of("order", "orders", "invoice",
            "ticket", "ref", "reference", "tracking", "serial", "sku", "isbn");
    /**
     * Words that label a contact number ("Tel: 0612345678", "mobile 5551234567"): after one, a run of 9 to 11 digits
     * is a phone number even written without separators, which alone would be too like an id to redact.
     */
    private static final java.util.Set<String> PHONE_WORDS = java.util.Set.of("tel", "telephone", "phone", "phones",
            "mobile", "mob", "cell", "cellphone", "fax", "call", "ring", "sms", "whatsapp", "gsm", "landline");
    /** Words that may stand between such a word and its value ("version is 1.2.3.4", "order no. 123-456-7890"). */
    private static final java.util.Set<String> FILLER_WORDS = java.util.Set.of("is", "was", "no", "nr", "number",
            "num", "id", "code");
    private static final Pattern WORD_BEFORE = Pattern.compile("([A-Za-z]+)[\\s:=#.(\\-]*$");
    /** As {@link #WORD_BEFORE}, with no colon, equals sign or bracket between the word and the number. */
    private static final Pattern WORD_RIGHT_BEFORE = Pattern.compile("([A-Za-z]+)[\\s#.\\-]*$");

    /**
     * IBAN lengths by country (SWIFT IBAN registry, the register ISO 13616 names). A country not listed is accepted
     * at any length from 15 to 34 when the check digits hold.
     */
    private static final Map<String, Integer> IBAN_LENGTHS = ibanLengths(
            "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 EE20 EG29 ES24 "
                    + "FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 "
                    + "LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 PS29 PT25 "
                    + "QA29 RO24 RS22 SA24 SC31 SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20");

    private record Custom(String type, Pattern pattern) {
    }

    private final List<Custom> custom;
    private final boolean builtIns;
    private final List<String> allowedValues;
    private final List<Pattern> allowedPatterns;

    /**
     * A redactor of the built-in types (e-mail, phone, card, IBAN, IP) and the user's patterns.
     *
     * @param custom the user's patterns: a placeholder type ({@code EMPLOYEE_ID}) with a Java regular expression;
     *               null or empty for none
     * @throws GuardException naming the pattern when its type is not UPPER_SNAKE or its expression does not compile
     */
    public PiiRedactor(List<CustomPattern> custom) {
        this(true, custom);
    }

    /**
     * A redactor of the user's patterns, and of the built-in types only when {@code builtIns} (studio.yaml
     * {@code index.redact.pii}).
     *
     * @throws GuardException naming the pattern when its type is not UPPER_SNAKE or its expression does not compile
     */
    public PiiRedactor(boolean builtIns, List<CustomPattern> custom) {
        this(builtIns, custom, List.of());
    }

    /**
     * A redactor as {@link #PiiRedactor(boolean, List)} that leaves the values of {@code allow} as they are (studio.yaml
     * {@code index.redact.allow}): they are neither replaced nor counted.
     *
     * @param allow values to keep; null or empty for none
     * @throws GuardException naming the pattern or the allowed entry when its expression does not compile
     */
    public PiiRedactor(boolean builtIns, List<CustomPattern> custom, List<Allowed> allow) {
        List<Custom> compiled = new ArrayList<>();
        if (custom != null) {
            for (CustomPattern p : custom) compiled.add(compile(p));
        }
        this.custom = List.copyOf(compiled);
        this.builtIns = builtIns;
        List<String> values = new ArrayList<>();
        List<Pattern> patterns = new ArrayList<>();
        if (allow != null) {
            for (int i = 0; i < allow.size(); i++) {
                Allowed a = allow.get(i);
                if (a.regex() != null) patterns.add(compileAllowed(i, a.regex()));
                else if (a.value() != null && !a.value().isBlank()) values.add(a.value().strip());
            }
        }
        this.allowedValues = List.copyOf(values);
        this.allowedPatterns = List.copyOf(patterns);
    }

    /**
     * A value the redaction keeps: {@code value} exact, compared as the detector reads it (an e-mail address or IPv6
     * address ignoring case, a phone, card or IBAN number ignoring spaces and dashes, a custom type's match exactly);
     * or {@code regex}, a Java regular expression the whole matched value must match. One of the two is null.
     */
    public record Allowed(String value, String regex) {
    }

    private static Pattern compileAllowed(int index, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            String at = e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : "";
            throw new GuardException("allowed value " + (index + 1) + ": the regular expression \"" + regex
                    + "\" does not compile: " + e.getDescription() + at);
        }
    }

    /** Whether the value {@code raw} that {@code m} found is on the allow-list. */
    private boolean allowed(Match m, String raw) {
        for (String v : allowedValues) {
            if (v.equals(raw) || m.key().equals(key(m.type(), v))) return true;
        }
        for (Pattern p : allowedPatterns) {
            if (p.matcher(raw).matches()) return true;
        }
        return false;
    }

    /** {@code value} as the detector of {@code type} numbers it (see the detectors' keys). */
    private static String key(String type, String value) {
        return switch (type) {
            case EMAIL, IP -> value.toLowerCase(Locale.ROOT);
            case PHONE -> (value.startsWith("+") ? "+" : "") + value.replaceAll("\\D", "");
            case CARD -> value.replaceAll("[ \\-]", "");
            case IBAN -> value.replaceAll("[ \\-]", "").toUpperCase(Locale.ROOT);
            default -> value;
        };
    }

    private static Custom compile(CustomPattern p) {
        String type = p.type() == null ? "" : p.type();
        if (!TYPE_NAME.matcher(type).matches()) {
            throw new GuardException("redaction pattern type '" + type + "' is not usable: write it in capitals, digits "
                    + "and underscores, like EMPLOYEE_ID");
        }
        if (p.regex() == null || p.regex().isEmpty()) {
            throw new GuardException("redaction pattern " + type + ": the regular expression is empty");
        }
        try {
            return new Custom(type, Pattern.compile(p.regex()));
        } catch (PatternSyntaxException e) {
            String at = e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : "";
            throw new GuardException("redaction pattern " + type + ": the regular expression \"" + p.regex()
                    + "\" does not compile: " + e.getDescription() + at);
        }
    }

    /**
     * What this redactor replaces, as text that changes when its settings change ({@code builtIns=true;EMPLOYEE_ID=EMP-\\d+}):
     * the index keeps it to know when documents must be read again.
     */
    public String settings() {
        StringBuilder out = new StringBuilder("builtIns=" + builtIns);
        for (Custom c : custom) out.append(';').append(c.type()).append('=').append(c.pattern().pattern());
        for (String v : allowedValues) out.append(";allow=").append(v);
        for (Pattern p : allowedPatterns) out.append(";allow~").append(p.pattern());
        return out.toString();
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

        /** How many different values of each type were numbered so far, by type name; never the values. */
        public Map<String, Integer> distinctValues() {
            Map<String, Integer> out = new TreeMap<>();
            byType.forEach((type, values) -> out.put(type, values.size()));
            return Collections.unmodifiableMap(out);
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

        /** How many values of each type were replaced in this text. */
        public Report report() {
            return Report.of(findings);
        }
    }

    /**
     * What was redacted, counted by type and never with the values: the "what was redacted where" of a document is
     * one report per path.
     *
     * @param counts replacements by placeholder type, in type-name order; only types with at least one
     */
    public record Report(Map<String, Integer> counts) {

        public static final Report EMPTY = new Report(Map.of());

        public Report {
            counts = Collections.unmodifiableMap(new TreeMap<>(counts));
        }

        /** The counts of {@code findings} by type. */
        public static Report of(List<Finding> findings) {
            Map<String, Integer> counts = new TreeMap<>();
            for (Finding f : findings) counts.merge(f.type(), 1, Integer::sum);
            return new Report(counts);
        }

        /** This report and {@code other} added up, for the chunks of a document or the documents of an index. */
        public Report plus(Report other) {
            Map<String, Integer> sum = new TreeMap<>(counts);
            other.counts().forEach((type, n) -> sum.merge(type, n, Integer::sum));
            return new Report(sum);
        }

        /** All replacements of all types. */
        public int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** {@code EMAIL 2, PHONE 1}, or {@code nothing redacted}. */
        public String describe() {
            if (counts.isEmpty()) return "nothing redacted";
            StringBuilder out = new StringBuilder();
            counts.forEach((type, n) -> out.append(out.length() == 0 ? "" : ", ").append(type).append(' ').append(n));
            return out.toString();
        }
    }

    /** A match before overlaps are settled: {@code key} is the value as numbered (normalised, so spacing differs not). */
    private record Match(int start, int end, String type, String key) {
        int length() {
            return end - start;
        }
    }

    /**
     * {@code text} with every match replaced by its placeholder, numbered by {@code numbering}.
     *
     * @return the redacted text and a finding per replacement, in text order, with offsets into the redacted text
     */
    public Redacted redact(String text, Numbering numbering) {
        List<Match> matches = new ArrayList<>();
        for (Custom c : custom) {
            Matcher m = c.pattern().matcher(text);
            while (m.find()) {
                if (m.end() > m.start()) matches.add(new Match(m.start(), m.end(), c.type(), m.group()));
            }
        }
        if (builtIns) {
            emails(text, matches);
            List<int[]> ibanShaped = new ArrayList<>();
            ibans(text, matches, ibanShaped);
            cards(text, matches, ibanShaped);
            phones(text, matches, ibanShaped);
            ipv4(text, matches);
            ipv6(text, matches);
        }

        // longest first, then earliest; custom patterns were added first, so they win a tie of equal spans
        List<Match> ordered = new ArrayList<>(matches);
        ordered.sort(Comparator.comparingInt(Match::length).reversed().thenComparingInt(Match::start));
        List<Match> chosen = new ArrayList<>();
        for (Match m : ordered) {
            boolean free = true;
            for (Match c : chosen) {
                if (m.start() < c.end() && c.start() < m.end()) {
                    free = false;
                    break;
                }
            }
            if (free) chosen.add(m);
        }
        chosen.sort(Comparator.comparingInt(Match::start));

        StringBuilder out = new StringBuilder(text.length());
        List<Finding> findings = new ArrayList<>();
        int last = 0;
        for (Match m : chosen) {
            // an allowed value stays as written; what it overlapped lost to it, so nothing inside it is replaced
            if (allowed(m, text.substring(m.start(), m.end()))) continue;
            out.append(text, last, m.start());
            String p = numbering.placeholder(m.type(), m.key());
            findings.add(new Finding(m.type(), p, out.length(), out.length() + p.length()));
            out.append(p);
            last = m.end();
        }
        out.append(text, last, text.length());
        return new Redacted(out.toString(), List.copyOf(findings));
    }

    private static void emails(String text, List<Match> out) {
        Matcher m = EMAIL_PATTERN.matcher(text);
        while (m.find()) out.add(new Match(m.start(), m.end(), EMAIL, m.group().toLowerCase(Locale.ROOT)));
    }

    private static void ibans(String text, List<Match> out, List<int[]> shaped) {
        Matcher m = IBAN_CANDIDATE.matcher(text);
        while (m.find()) {
            shaped.add(new int[] {m.start(), m.end()});
            // the spaced form may have run into a following word in capitals: try shorter ends, longest first
            String candidate = m.group();
            for (int end = candidate.length(); end >= 15; end--) {
                if (end < candidate.length() && candidate.charAt(end) != ' ') continue;
                String compact = candidate.substring(0, end).replace(" ", "").toUpperCase(Locale.ROOT);
                if (isIban(compact)) {
                    out.add(new Match(m.start(), m.start() + end, IBAN, compact));
                    break;
                }
            }
        }
    }

    /**
     * True when {@code iban} (no spaces) has a known country's length (any of 15-34 for others) and its check digits
     * hold: moved first four characters to the end, letters as 10-35, the number mod 97 is 1 (ISO 7064 MOD 97-10, as
     * ISO 13616-1 prescribes).
     */
    static boolean isIban(String iban) {
        if (iban.length() < 15 || iban.length() > 34) return false;
        Integer expected = IBAN_LENGTHS.get(iban.substring(0, 2));
        if (expected != null && expected != iban.length()) return false;
        String rearranged = iban.substring(4) + iban.substring(0, 4);
        int mod = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            char c = rearranged.charAt(i);
            if (c >= '0' && c <= '9') mod = (mod * 10 + (c - '0')) % 97;
            else if (c >= 'A' && c <= 'Z') mod = (mod * 100 + (c - 'A' + 10)) % 97;
            else return false;
        }
        return mod == 1;
    }

    private static void cards(String text, List<Match> out, List<int[]> ibanShaped) {
        Matcher m = CARD_CANDIDATE.matcher(text);
        while (m.find()) {
            if (overlaps(ibanShaped, m.start(), m.end())) continue;
            String digits = m.group().replaceAll("[ \\-]", "");
            if (digits.length() < 13 || digits.length() > 19) continue;
            char first = digits.charAt(0);
            if (first < '2' || first > '6') continue; // the major networks: Visa, Mastercard, Amex, Discover, JCB...
            if (luhn(digits)) out.add(new Match(m.start(), m.end(), CARD, digits));
        }
    }

    /**
     * True when the last digit of {@code digits} is the Luhn check digit of the rest (ISO/IEC 7812-1, annex B):
     * from the right, every second digit doubled (9 subtracted above 9), the sum a multiple of 10.
     */
    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (d < 0 || d > 9) return false;
            if (twice) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    private static void phones(String text, List<Match> out, List<int[]> ibanShaped) {
        Matcher m = PHONE_CANDIDATE.matcher(text);
        while (m.find()) {
            boolean international = m.group().startsWith("+") || m.group().startsWith("(");
            if (overlaps(ibanShaped, m.start(), m.end())
                    || !international && after(text, m.start(), REFERENCE_WORDS, WORD_RIGHT_BEFORE)) {
                continue;
            }
            // the run may have taken in a number that follows ("call 020 123 4567 2 times"): drop groups from the end
            String candidate = m.group();
            // the trial: "tel 0612345678" was left in the index
            boolean labelled = after(text, m.start(), PHONE_WORDS, WORD_BEFORE);
            while (!candidate.isEmpty()) {
                candidate = candidate.replaceFirst("[^0-9]+$", "");
                String digits = isPhone(candidate, labelled);
                if (digits != null) {
                    out.add(new Match(m.start(), m.start() + candidate.length(), PHONE, digits));
                    break;
                }
                candidate = candidate.replaceFirst("\\d+$", "");
            }
        }
    }

    /**
     * The digits of {@code candidate} when it reads as a phone number, else null. International: '+', 8-15 digits
     * (ITU-T E.164 allows 15). National: 9-11 digits written with separators, starting with a trunk 0
     * ({@code 020 123 4567}) or in the North American 3-3-4 form; dates, times, versions, years and prices have too
     * few digits, the wrong separators or single-digit groups.
     */
    static String isPhone(String candidate) {
        return isPhone(candidate, false);
    }

    /** As {@link #isPhone(String)}; when {@code labelled} (after "tel", "phone", ...) separators are not needed. */
    static String isPhone(String candidate, boolean labelled) {
        String digits = candidate.replaceAll("\\D", "");
        // "00" is the international prefix written out (0031 6 1234 5678): the same number as +31 6 1234 5678
        if (candidate.startsWith("00") && !candidate.startsWith("000") && digits.length() >= 11 && digits.length() <= 17
                && candidate.indexOf('.') < 0) {
            return isPhone("+" + candidate.substring(2), labelled);
        }
        boolean international = candidate.startsWith("+");
        String[] groups = candidate.replaceFirst("^\\+\\s?", "").replace("(0)", "").split("[^0-9]+");
        // after the country code a one-digit area code is common (+33 1, +31 6); other groups have two digits or more
        for (int i = international ? 2 : 1; i < groups.length; i++) {
            if (groups[i].length() < 2) return null;
        }
        if (international) {
            return digits.length() >= 8 && digits.length() <= 15 ? "+" + digits : null;
        }
        if (digits.length() < 9 || digits.length() > 11) return null;
        boolean separated = candidate.matches(".*[ \\-()].*");
        boolean dotted = candidate.indexOf('.') >= 0;
        if (US_PHONE.matcher(candidate).matches()) return digits;
        if (labelled) return digits; // "mobile 06.12.34.56.78": after a phone word, dots are a phone's too
        if (!separated || dotted) return null;
        return digits.charAt(0) == '0' && candidate.charAt(0) != '(' || candidate.startsWith("(0") ? digits : null;
    }

    private static void ipv4(String text, List<Match> out) {
        Matcher m = IPV4_CANDIDATE.matcher(text);
        while (m.find()) {
            boolean ok = true;
            for (int g = 1; g <= 4; g++) {
                String octet = m.group(g);
                if (Integer.parseInt(octet) > 255 || octet.length() > 1 && octet.charAt(0) == '0') ok = false;
            }
            if (ok && !after(text, m.start(), VERSION_WORDS, WORD_BEFORE)) out.add(new Match(m.start(), m.end(), IP, m.group()));
        }
    }

    private static void ipv6(String text, List<Match> out) {
        Matcher m = IPV6_CANDIDATE.matcher(text);
        while (m.find()) {
            String candidate = m.group();
            int end = m.end();
            while (candidate.endsWith(".")) {
                candidate = candidate.substring(0, candidate.length() - 1);
                end--;
            }
            if (isIpv6(candidate)) out.add(new Match(m.start(), end, IP, candidate.toLowerCase(Locale.ROOT)));
        }
    }

    /**
     * True for an IPv6 address in the text forms of RFC 4291 section 2.2: eight groups of 1-4 hex digits, or fewer
     * around one "::", the last two groups possibly a dotted IPv4 address. Compressed forms need three groups at
     * least, so clock times ({@code 12:30}, {@code 12:30:45}) and MAC addresses never match.
     */
    static boolean isIpv6(String candidate) {
        int gap = candidate.indexOf("::");
        if (gap >= 0 && candidate.indexOf("::", gap + 1) >= 0) return false;
        if (candidate.contains(":::")) return false;
        List<String> groups = new ArrayList<>();
        String[] halves = gap >= 0
                ? new String[] {candidate.substring(0, gap), candidate.substring(gap + 2)}
                : new String[] {candidate};
        for (String half : halves) {
            if (half.isEmpty()) continue;
            for (String g : half.split(":", -1)) groups.add(g);
        }
        int count = 0;
        for (int i = 0; i < groups.size(); i++) {
            String g = groups.get(i);
            if (i == groups.size() - 1 && g.contains(".")) {
                if (!IPV4_CANDIDATE.matcher(g).matches() || !validV4(g)) return false;
                count += 2;
            } else if (HEX_GROUP.matcher(g).matches()) {
                count++;
            } else {
                return false;
            }
        }
        return gap >= 0 ? count >= 3 && count <= 7 : count == 8;
    }

    private static boolean validV4(String dotted) {
        for (String octet : dotted.split("\\.")) {
            if (Integer.parseInt(octet) > 255) return false;
        }
        return true;
    }

    /**
     * Whether the word before {@code start} (past what {@code wordBefore} allows between them, and past one filler such as
     * {@code is} or {@code no.}) is one of {@code words}, ignoring case: the context that says a number is a version or
     * a reference rather than personal data.
     */
    static boolean after(String text, int start, java.util.Set<String> words, Pattern wordBefore) {
        String before = text.substring(Math.max(0, start - 40), start);
        for (int hop = 0; hop < 2; hop++) {
            Matcher w = wordBefore.matcher(before);
            if (!w.find()) return false;
            String word = w.group(1).toLowerCase(Locale.ROOT);
            if (words.contains(word)) return true;
            if (!FILLER_WORDS.contains(word)) return false;
            before = before.substring(0, w.start());
        }
        return false;
    }

    private static boolean overlaps(List<int[]> spans, int start, int end) {
        for (int[] s : spans) {
            if (start < s[1] && s[0] < end) return true;
        }
        return false;
    }

    private static Map<String, Integer> ibanLengths(String table) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String entry : table.split(" ")) out.put(entry.substring(0, 2), Integer.parseInt(entry.substring(2)));
        return Map.copyOf(out);
    }
}
