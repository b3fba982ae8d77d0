package org.promptstudio.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One entry of a registry's index: a published version of a prompt and where it came from.
 *
 * @param version      the registry's number for it: 1, 2, 3 ... per prompt in the order published (decision 0015)
 * @param sourceCommit the workspace commit it was published from (provenance)
 * @param author       who wrote that version in the workspace
 * @param date         when that version was saved in the workspace
 * @param files        the version's checksummed files, relative to the registry's root, the prompt file first
 * @param localVersion its version number in the workspace it came from, or null (published before numbers were kept)
 * @param workspace    the workspace it came from, or null
 */
public record PublishedVersion(String name, int version, String sourceCommit, List<String> labels,
        String description, String model, Map<String, Object> inputSchema, String author, Instant date,
        String checksum, List<String> files, Integer localVersion, String workspace) {

    public PublishedVersion {
        labels = labels == null ? List.of() : List.copyOf(labels);
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** An entry without provenance beyond the source commit. */
    public PublishedVersion(String name, int version, String sourceCommit, List<String> labels, String description,
                            String model, Map<String, Object> inputSchema, String author, Instant date, String checksum,
                            List<String> files) {
        this(name, version, sourceCommit, labels, description, model, inputSchema, author, date, checksum, files, null,
                null);
    }

    /** {@code answer@3}. */
    public String id() {
        return name + "@" + version;
    }
}
