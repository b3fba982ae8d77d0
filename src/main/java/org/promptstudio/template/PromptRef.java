package org.promptstudio.template;

import java.nio.file.Path;

/**
 * One prompt file of a workspace: {@code answer.prompt} is prompt {@code answer}, {@code answer.formal.prompt} its
 * variant {@code formal}. {@code id} is how commands name it: {@code answer} or {@code answer.formal}.
 */
public record PromptRef(String name, String variant, Path file, String relativePath) {

    public String id() {
        return variant == null ? name : name + "." + variant;
    }
}
