package org.promptstudio.cli;

import picocli.CommandLine.Option;

/**
 * {@code --registry NAME|URL}, which {@code studio publish}, {@code studio registry list} and {@code studio registry
 * pull} share through {@code @Mixin}: the registry to use.
 */
final class RegistryOption {

    /** A registry's name in studio.yaml, or a git URL or path; null means the only one configured. */
    @Option(names = "--registry", paramLabel = "NAME|URL",
            description = "A registry named in studio.yaml, or a git URL or path (default: the only one configured).")
    String registry;
}
