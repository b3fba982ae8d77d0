package org.promptstudio.model;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules for {@code database.url} in studio.yaml (docs/decisions/0146-team-mode-on-postgresql.md): an H2 URL
 * ({@code jdbc:h2:}) or a PostgreSQL one ({@code jdbc:postgresql://host[:port]/database}), never with a password in it,
 * since studio.yaml is committed; the password comes from {@value #PASSWORD_VARIABLE} (or the user's credentials
 * file), the user from {@value #USER_VARIABLE} or the URL's {@code user=}.
 */
public final class DatabaseUrl {

    /** Where team mode's database user comes from: the environment, else the user's credentials file. */
    public static final String USER_VARIABLE = "STUDIO_DB_USER";
    /** Where team mode's database password comes from: the environment, else the user's credentials file. */
    public static final String PASSWORD_VARIABLE = "STUDIO_DB_PASSWORD";

    /** A password parameter ({@code ?password=}, {@code &password=}, {@code ;PASSWORD=}) or {@code user:pass@} in the URL. */
    private static final Pattern PASSWORD = Pattern.compile("[?&;]password\\s*=|//[^/@?]*:[^/@?]*@",
            Pattern.CASE_INSENSITIVE);

    private DatabaseUrl() {
    }

    /** Whether {@code url} names a PostgreSQL server. */
    public static boolean isPostgres(String url) {
        return url != null && url.strip().toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:");
    }

    /**
     * What is wrong with {@code url} as {@code database.url}, in one line that never repeats a password; null when
     * it is fine (an H2 or a PostgreSQL URL without a password).
     */
    public static String problem(String url) {
        if (url == null || url.isBlank()) return null;
        String u = url.strip();
        if (PASSWORD.matcher(u).find()) {
            return "database.url must not hold a password (studio.yaml is committed): set " + PASSWORD_VARIABLE
                    + " in the environment or the credentials file (studio credentials set " + PASSWORD_VARIABLE
                    + ")";
        }
        String lower = u.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:postgresql:")) {
            return "database.url " + shown(u) + ": only jdbc:h2: and jdbc:postgresql:// URLs are supported";
        }
        if (lower.startsWith("jdbc:postgresql:") && !lower.startsWith("jdbc:postgresql://")) {
            return "database.url " + shown(u) + ": write the server as jdbc:postgresql://HOST[:PORT]/DATABASE";
        }
        return null;
    }

    /** {@code url} as messages show it: without its parameters (after {@code ?} or {@code ;}), which may hold keys. */
    public static String shown(String url) {
        if (url == null) return null;
        String u = url.strip();
        int cut = u.length();
        for (char c : new char[] {'?', ';'}) {
            int i = u.indexOf(c);
            if (i >= 0 && i < cut && !u.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")) cut = i;
        }
        u = u.substring(0, cut);
        return u.replaceAll("//[^/@?]*@", "//");
    }
}
