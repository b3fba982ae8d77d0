package org.promptstudio.workspace;

/**
 * Something wrong in a dataset file, at a line (1-based; 0 when it concerns the whole file) and, where one is known,
 * a column (1-based, in characters; 0 when not).
 */
public record DatasetProblem(String file, int line, int column, String reason) {

    /** A problem of a whole line (or, with line 0, of the whole file). */
    public DatasetProblem(String file, int line, String reason) {
        this(file, line, 0, reason);
    }

    /** {@code datasets/tickets.jsonl:17:9: NaN is not a JSON number; ...}, the form the user sees. */
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": " + reason;
    }
}
