package org.promptstudio.registry;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One version of a prompt to publish, described completely by the caller (the registry resolves nothing in the
 * workspace).
 *
 * @param name         the prompt id ({@code answer}, {@code answer.formal})
 * @param localVersion its version number in the workspace it comes from (provenance only: the registry assigns its
 *                     own number when it publishes, decision 0015)
 * @param sourceCommit the workspace commit that version is
 * @param labels       the version's labels when published ({@code prod}), possibly empty
 * @param description  from the front matter, or null
 * @param model        from the front matter, or null
 * @param inputSchema  the input schema as JSON Schema, or null
 * @param author       who wrote that version ({@code Ada Lovelace <ada@example.org>})
 * @param date         when that version was saved
 * @param promptText   the {@code .prompt} file's text at that version
 * @param partials     the partials it uses, by name ({@code rules} for {@code _rules.prompt}), at that version
 * @param workspace    the workspace it comes from (its name in studio.yaml), or null
 */
public record PublishRequest(String name, int localVersion, String sourceCommit, List<String> labels, String description,
        String model, Map<String, Object> inputSchema, String author, Instant date, String promptText,
        Map<String, String> partials, String workspace) {

    /** A request without a workspace name. */
    public PublishRequest(String name, int localVersion, String sourceCommit, List<String> labels, String description,
                          String model, Map<String, Object> inputSchema, String author, Instant date, String promptText,
                          Map<String, String> partials) {
        this(name, localVersion, sourceCommit, labels, description, model, inputSchema, author, date, promptText,
                partials, null);
    }

    public PublishRequest {
        if (name == null || !RegistryLayout.PROMPT_NAME.matcher(name).matches()) {
            throw new RegistryException("cannot publish '" + name + "': a prompt name is letters, digits, '-' and '_'"
                    + " (with one '.' before a variant)");
        }
        if (localVersion < 1) {
            throw new RegistryException("cannot publish " + name + " version " + localVersion + ": versions start at 1");
        }
        if (promptText == null) throw new RegistryException("cannot publish " + name + " version " + localVersion + ": no text");
        labels = labels == null ? List.of() : List.copyOf(labels);
        inputSchema = inputSchema == null ? null : Collections.unmodifiableMap(inputSchema);
        partials = partials == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(partials));
        for (String partial : partials.keySet()) {
            if (!RegistryLayout.PARTIAL_NAME.matcher(partial).matches()) {
                throw new RegistryException("cannot publish " + name + " version " + localVersion + ": bad partial name '"
                        + partial + "'");
            }
        }
    }

    /** The checksum this version will have in the registry. */
    public String checksum() {
        return Checksums.of(RegistryLayout.promptFile(name), promptText, partials);
    }
}
