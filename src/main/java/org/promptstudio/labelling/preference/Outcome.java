package org.promptstudio.labelling.preference;

/** How one pairwise comparison ended. A tie counts as half a win for each side. */
public enum Outcome {
    FIRST,
    SECOND,
    TIE
}
