package org.promptstudio.labelling.agreement;

/** Which agreement coefficient a {@link Coefficient} holds. */
public enum Measure {
    COHEN_KAPPA("Cohen's kappa"),
    FLEISS_KAPPA("Fleiss' kappa"),
    KRIPPENDORFF_ALPHA("Krippendorff's alpha");

    private final String title;

    Measure(String title) {
        this.title = title;
    }

    /** The name reports print, e.g. {@code Cohen's kappa}. */
    public String title() {
        return title;
    }
}
