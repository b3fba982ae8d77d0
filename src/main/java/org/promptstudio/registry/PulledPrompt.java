package org.promptstudio.registry;

import java.util.Map;

/**
 * A published version read from a registry, its checksum verified.
 *
 * @param partials       partial texts by name ({@code rules} for {@code _rules.prompt})
 * @param registryCommit the registry commit it was read from
 */
public record PulledPrompt(RegistryRemote registry, PublishedVersion version, String promptText,
        Map<String, String> partials, String registryCommit) {
}
