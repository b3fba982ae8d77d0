package org.promptstudio.monitor;

/**
 * One side of an A/B view: a prompt {@code version} (number, label or commit of the request's prompt) and/or a
 * {@code model} id; null leaves that filter as the base request has it.
 */
public record AbSide(String version, String model) {

    public AbSide {
        if (version == null && model == null) throw new IllegalArgumentException("a side needs a version or a model");
    }

    /** How the side is shown: {@code v3}, {@code gpt-4o}, {@code v3 on gpt-4o}. */
    public String name() {
        if (version == null) return model;
        return model == null ? version : version + " on " + model;
    }
}
