package org.promptstudio.ui.editor;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the editor needs from the workspace, for one file at a time ({@code prompts/answer.prompt}). Every method
 * may be slow (disk, git, the tokenizer): the view model calls them through the task runner only. Errors are
 * thrown as exceptions whose message is one line a user can act on (it names file:line:column where there is one).
 */
public interface EditorBackend {

    /** The file's text as saved on disk. */
    String load(String path);

    /**
     * The preview of {@code text} (unsaved) as if it were the file {@code path}, with {@code input} laid over the
     * example input; values typed into the form arrive as text and are read by the schema's type.
     */
    Preview preview(String path, String text, Map<String, Object> input);

    /** The partial names a template may include ({@code rules} for {@code _rules.prompt}), sorted. */
    List<String> partialNames();

    /** The workspace's dataset names, sorted. */
    List<String> datasets();

    /** The cases of dataset {@code name} that loaded (bad rows left out), in file order. */
    List<DatasetRow> rows(String name);

    /**
     * Writes {@code text} to {@code path} and commits it with {@code message}. When the commit is refused (a key
     * in the text, a template that does not compile) the file is put back as it was and the refusal is thrown.
     *
     * @return one line saying what was saved ({@code saved version 3 (a1b2c3d)} or that nothing changed)
     */
    String save(String path, String text, String message);

    /**
     * Whether the file on disk (or a partial it uses) differs from its last commit, or was never committed: then
     * saving commits it even when the editor holds the same text as the disk (History shows "Unsaved changes").
     * False for a file that is not on disk.
     */
    boolean uncommitted(String path);

    /** The recovery copy of {@code path} left by an editor that did not close cleanly, if any. */
    Optional<String> recovery(String path);

    /** Keeps {@code text} as {@code path}'s recovery copy, replacing the previous one. */
    void writeRecovery(String path, String text);

    /** Deletes {@code path}'s recovery copy; nothing happens when there is none. */
    void deleteRecovery(String path);
}
