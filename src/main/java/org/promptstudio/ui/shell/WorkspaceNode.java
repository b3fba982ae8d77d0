package org.promptstudio.ui.shell;

import java.nio.file.Path;
import java.util.List;
import org.promptstudio.template.PromptRef;

/**
 * One entry of the workspace tree.
 *
 * @param kind     what it is, which decides its icon and what selecting it shows
 * @param label    what the tree shows
 * @param tag      a short mark after the label ({@code partial}, {@code variant}, a count), or empty
 * @param prompt   the prompt, for {@link Kind#PROMPT} and {@link Kind#VARIANT}; otherwise null
 * @param file     the file or folder on disk; null for a prompt name that has only variants
 * @param path     the path as the user sees it, from the workspace root ({@code docs/refunds.md})
 * @param children nested entries, in display order
 */
public record WorkspaceNode(Kind kind, String label, String tag, PromptRef prompt, Path file, String path,
                            List<WorkspaceNode> children, String problem) {

    public enum Kind { GROUP, PROMPT, VARIANT, PARTIAL, FOLDER, FILE }

    public WorkspaceNode {
        tag = tag == null ? "" : tag;
        children = List.copyOf(children);
        problem = problem == null ? "" : problem;
    }

    /** A node that reads (no problem). */
    public WorkspaceNode(Kind kind, String label, String tag, PromptRef prompt, Path file, String path,
                         List<WorkspaceNode> children) {
        this(kind, label, tag, prompt, file, path, children, "");
    }

    /** True when the file cannot be used as it is: {@link #problem()} says why, naming the place. */
    public boolean hasProblem() {
        return !problem.isEmpty();
    }

    /** True when selecting it shows a prompt's source and preview. */
    public boolean isPrompt() {
        return prompt != null;
    }

    /** True when selecting it shows a file's text. */
    public boolean isFile() {
        return kind == Kind.FILE || kind == Kind.PARTIAL;
    }
}
