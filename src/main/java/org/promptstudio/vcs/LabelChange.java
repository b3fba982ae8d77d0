package org.promptstudio.vcs;

/**
 * A label set on a version.
 *
 * @param previous the version the label pointed at before, or null when it is new
 */
public record LabelChange(String label, PromptVersion version, PromptVersion previous) {

    /** Whether the label existed and now points elsewhere. */
    public boolean moved() {
        return previous != null && !previous.commitId().equals(version.commitId());
    }
}
