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

    /** {@code version 3 (1a2b3c4)}, or {@code commit 1a2b3c4 (version number unknown: shallow history)}. */
    static String version(PromptVersion v) {
        if (!v.numbered()) return "commit " + v.shortId() + " (version number unknown: shallow history)";
        return "version " + v.number() + " (" + v.shortId() + ")";
    }

    /** The line said wherever versions of a shallow clone are listed (decision 0031). */
    static String shallowNote(String id) {
        return "note: history is shallow (a shallow clone): older versions of " + id + " are not here and version "
                + "numbers are unknown; use commit ids or labels ('git fetch --unshallow' fetches the rest)";
    }
}
