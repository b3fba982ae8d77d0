package org.promptstudio.ui.shell;

import java.nio.file.Path;
import org.promptstudio.template.PromptRef;

/**
 * What a tab shows: a prompt (with its ref) or any other workspace file.
 *
 * @param path   from the workspace root, with forward slashes ({@code prompts/answer.prompt}); the tab's key
 * @param file   the absolute path
 * @param prompt the prompt, or null for a plain file (dataset, experiment, doc, partial)
 */
public record OpenDocument(String path, Path file, PromptRef prompt) {

    /** The file's name ({@code answer.prompt}), what the tab is titled with. */
    public String name() {
        return file.getFileName().toString();
    }

    public boolean isPrompt() {
        return prompt != null;
    }
}
