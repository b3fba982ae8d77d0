package org.promptstudio.registry;

import java.util.regex.Pattern;

/**
 * Where things live in a registry repository: {@code index.json} at the root, and each published version's files
 * under {@code prompts/<name>/<version>/}: {@code <name>.prompt} and its partials {@code _<partial>.prompt}.
 */
final class RegistryLayout {

    static final String INDEX = "index.json";
    static final String README = "README.md";
    /** Where a version came from (local version, commit, author, workspace), beside its files; not checksummed. */
    static final String PROVENANCE = "provenance.json";
    static final String EXTENSION = ".prompt";

    /** Prompt ids as the workspace names them: {@code answer}, {@code answer.formal}. */
    static final Pattern PROMPT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9][A-Za-z0-9_-]*)?");
    static final Pattern PARTIAL_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private RegistryLayout() {
    }

    static String versionFolder(String name, int version) {
        return "prompts/" + name + "/" + version;
    }

    static String promptFile(String name) {
        return name + EXTENSION;
    }

    static String partialFile(String partial) {
        return "_" + partial + EXTENSION;
    }

    /** The partial's name for a file name {@code _rules.prompt}, or null when the name is not a partial's. */
    static String partialName(String fileName) {
        if (!fileName.startsWith("_") || !fileName.endsWith(EXTENSION)) return null;
        String name = fileName.substring(1, fileName.length() - EXTENSION.length());
        return PARTIAL_NAME.matcher(name).matches() ? name : null;
    }

    static final String README_TEXT = """
            # Prompt registry

            Prompts published with Prompt Studio (`studio publish`). `index.json` lists every prompt and every
            published version; the files of a version are under `prompts/<name>/<version>/`, with
            `provenance.json` saying where it came from. The registry numbers each prompt's versions 1, 2, 3 ...
            in the order they were published, whoever published them. Versions are never changed once published:
            `studio registry pull NAME@VERSION` checks each against its checksum.
            """;
}
