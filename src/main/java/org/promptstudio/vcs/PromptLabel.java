package org.promptstudio.vcs;

/** A label of a prompt and the version it points at. */
public record PromptLabel(String name, PromptVersion version) {
}
