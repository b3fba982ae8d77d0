package org.promptstudio.template;

import org.promptstudio.model.StudioException;

/** A template that cannot be parsed, rendered or given its input; the message names file:line:column. */
public class TemplateException extends StudioException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String reason;

    public TemplateException(String source, int line, int column, String reason, Throwable cause) {
        super(place(source, line, column) + reason, cause);
        this.reason = reason;
        this.source = source;
        this.line = line;
        this.column = column;
    }

    public TemplateException(String source, int line, int column, String reason) {
        this(source, line, column, reason, null);
    }

    private static String place(String source, int line, int column) {
        StringBuilder sb = new StringBuilder(source == null ? "<template>" : source);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) sb.append(':').append(column);
        }
        return sb.append(": ").toString();
    }

    public String source() {
        return source;
    }

    /** 1-based line in the file, or 0 when the error has no single place. */
    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** What is wrong, without the place ({@code unclosed {{#if}}}). */
    public String reason() {
        return reason;
    }
}
