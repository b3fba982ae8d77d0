package org.promptstudio.workspace;

/** Something wrong in a dataset file, at a line (1-based; 0 when it concerns the whole file). */
public record DatasetProblem(String file, int line, String reason) {

    /** {@code datasets/tickets.jsonl:17: bad JSON at column 3: ...}, the form the user sees. */
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + reason;
    }
}
