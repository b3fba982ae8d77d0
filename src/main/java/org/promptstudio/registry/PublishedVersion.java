package org.promptstudio.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One entry of a registry's index: a published version of a prompt and where it came from.
 *
 * @param files the version's files, relative to the registry's root, the prompt file first
 */
public record PublishedVersion(String name, int version, String sourceCommit, List<String> labels,
        String description, String model, Map<String, Object> inputSchema, String author, Instant date,
        String checksum, List<String> files) {

    public PublishedVersion {
        labels = labels == null ? List.of() : List.copyOf(labels);
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** {@code answer@3}. */
    public String id() {
        return name + "@" + version;
    }
}
