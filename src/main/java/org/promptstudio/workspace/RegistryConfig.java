package org.promptstudio.workspace;

/** A shared prompt registry: a git remote the team publishes prompts to, known in the workspace by its name. */
public record RegistryConfig(String name, String url) {
}
