package org.promptstudio.registry;

/**
 * What a publish did.
 *
 * @param published      false when the same version with the same checksum was there already (nothing pushed)
 * @param version        the index entry
 * @param registryCommit the registry commit that holds it (the new one, or the tip that had it already)
 * @param attempts       how many pushes it took (more than 1 when someone else published at the same time)
 */
public record PublishResult(boolean published, PublishedVersion version, String registryCommit, int attempts) {
}
