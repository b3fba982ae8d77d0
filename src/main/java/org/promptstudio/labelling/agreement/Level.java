package org.promptstudio.labelling.agreement;

/**
 * The level of measurement of the values being compared, which fixes how far apart two different values are in
 * Krippendorff's alpha (K. Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011, section E): nominal
 * values are equal or not; ordinal values are ranked, and two are as far apart as the values coded between them;
 * interval values differ by their difference; ratio values by their difference relative to their sum.
 */
public enum Level {
    NOMINAL("nominal"),
    ORDINAL("ordinal"),
    INTERVAL("interval"),
    RATIO("ratio");

    private final String id;

    Level(String id) {
        this.id = id;
    }

    /** The lower-case word reports print: {@code nominal}, {@code ordinal}, {@code interval}, {@code ratio}. */
    public String id() {
        return id;
    }
}
