package org.promptstudio.vcs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A prompt's closure at one version: the prompt file and every partial it uses, directly or through other partials
 * (decision 0014).
 *
 * @param path    the prompt's path at that version
 * @param version the version, or null for the files on disk
 * @param files   texts by workspace path, the prompt first, then the partials by path
 */
public record VersionFiles(String path, PromptVersion version, Map<String, String> files) {

    public VersionFiles {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    /** The prompt's own text. */
    public String prompt() {
        return files.get(path);
    }

    /** The partials, by path, without the prompt. */
    public Map<String, String> partials() {
        Map<String, String> out = new LinkedHashMap<>(files);
        out.remove(path);
        return Collections.unmodifiableMap(out);
    }
}
