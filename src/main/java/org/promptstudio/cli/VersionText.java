package org.promptstudio.cli;

import java.time.format.DateTimeFormatter;
import org.promptstudio.vcs.PromptVersion;

/** How the version commands name prompts and versions in what they print. */
final class VersionText {

    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private VersionText() {
    }

    /** {@code prompts/answer.formal.prompt} → {@code answer.formal}. */
    static String id(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.endsWith(".prompt") ? name.substring(0, name.length() - ".prompt".length()) : name;
    }

    /** {@code version 3 (1a2b3c4)} */
    static String version(PromptVersion v) {
        return "version " + v.number() + " (" + v.shortId() + ")";
    }
}
