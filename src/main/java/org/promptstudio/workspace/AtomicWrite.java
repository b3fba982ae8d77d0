package org.promptstudio.workspace;

import java.nio.file.Path;
import org.promptstudio.model.AtomicFile;

/**
 * Writes a workspace file so that it is either the old text or the new one, never half of it: the text goes to a
 * temporary file beside it, which then replaces the file in one move ({@link AtomicFile}; decision 0027).
 */
public final class AtomicWrite {

    private AtomicWrite() {
    }

    /**
     * Writes {@code text} (UTF-8) to {@code file}; {@code displayName} ({@code prompts/x.prompt}) names it in the error.
     *
     * @throws WorkspaceException when it cannot be written: one line naming the file and why
     *                            ({@code prompts/x.prompt: cannot write: no space left on the device}); the old file is
     *                            then unchanged
     */
    public static void write(Path file, String text, String displayName) {
        write(file, displayName, out -> out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /**
     * Streams {@code content} into {@code file}, all of it or nothing.
     *
     * @throws WorkspaceException as {@link #write(Path, String, String)}
     */
    public static void write(Path file, String displayName, AtomicFile.Content content) {
        try {
            AtomicFile.write(file, displayName, content);
        } catch (AtomicFile.FileWriteException e) {
            throw new WorkspaceException(e.getMessage(), e);
        }
    }
}
