package org.promptstudio.workspace;

/**
 * A shared prompt registry: a git remote the team publishes prompts to, known in the workspace by its name.
 *
 * @param branch the branch to publish to and read from; null for the branch the remote's HEAD names (decision 0015)
 */
public record RegistryConfig(String name, String url, String branch) {

    public RegistryConfig(String name, String url) {
        this(name, url, null);
    }
}
