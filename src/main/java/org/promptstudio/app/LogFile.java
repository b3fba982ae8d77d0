package org.promptstudio.app;

import java.nio.file.Path;

/**
 * Where the studio writes its log with the details of failures (stack traces), for both faces: the
 * {@code studio.log.file} system property when set (the build points tests at {@code target/}), else
 * {@code studio.log} in the user's cache folder ({@link org.promptstudio.model.UserFolders#cache()}:
 * {@code $XDG_CACHE_HOME/prompt-studio}, else {@code $HOME/.cache/prompt-studio}).
 * {@link LogConfiguration} writes to the same path; {@link #install()} sets it before the first
 * logger exists so both always agree. Nothing secret is logged (keys never reach a log message).
 */
public final class LogFile {

    /** The system property that names the log file. */
    public static final String PROPERTY = "studio.log.file";
    /** A logger whose events go to the log file only, never to the terminal (see {@link LogConfiguration}). */
    public static final String DETAILS_LOGGER = "studio.details";

    private LogFile() {
    }

    /** The log file's path (it may not exist yet). */
    public static Path path() {
        String set = System.getProperty(PROPERTY);
        if (set != null && !set.isBlank()) return Path.of(set);
        return org.promptstudio.model.UserFolders.current().cache().resolve("studio.log");
    }

    /** Sets {@link #PROPERTY} to {@link #path()} unless set; call before any logger is made. */
    public static void install() {
        if (System.getProperty(PROPERTY) == null) System.setProperty(PROPERTY, path().toString());
    }
}
