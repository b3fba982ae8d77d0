package org.promptstudio.model;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

    /** A {@code user:password@} (or {@code :password@}) before the host. */
    private static final Pattern USER_PASSWORD = Pattern.compile("//[^/@?;]*:[^/@?;]*@");
    /** A parameter's name: after {@code ?}, {@code &} (PostgreSQL) or {@code ;} (H2), up to its {@code =}. */
    private static final Pattern PARAMETER = Pattern.compile("[?&;]\\s*([^=&;?]+?)\\s*=");
    /**
     * Words that make a parameter a secret: PostgreSQL's {@code password} and {@code sslpassword} (an SSL key's
     * passphrase), H2's {@code PASSWORD} and any other password, passphrase, secret, token or key of an API.
     */
    private static final List<String> SECRET_WORDS = List.of("password", "passwd", "pwd", "passphrase", "secret",
            "token", "apikey", "api_key", "api-key", "credential");

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
        String secret = secret(u);
        if (secret != null) {
            // names the part, never its value: the message goes to the terminal and the log
            return "database.url must not hold a password or other secret (" + secret + "; studio.yaml is"
                    + " committed): give the database password as " + PASSWORD_VARIABLE + " in the environment or the"
                    + " credentials store (studio credentials set " + PASSWORD_VARIABLE + "), the user as "
                    + USER_VARIABLE + " or user= in the URL" + (secret.startsWith("the sslpassword") ? "; a client key"
                    + " with a passphrase is not supported: name an owner-only key file without one (sslkey=PATH)"
                    : "");
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

    /**
     * The first secret {@code url} holds, named without its value ({@code the password in user:password@},
     * {@code the sslpassword= parameter}), or null when it holds none.
     */
    static String secret(String url) {
        if (USER_PASSWORD.matcher(url).find()) return "the password in user:password@";
        java.util.regex.Matcher m = PARAMETER.matcher(url);
        while (m.find()) {
            String name = m.group(1);
            try {
                name = URLDecoder.decode(name, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                // a broken %-escape: the name as written
            }
            String lower = name.strip().toLowerCase(Locale.ROOT);
            if (lower.endsWith("callback")) continue; // sslpasswordcallback names a class, not a secret
            for (String word : SECRET_WORDS) {
                if (lower.contains(word)) return "the " + shownName(name.strip()) + "= parameter";
            }
        }
        return null;
    }

    /** A parameter's name as a message shows it: letters, digits and {@code _ - .} only, at most 40 of them. */
    private static String shownName(String name) {
        String clean = name.replaceAll("[^A-Za-z0-9_.-]", "");
        return clean.length() > 40 ? clean.substring(0, 40) : clean;
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
        u = u.replaceAll("//[^/@?;]*@", "//");
        // an H2 URL keeps its settings (;MODE=...), but never the value of a secret one
        StringBuilder out = new StringBuilder();
        java.util.regex.Matcher m = Pattern.compile("([;?&]\\s*)([^=;?&]+?)(\\s*=)([^;&]*)").matcher(u);
        while (m.find()) {
            String lower = m.group(2).strip().toLowerCase(Locale.ROOT);
            boolean secret = SECRET_WORDS.stream().anyMatch(lower::contains);
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(m.group(1) + m.group(2) + m.group(3)
                    + (secret ? "***" : m.group(4))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
