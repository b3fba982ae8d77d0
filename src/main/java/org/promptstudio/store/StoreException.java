package org.promptstudio.store;

import org.promptstudio.model.ErrorText;
import java.sql.SQLException;
import org.promptstudio.model.StudioException;

/** The database could not be opened, read or written; the message says which and why, in one line. */
public class StoreException extends StudioException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code what} (e.g. "cannot record the call") followed by the driver's reason, without the SQL it quotes. */
    static StoreException of(String what, SQLException e) {
        return new StoreException(what + ": " + reason(e), e);
    }

    /**
     * The first line of a driver message, without the statement H2 appends ({@code ; SQL statement: ...}) or its
     * error code suffix ({@code [23502-252]}).
     */
    static String reason(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) return ErrorText.reason(e);
        int sql = m.indexOf("; SQL statement:");
        if (sql >= 0) m = m.substring(0, sql);
        int nl = m.indexOf('\n');
        if (nl >= 0) m = m.substring(0, nl);
        m = m.replaceFirst("\\s*\\[\\d+-\\d+]\\s*$", "").strip();
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
