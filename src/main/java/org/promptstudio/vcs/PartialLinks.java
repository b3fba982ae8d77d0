package org.promptstudio.vcs;

import java.util.Collection;
import java.util.List;

/**
 * Which partial files a prompt or partial uses directly, read from its text. The template format is not this
 * package's business, so the caller says how to find them (decision 0014). A prompt's version covers the prompt and
 * every partial it uses, directly or through other partials: its closure.
 */
@FunctionalInterface
public interface PartialLinks {

    /**
     * The partials {@code text} uses directly.
     *
     * @param path the file's workspace-relative path ({@code prompts/answer.prompt}), for resolving names beside it
     * @param text the file's text (possibly an old version)
     * @return workspace-relative paths ({@code prompts/_rules.prompt}); a path that does not exist is left out later
     */
    Collection<String> used(String path, String text);

    /** No partials at all: a prompt's versions are those of its own file. */
    static PartialLinks none() {
        return (path, text) -> List.of();
    }
}
