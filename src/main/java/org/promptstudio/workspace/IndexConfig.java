package org.promptstudio.workspace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The {@code index:} section of {@code studio.yaml}: which folders hold the documents, how they are chunked, what is
 * redacted before indexing, and whether chunks flagged as prompt injection are left out of retrieval. A part left out
 * takes its default; {@link StudioConfigReader} checks the values.
 *
 * <pre>
 * index:
 *   folders: [docs, handbook]          # workspace-relative; default [docs]
 *   chunking: { maxTokens: 100, overlap: 15 }
 *   redact: { pii: true, patterns: [ { type: EMPLOYEE_ID, regex: "EMP-\\d{6}" } ] }   # pii default false
 *   # values kept as they are: exact (e-mails ignoring case), or { regex: ... } matching the whole value
 *   redact: { pii: true, allow: [ support@example.com, { regex: ".*@example\\.com" } ] }
 *   injection: { exclude: true }       # default true
 * </pre>
 *
 * @param folders   workspace-relative folders to index, {@code /} separated
 * @param chunking  the token budget of a chunk and the overlap of a split block, in tokens (cl100k_base)
 * @param redact    whether personal data is redacted, and the user's own patterns
 * @param injection whether flagged chunks are excluded from retrieval
 */
public record IndexConfig(List<String> folders, Chunking chunking, Redact redact, Injection injection) {

    /** The folder indexed when {@code folders} is not given. */
    public static final String DEFAULT_FOLDER = "docs";

    /** Every part at its default. */
    public static final IndexConfig DEFAULT = new IndexConfig(null, null, null, null);

    public IndexConfig {
        folders = folders == null ? List.of(DEFAULT_FOLDER) : Collections.unmodifiableList(new ArrayList<>(folders));
        chunking = chunking != null ? chunking : new Chunking(null, null);
        redact = redact != null ? redact : new Redact(null, null, null);
        injection = injection != null ? injection : new Injection(null);
    }

    /**
     * The chunk budget.
     *
     * @param maxTokens the most tokens in a chunk; default 100 (MiniLM embeds only about the first 120), 16 to 2000
     * @param overlap   tokens a piece of a split block repeats from the one before; default 15, below maxTokens
     */
    public record Chunking(Integer maxTokens, Integer overlap) {
        public static final int DEFAULT_MAX_TOKENS = 100;
        public static final int DEFAULT_OVERLAP = 15;
        /** The smallest budget accepted. */
        public static final int MIN_MAX_TOKENS = 16;
        /** The largest budget accepted (the index's ChunkingSettings.MAX_MAX_TOKENS). */
        public static final int MAX_MAX_TOKENS = 2000;
        /** About the most tokens of a chunk MiniLM embeds (the index's ChunkingSettings.EMBEDDED_TOKENS). */
        public static final int EMBEDDED_TOKENS = 120;

        public Chunking {
            maxTokens = maxTokens != null ? maxTokens : DEFAULT_MAX_TOKENS;
            overlap = overlap != null ? overlap : DEFAULT_OVERLAP;
        }
    }

    /**
     * What is redacted before indexing.
     *
     * @param pii      e-mail addresses, phone numbers, card numbers, IBANs, IP addresses; default false
     * @param patterns the user's patterns, each a placeholder type and a Java regular expression; default none
     * @param allow    values never redacted (the workspace's own public addresses), each an exact value or a regular
     *                 expression the whole value must match; default none
     */
    public record Redact(Boolean pii, List<Pattern> patterns, List<Allowed> allow) {
        public Redact {
            pii = pii != null && pii;
            // null entries are kept so the reader can name their place
            patterns = patterns == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(patterns));
            allow = allow == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(allow));
        }

        /** PII on or off and the user's patterns, nothing allowed. */
        public Redact(Boolean pii, List<Pattern> patterns) {
            this(pii, patterns, null);
        }

        /** Whether anything is redacted at all: PII on, or a pattern of the user's. */
        public boolean any() {
            return pii || !patterns.isEmpty();
        }
    }

    /**
     * A value the redaction keeps: in studio.yaml a plain string ({@code support@example.com}) is an exact value,
     * compared as the detector reads it (e-mail addresses ignoring case, phone, card and IBAN numbers ignoring
     * spaces and dashes); {@code { regex: "..." }} is a Java regular expression the whole value must match.
     *
     * @param value the exact value; null for a regex entry
     * @param regex the regular expression; null for an exact value
     */
    public record Allowed(String value, String regex) {

        /** An exact value, as a plain string in the list. */
        public Allowed(String value) {
            this(value, null);
        }
    }

    /** A pattern of the user's: {@code type} names the placeholder ({@code [EMPLOYEE_ID_1]}), {@code regex} matches. */
    public record Pattern(String type, String regex) {
    }

    /** @param exclude whether chunks flagged as prompt injection are left out of retrieval; default true */
    public record Injection(Boolean exclude) {
        public Injection {
            exclude = exclude == null || exclude;
        }
    }
}
